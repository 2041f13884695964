"""Linking skill text to ESCO skills: exact labels first, then close wording."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from nlp.linking import EscoFileError, EscoLinker, EscoSkill, read_esco_skills

URI = "http://data.europa.eu/esco/skill/"
SKILLS = [
    EscoSkill(URI + "1", "manage ICT budgets", ("control technology spending",)),
    EscoSkill(URI + "2", "Python (computer programming)", ("Python",)),
    EscoSkill(URI + "3", "lead a team", ("team leadership", "supervise a team")),
    EscoSkill(URI + "4", "administer Kubernetes clusters", ()),
    EscoSkill(URI + "5", "negotiate supplier contracts", ("supplier negotiation",)),
    EscoSkill(URI + "6", "maintain HVAC systems", ("heating and cooling maintenance",)),
]


@pytest.fixture(scope="module")
def linker() -> EscoLinker:
    return EscoLinker(SKILLS)


def test_exact_alternative_label_links_with_full_score(linker: EscoLinker) -> None:
    best = linker.link("python", k=1)[0]
    assert (best.esco_uri, best.label, best.score) == (
        URI + "2", "Python (computer programming)", 1.0)


@pytest.mark.parametrize(("text", "uri"), [
    ("Kubernetes cluster administration", URI + "4"),
    ("managing IT budgets", URI + "1"),
    ("leading teams", URI + "3"),
    ("contract negotiations with suppliers", URI + "5"),
    ("HVAC maintenance", URI + "6"),
])
def test_reworded_skill_links_to_the_right_esco_skill(linker: EscoLinker, text: str,
                                                      uri: str) -> None:
    links = linker.link(text, k=3)
    assert links[0].esco_uri == uri
    assert 0 < links[0].score < 1


def test_links_are_ranked_best_first_and_cut_at_k(linker: EscoLinker) -> None:
    links = linker.link("team budget", k=2)
    assert len(links) == 2
    assert links[0].score >= links[1].score


def test_text_sharing_nothing_with_esco_links_to_nothing(linker: EscoLinker) -> None:
    assert linker.link("", k=5) == []
    assert linker.link("zzqx", k=5) == []


def test_linker_reads_the_official_esco_zip_layout(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["conceptType", "conceptUri", "skillType", "reuseLevel",
                     "preferredLabel", "altLabels", "hiddenLabels", "status"])
    writer.writerow(["KnowledgeSkillCompetence", URI + "9", "skill/competence",
                     "cross-sector", "plan data centre capacity",
                     "forecast rack space\ncapacity planning for data centres", "", "released"])
    path = tmp_path / "esco.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("skills_en.csv", buffer.getvalue())
    assert read_esco_skills(path) == [EscoSkill(
        URI + "9", "plan data centre capacity",
        ("forecast rack space", "capacity planning for data centres"), "skill/competence")]
    linker = EscoLinker.from_esco_zip(path)
    assert linker.link("Forecast rack space", k=1)[0].score == 1.0


def test_a_file_that_is_not_the_esco_zip_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(EscoFileError, match="has no skills_en.csv"):
        read_esco_skills(path)
    with pytest.raises(EscoFileError, match="not found"):
        read_esco_skills(tmp_path / "missing.zip")
