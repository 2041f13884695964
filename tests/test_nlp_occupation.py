"""O*NET-SOC codes from job titles: curated rules for tech leadership, O*NET titles beyond."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.evaluation.requirements import DEFAULT_ONET
from nlp.occupation import OccupationCoder, OnetFileError, TitleLexicon, core_title, soc_rules
from nlp.pipeline import load_pipeline
from nlp.title import classify_title


def code(title: str, coder: OccupationCoder | None = None) -> str | None:
    family, seniority = classify_title(title)
    return (coder or OccupationCoder(soc_rules())).code(title, family, seniority)


@pytest.mark.parametrize(("title", "expected"), [
    ("Head of IT Infrastructure", "11-3021.00"),
    ("Chief Technology Officer", "11-3021.00"),
    ("Help Desk Manager", "11-3021.00"),  # manages the desk: a manager's code
    ("Data Centre Facilities Manager", "11-3013.00"),
    ("Mechanical Engineering Operations Manager", "11-9041.00"),
    ("IT Project Manager", "15-1299.09"),
    ("Senior Software Engineer", "15-1252.00"),
    ("Linux Systems Administrator", "15-1244.00"),
    ("Help Desk Level 1 Representative", "15-1232.00"),
    ("Facilities Coordinator", None),  # not a manager: the facilities rule does not apply
    ("Marketing Manager", None),  # no curated rule and no O*NET titles configured
])
def test_curated_rules_place_technology_roles(title: str, expected: str | None) -> None:
    assert code(title) == expected


def test_core_title_drops_qualifiers_and_rank_words() -> None:
    assert core_title("Pharmacist, Bureau of Public Health Clinics") == "pharmacist"
    assert core_title("Sr. Data Engineer - Health Department") == "data engineer"
    assert core_title("Senior Plumber (Part-Time)") == "plumber"


def test_lexicon_prefers_the_occupation_listing_a_title_most() -> None:
    lexicon = TitleLexicon([("Project Manager", "11-9041.00"),
                            ("Project Manager", "13-1082.00"),
                            ("Project Manager", "13-1082.00"),
                            ("Plumber", "47-2152.00"),
                            ("Registered Nurse", "29-1141.00")], min_score=0.75)
    assert lexicon.code("Project Manager") == "13-1082.00"
    assert lexicon.code("Senior Plumber, Housing Authority") == "47-2152.00"
    assert lexicon.code("Registered Nurses") == "29-1141.00"  # close enough by similarity
    assert lexicon.code("Sludge Boat Captain") is None  # nothing close: unknown, not a guess


def test_pipeline_sets_soc_code_on_the_doc() -> None:
    nlp = load_pipeline(rules_only=True)
    doc = nlp.make_doc("Requirements\n- 5 years of experience")
    doc._.title = "Director of Technology"
    assert nlp(doc)._.soc_code == "11-3021.00"


@pytest.mark.skipif(not DEFAULT_ONET.is_dir(), reason="../shared/data/onet-29.3 not present")
def test_real_onet_titles_place_roles_outside_technology() -> None:
    nlp = load_pipeline(rules_only=True, onet=DEFAULT_ONET)
    codes = {}
    for title in ("Pharmacist, Bureau of Public Health Clinics", "Plumber",
                  "Head of IT Infrastructure"):
        doc = nlp.make_doc("")
        doc._.title = title
        codes[title] = nlp(doc)._.soc_code
    assert codes == {"Pharmacist, Bureau of Public Health Clinics": "29-1051.00",
                     "Plumber": "47-2152.00", "Head of IT Infrastructure": "11-3021.00"}


def test_a_folder_without_onet_files_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(OnetFileError, match="cannot read O\\*NET file"):
        load_pipeline(rules_only=True, onet=tmp_path)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "title": "IT Manager", "description": "x"}) + "\n")
    run = subprocess.run([sys.executable, "-m", "leadtrends", "extract", str(source), "-o",
                          str(tmp_path / "out.jsonl"), "--onet", str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert "cannot read O*NET file" in run.stderr
    assert "Traceback" not in run.stderr
