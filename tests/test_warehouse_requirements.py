"""What the extract stage reads reaches the warehouse with evidence an analyst can audit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from leadtrends.jsonl import write_models
from leadtrends.model import Posting
from nlp.pipeline import PIPELINE_VERSION, extract_postings
from nlp.taxonomy import load_taxonomy
from warehouse.load import load

ADVERT = """About the role
You will lead a team of 14 engineers and manage a £2.5m budget, reporting to the CIO.
This is a hybrid role, two days a week in our Leeds office.
Requirements
- A bachelor's degree in computer science or engineering.
- 6+ years of experience in IT operations, including 3 years of supervisory experience.
- ITIL 4 Foundation certification.
- Strong stakeholder management skills.
Nice to have
- Experience with Kubernetes is a plus.
Salary: £85,000 - £95,000 per year."""


def test_requirements_provenance_and_evidence_are_loaded(tmp_path: Path) -> None:
    crawled = Posting(source="board", source_id="1", url="https://jobs.example/1?utm_source=x",
                      scraped_at=datetime(2026, 11, 1, tzinfo=UTC),
                      title="Head of IT Operations", description=ADVERT)
    postings, skills = tmp_path / "postings.jsonl", tmp_path / "skills.jsonl"
    write_models(postings, extract_postings([crawled]))
    write_models(skills, load_taxonomy())
    db = tmp_path / "wh.duckdb"
    load(db, postings, skills, run_id="r1")

    with duckdb.connect(str(db), read_only=True) as con:
        requirement = con.sql("SELECT * FROM posting_requirements").pl().row(0, named=True)
        facts = con.sql("""
            SELECT s.skill_id, f.label, f.requirement, f.extractor, f.matched_text,
                   substr(p.description, f.sentence_start + 1,
                          f.sentence_end - f.sentence_start) AS sentence
            FROM posting_skills f JOIN postings p USING (posting_key)
            JOIN skills s USING (skill_id) ORDER BY f.start_char""").pl()
        evidence = con.sql("SELECT matched_text, years FROM posting_experience "
                           "ORDER BY start_char").fetchall()
        posting = con.sql("SELECT canonical_url, min_years_experience, pipeline_version "
                          "FROM postings").fetchall()[0]

    assert posting == ("https://jobs.example/1", 6.0, PIPELINE_VERSION)
    assert requirement["min_degree"] == "bachelor"
    assert requirement["fields_of_study"] == ["computer science", "engineering"]
    assert requirement["leadership_years"] == 3.0
    assert (requirement["team_size"], requirement["budget_amount"],
            requirement["budget_currency"]) == (14, 2_500_000.0, "GBP")
    assert requirement["reports_to"] == "CIO"
    assert requirement["work_arrangement"] == "hybrid"
    assert (requirement["salary_text_min"], requirement["salary_text_max"],
            requirement["salary_text_currency"], requirement["salary_text_period"],
            requirement["salary_text_annual"]) == (85000.0, 95000.0, "GBP", "year", 90000.0)
    assert requirement["pipeline_version"] == PIPELINE_VERSION
    assert evidence == [("6+ years", 6.0), ("3 years", 3.0)]

    by_skill = {row["skill_id"]: row for row in facts.iter_rows(named=True)}
    kubernetes = by_skill["kubernetes"]
    assert kubernetes["requirement"] == "preferred"
    assert kubernetes["sentence"] == "- Experience with Kubernetes is a plus"  # up to its stop
    assert by_skill["stakeholder-management"]["requirement"] == "required"
    for row in facts.iter_rows(named=True):
        assert row["matched_text"] in row["sentence"]
        assert row["extractor"] in ("taxonomy", "model")
        assert row["label"] in ("SKILL", "KNOWLEDGE")
