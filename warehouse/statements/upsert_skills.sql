-- Skills missing from this snapshot are left alone: older facts still point at them.
INSERT INTO skills (skill_id, name, category, aliases, taxonomy_version)
SELECT skill_id, name, category, aliases, $taxonomy_version
FROM incoming_skills
ON CONFLICT (skill_id) DO UPDATE SET
    name = excluded.name,
    category = excluded.category,
    aliases = excluded.aliases,
    taxonomy_version = excluded.taxonomy_version;
