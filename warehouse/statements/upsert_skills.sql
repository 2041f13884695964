-- Skills missing from this snapshot are left alone: older facts still point at them.
INSERT INTO skills (skill_id, name, category, aliases, taxonomy_version, esco_uri,
                    onet_commodity_code)
SELECT skill_id, name, category, aliases, $taxonomy_version, esco_uri, onet_commodity_code
FROM incoming_skills
ON CONFLICT (skill_id) DO UPDATE SET
    name = excluded.name,
    category = excluded.category,
    aliases = excluded.aliases,
    taxonomy_version = excluded.taxonomy_version,
    esco_uri = excluded.esco_uri,
    onet_commodity_code = excluded.onet_commodity_code;
