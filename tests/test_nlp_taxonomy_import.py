"""Extending the curated taxonomy from ESCO and O*NET files in their official formats.

The inputs are tiny invented files with the official column layouts (ESCO v1.1.1 CSV zip,
O*NET 29.3 Technology Skills tab-separated text), so the importer is tested without any
ESCO or O*NET content.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import spacy

from nlp.skills import make_skill_matcher  # noqa: F401 (registers the factory)
from nlp.taxonomy import (
    DEFAULT_TAXONOMY_PATH,
    TaxonomyError,
    load_cross_references,
    load_taxonomy,
)
from nlp.taxonomy_import import main, read_onet_technologies

SKILL_COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
                 "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote",
                 "definition", "inScheme", "description"]
DIGITAL_COLUMNS = ["conceptType", "conceptUri", "preferredLabel", "status", "skillType",
                   "reuseLevel", "altLabels", "description", "broaderConceptUri",
                   "broaderConceptPT"]
TRANSVERSAL_COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel",
                       "preferredLabel", "status", "altLabels", "description",
                       "broaderConceptUri", "broaderConceptPT"]
URI = "http://data.europa.eu/esco/skill/"
# (uuid, preferred label, alt labels, skill type, collection)
ESCO_ROWS = [
    ("aaaa0001", "operate quantum ledgers", "run quantum ledgers\nquantum ledger operations",
     "skill/competence", "digital"),
    ("aaaa0002", "Kubernetes", "K8s\nkube orchestration", "knowledge", "digital"),
    ("aaaa0003", "keep calm in meetings", "meeting calmness", "skill/competence",
     "transversal"),
    ("aaaa0004", "tend imaginary orchards", "", "skill/competence", "none"),
]
ONET_HEADER = ["O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title",
               "Hot Technology", "In Demand"]
ONET_ROWS = [
    ["11-3021.00", "Computer and Information Systems Managers", "Zorblax Fleet Console",
     "43233004", "Operating system software", "N", "N"],
    ["15-1244.00", "Network and Computer Systems Administrators", "Zorblax Fleet Console",
     "43233004", "Operating system software", "N", "N"],
    ["11-3021.00", "Computer and Information Systems Managers", "Terraform", "43232701",
     "Application server software", "Y", "N"],
]


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture()
def esco_zip(tmp_path: Path) -> Path:
    path = tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv.zip"
    rows = [{"conceptType": "KnowledgeSkillCompetence", "conceptUri": URI + uuid,
             "skillType": kind, "reuseLevel": "cross-sector", "preferredLabel": label,
             "altLabels": alts, "status": "released", "description": "invented",
             "_collection": collection}
            for uuid, label, alts, kind, collection in ESCO_ROWS]

    def only(columns: list[str], collection: str | None) -> str:
        chosen = [{key: row.get(key, "") for key in columns} for row in rows
                  if collection is None or row["_collection"] == collection]
        return csv_text(columns, chosen)

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("skills_en.csv", only(SKILL_COLUMNS, None))
        archive.writestr("digitalSkillsCollection_en.csv", only(DIGITAL_COLUMNS, "digital"))
        archive.writestr("transversalSkillsCollection_en.csv",
                         only(TRANSVERSAL_COLUMNS, "transversal"))
    return path


@pytest.fixture()
def onet_file(tmp_path: Path) -> Path:
    path = tmp_path / "Technology Skills.txt"
    path.write_text("\n".join("\t".join(row) for row in [ONET_HEADER, *ONET_ROWS]) + "\n",
                    encoding="utf-8")
    return path


def by_id(path: Path) -> dict[str, dict]:
    return {entry["id"]: entry for entry in json.loads(path.read_text())["skills"]}


def test_import_adds_new_esco_and_onet_skills_and_keeps_every_curated_entry(
        tmp_path: Path, esco_zip: Path, onet_file: Path) -> None:
    out = tmp_path / "taxonomy_extended.json"
    assert main(["--esco", str(esco_zip), "--onet", str(onet_file), "-o", str(out)]) == 0
    extended = by_id(out)
    curated = by_id(DEFAULT_TAXONOMY_PATH)
    for skill_id, entry in curated.items():
        kept = extended[skill_id]
        assert (kept["name"], kept["category"], kept["aliases"]) == \
            (entry["name"], entry["category"], entry["aliases"])
    new = extended["esco-aaaa0001"]
    assert new["name"] == "operate quantum ledgers"
    assert new["aliases"] == ["run quantum ledgers", "quantum ledger operations"]
    assert new["esco_uri"] == URI + "aaaa0001" and new["category"] == "technical"
    console = extended["onet-zorblax-fleet-console"]
    assert console["onet"] == {"commodity_code": "43233004", "example": "Zorblax Fleet Console"}
    # the digital collection is the default scope: other ESCO skills stay out
    assert "esco-aaaa0004" not in extended and "esco-aaaa0003" not in extended
    assert len(load_taxonomy(out)) == len(extended)


def test_import_cross_references_a_curated_skill_instead_of_duplicating_it(
        tmp_path: Path, esco_zip: Path, onet_file: Path) -> None:
    out = tmp_path / "ext.json"
    main(["--esco", str(esco_zip), "--onet", str(onet_file), "-o", str(out)])
    extended = by_id(out)
    assert "esco-aaaa0002" not in extended and "onet-terraform" not in extended
    references = load_cross_references(out)
    assert references["terraform"].onet_commodity_code is not None
    assert references["kubernetes"].esco_uri is not None


def test_import_scope_all_makes_transversal_skills_soft(tmp_path: Path, esco_zip: Path) -> None:
    out = tmp_path / "ext.json"
    assert main(["--esco", str(esco_zip), "--esco-scope", "all", "-o", str(out)]) == 0
    extended = by_id(out)
    assert extended["esco-aaaa0003"]["category"] == "soft"
    assert extended["esco-aaaa0004"]["category"] == "technical"


def test_imported_taxonomy_drives_the_skill_matcher(tmp_path: Path, esco_zip: Path,
                                                     onet_file: Path) -> None:
    out = tmp_path / "ext.json"
    main(["--esco", str(esco_zip), "--onet", str(onet_file), "-o", str(out)])
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_skills", config={
        "taxonomy": {"@misc": "leadtrends.taxonomy.v1", "path": str(out)}})
    doc = nlp("You will run quantum ledgers on the Zorblax Fleet Console.")
    assert [span._.skill_id for span in doc.spans["skills"]] == [
        "esco-aaaa0001", "onet-zorblax-fleet-console"]


def test_onet_reader_lists_each_product_once(onet_file: Path) -> None:
    examples = [tech.example for tech in read_onet_technologies(onet_file)]
    assert examples == ["Zorblax Fleet Console", "Terraform"]


def test_import_reports_a_missing_or_wrong_file_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ext.json"
    assert main(["--esco", str(tmp_path / "nope.zip"), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"error: ESCO zip not found: {tmp_path}/nope.zip"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("a\tb\n1\t2\n")
    assert main(["--onet", str(wrong), "-o", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error:") and "not O*NET Technology Skills" in error
    assert "\n" not in error and not out.exists()


def test_bundled_taxonomy_covers_tech_leadership_with_cross_references() -> None:
    skills = load_taxonomy()
    assert len(skills) >= 800
    counts = {category: sum(skill.category == category for skill in skills)
              for category in ("technical", "leadership", "business", "soft", "certification")}
    assert min(counts.values()) >= 60
    references = load_cross_references()
    assert sum(ref.esco_uri is not None for ref in references.values()) >= 100
    assert sum(ref.onet_commodity_code is not None for ref in references.values()) >= 50
    assert references["go"].onet_example == "Go"


def test_a_malformed_cross_reference_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"skills": [{"id": "x", "name": "X", "category": "technical",
                                           "aliases": [], "esco_uri": "https://example.org"}]}))
    with pytest.raises(TaxonomyError, match=r"'x'.*esco_uri must start with"):
        load_taxonomy(bad)
    bad.write_text(json.dumps({"skills": [{"id": "x", "name": "X", "category": "technical",
                                           "aliases": [], "onet": {"commodity_code": "12"}}]}))
    with pytest.raises(TaxonomyError, match="onet must be"):
        load_taxonomy(bad)
