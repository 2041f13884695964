"""The extract pipeline end to end: built from config in one call, run over Posting objects."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import Posting, SkillMention
from nlp.extensions import OFFSETS_ATTR, span_offsets
from nlp.pipeline import (
    DEFAULT_CONFIG_PATH,
    PIPELINE_VERSION,
    _make_doc,
    extract_postings,
    extracted_fields,
    load_pipeline,
)
from nlp.taxonomy import TAXONOMY_VERSION

ADVERT = """About us
We were founded 30 years ago and run 40 stores.
Responsibilities
- Lead a team of 12 engineers across AWS and Microsoft Azure.
- Own budget management and vendor management for the function.
Requirements
- 7+ years of experience in senior IT roles.
- At least 3 years' experience with Kubernetes.
- Excellent communication skills.
Nice to have
- ITIL 4 Foundation or PRINCE2.
Benefits
- 25 days' holiday."""


def posting(source_id: str, title: str, description: str) -> Posting:
    return Posting(source="sample-jsonld", source_id=source_id,
                   url=f"http://127.0.0.1/jobs/{source_id}",
                   scraped_at=datetime(2026, 11, 1, tzinfo=UTC),
                   title=title, description=description)


def test_pipeline_loads_from_its_config_in_one_call() -> None:
    nlp = load_pipeline()
    assert isinstance(nlp, Language)
    assert nlp.pipe_names == ["leadtrends_sections", "leadtrends_skills",
                              "leadtrends_hybrid_skills", "leadtrends_experience",
                              "leadtrends_title", "leadtrends_occupation",
                              "leadtrends_experience_paths", "leadtrends_education",
                              "leadtrends_requirements", "leadtrends_scope"]
    assert load_pipeline(DEFAULT_CONFIG_PATH) is nlp  # cached per process and config


def test_extract_fills_role_experience_and_skills_with_sections() -> None:
    [result] = extract_postings([posting("1", "Head of IT", ADVERT)])
    assert (result.role_family, result.seniority) == ("technology_management", "director")
    # one route asking for 7 years overall and 3 with Kubernetes: the bar is 7
    assert result.min_years_experience == 7.0
    assert [(e.years, e.text) for e in result.experience] == [(7.0, "7+ years"),
                                                             (3.0, "3 years")]
    assert result.pipeline_version == PIPELINE_VERSION
    assert TAXONOMY_VERSION in PIPELINE_VERSION
    mentions = [(m.skill_id, m.text, m.section) for m in result.skills]
    assert mentions == [
        ("amazon-web-services", "AWS", "responsibilities"),
        ("microsoft-azure", "Microsoft Azure", "responsibilities"),
        ("budget-management", "budget management", "responsibilities"),
        ("vendor-management", "vendor management", "responsibilities"),
        ("kubernetes", "Kubernetes", "requirements"),
        ("communication-skills", "communication skills", "requirements"),
        ("itil-4-foundation", "ITIL 4 Foundation", "nice_to_have"),
        ("prince2", "PRINCE2", "nice_to_have"),
    ]
    for mention in result.skills:
        assert ADVERT[mention.start_char:mention.end_char] == mention.text


def test_extract_keeps_order_and_source_fields_and_leaves_the_input_untouched() -> None:
    originals = [posting("a", "Software Engineer", "Python and SQL daily."),
                 posting("b", "Marketing Manager", "Run campaigns; 2+ years experience."),
                 posting("c", "NOC Manager", "Keep the NOC running. Cisco, SD-WAN.")]
    results = list(extract_postings(iter(originals), batch_size=2))
    assert [r.key for r in results] == ["sample-jsonld:a", "sample-jsonld:b", "sample-jsonld:c"]
    assert [(r.role_family, r.seniority) for r in results] == [
        ("individual_contributor", "individual"), ("other_management", "manager"),
        ("technical_operations_management", "manager")]
    assert [r.min_years_experience for r in results] == [None, 2.0, None]
    assert [m.skill_id for m in results[2].skills] == ["cisco", "sd-wan"]
    # each mention carries its provenance: layer, extractor and the sentence it sits in
    provenance = {"section": None, "label": "KNOWLEDGE", "requirement": None,
                  "extractor": "taxonomy", "sentence_start": 0, "sentence_end": 21}
    assert results[0].skills == [SkillMention(skill_id="python", text="Python", start_char=0,
                                              end_char=6, **provenance),
                                 SkillMention(skill_id="sql", text="SQL", start_char=11,
                                              end_char=14, **provenance)]
    assert results[1].url == originals[1].url and results[1].title == "Marketing Manager"
    assert originals[0].skills == [] and originals[0].pipeline_version is None


def test_extracted_postings_round_trip_through_json() -> None:
    [result] = extract_postings([posting("1", "CTO", ADVERT)])
    assert Posting.model_validate(json.loads(result.model_dump_json())) == result


def test_config_can_point_the_skill_matcher_at_another_taxonomy(tmp_path: Path) -> None:
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(json.dumps([{"id": "widget-tuning", "name": "widget tuning",
                                     "category": "technical", "aliases": []}]),
                        encoding="utf-8")
    config = tmp_path / "config.cfg"
    config.write_text(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8").replace(
        "taxonomy = null", f'taxonomy = "{taxonomy.as_posix()}"'), encoding="utf-8")
    nlp = load_pipeline(config)
    [result] = extract_postings([posting("1", "IT Manager", "Widget tuning and AWS.")], nlp)
    assert [m.skill_id for m in result.skills] == ["widget-tuning"]


def test_span_values_the_components_write_read_back_through_span_underscore() -> None:
    # components write span values straight into doc.user_data (nlp.extensions.
    # set_span_values); a spaCy that kept them elsewhere must fail here, not lose them
    doc = load_pipeline(rules_only=True)(ADVERT)
    skills = {doc.text[span.start_char:span.end_char]: span for span in doc.spans["skills"]}
    aws = skills["AWS"]
    assert (aws._.skill_id, aws._.skill_category, aws._.extractor, aws._.requirement) == \
        ("amazon-web-services", "technical", "taxonomy", None)
    assert skills["ITIL 4 Foundation"]._.requirement == "preferred"
    assert [(span.text, span._.years, span._.requirement)
            for span in doc.spans["experience"]] == [("7+ years", 7.0, "required"),
                                                    ("3 years", 3.0, "required")]


def test_doc_values_the_components_write_read_back_through_doc_underscore() -> None:
    # as for spans (nlp.extensions.set_doc_values): every value written straight into
    # doc.user_data must be a registered extension that doc._ reads back
    doc = load_pipeline(rules_only=True)(ADVERT)
    written = {key[1]: value for key, value in doc.user_data.items()
               if isinstance(key, tuple) and key[0] == "._." and key[2:] == (None, None)}
    assert {"sections", "min_years_experience", "min_years_across_paths", "experience_paths",
            "max_years_experience", "leadership_years", "skill_years", "min_degree",
            "fields_of_study", "certifications", "team_size", "direct_reports", "budget",
            "reports_to", "work_arrangement", "salary"} <= set(written)
    for name, value in written.items():
        assert Doc.has_extension(name), name
        assert getattr(doc._, name) is value
    assert doc._.min_years_experience == 3.0 and doc._.sections


def test_span_offsets_kept_with_a_group_are_its_spans_offsets() -> None:
    # the readers take span offsets from the group's attribute (nlp.extensions.set_spans);
    # they must be the spans' own, and a group grown in place is read span by span
    doc = load_pipeline(rules_only=True)(ADVERT)
    for key in ("skills", "experience"):
        assert doc.spans[key].attrs[OFFSETS_ATTR]
        assert span_offsets(doc, key) == [(span.start_char, span.end_char)
                                          for span in doc.spans[key]]
    doc.spans["skills"].append(doc[0:1])
    assert span_offsets(doc, "skills")[-1] == (0, len(doc[0].text))
    assert span_offsets(doc, "no such group") == []


def test_memory_zones_free_each_lots_new_words_and_change_no_extraction() -> None:
    nlp = load_pipeline()

    def adverts(tag: str) -> list[Posting]:
        # each advert holds words no other does, as real adverts' names and references do
        return [posting(f"{tag}-{i}", "Head of IT Operations",
                        f"{ADVERT}\nReference: {tag}Q{i}ZX{i * 7919:x}\nContact Ms {tag}Kowal{i}")
                for i in range(7)]

    new_words = (f"lotQ4ZX{4 * 7919:x}", "lotKowal4")
    list(extract_postings(adverts("warm"), nlp, zone_size=3))  # a pipeline's first lot stays
    strings = len(nlp.vocab.strings)
    zoned = list(extract_postings(adverts("lot"), nlp, zone_size=3))
    # three lots, each in its zone: none of their new words is left in the vocabulary
    assert len(nlp.vocab.strings) == strings
    assert not any(word in nlp.vocab.strings for word in new_words)

    # the same adverts outside any zone: the same extraction (and their words then stay)
    plain = [item.model_copy(update=extracted_fields(doc)) for doc, item in nlp.pipe(
        ((_make_doc(nlp, item), item) for item in adverts("lot")), as_tuples=True)]
    assert [p.model_dump() for p in zoned] == [p.model_dump() for p in plain]
    assert zoned[4].skills and zoned[4].min_years_experience == 7
    assert all(word in nlp.vocab.strings for word in new_words)


def test_threads_sharing_a_pipeline_get_what_one_thread_gets() -> None:
    # a zone's end frees the strings made while it was open, whichever thread made them:
    # threads that share the cached pipeline take turns a lot at a time
    nlp = load_pipeline()
    lots = [[posting(f"t{thread}-{i}", "IT Service Delivery Manager",
                     f"{ADVERT}\nReference: T{thread}R{i}X{i * 104729:x}") for i in range(9)]
            for thread in range(3)]
    alone = [[p.model_dump() for p in extract_postings(lot, nlp, zone_size=2)] for lot in lots]
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(
            lambda lot: [p.model_dump() for p in extract_postings(lot, nlp, zone_size=2)], lots))
    assert together == alone
    assert all(len(lot) == 9 and lot[0]["skills"] for lot in together)
