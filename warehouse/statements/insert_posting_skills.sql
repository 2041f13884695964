-- A mention repeated at the same offset is one fact.
INSERT INTO posting_skills (
    posting_key, skill_id, start_char, end_char, matched_text, section, pipeline_version,
    label, requirement, extractor, sentence_start, sentence_end
)
SELECT DISTINCT ON (posting_key, skill_id, start_char)
    posting_key, skill_id, start_char, end_char, matched_text, section, pipeline_version,
    label, requirement, extractor, sentence_start, sentence_end
FROM incoming_skill_facts
ORDER BY posting_key, skill_id, start_char;
