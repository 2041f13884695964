"""Hybrid skill spans: the trained model adds what the taxonomy misses, with provenance."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from leadtrends.model import Skill
from nlp.evaluation.decorte import ESCO_ZIP
from nlp.hybrid_skills import HybridSkills, term_key
from nlp.linking import EscoLinker, EscoSkill
from nlp.pipeline import extract_postings, load_pipeline
from nlp.span_model import load_span_model
from tests.test_nlp_pipeline import posting

REQUIREMENTS = ("Requirements\n"
                "- Proven ability to coach junior engineers and write technical documentation\n"
                "- Experience with AWS and Kubernetes\n")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def run(nlp: Language, text: str):
    return nlp(nlp.make_doc(text))


def test_model_spans_join_taxonomy_spans_with_their_extractor(nlp: Language) -> None:
    doc = run(nlp, REQUIREMENTS)
    by_extractor: dict[str, list[str]] = {}
    for span in doc.spans["skills"]:
        by_extractor.setdefault(span._.extractor, []).append(span.text)
    assert {"AWS", "Kubernetes"} <= set(by_extractor["taxonomy"])
    # the taxonomy lists neither phrase; the trained model finds them
    assert any("coach" in text for text in by_extractor["model"])
    assert any("documentation" in text for text in by_extractor["model"])
    taxonomy_tokens = {i for s in doc.spans["skills"] if s._.extractor == "taxonomy"
                       for i in range(s.start, s.end)}
    for span in doc.spans["skills"]:
        if span._.extractor == "model":
            assert not taxonomy_tokens & set(range(span.start, span.end))
            assert span.label_ in {"SKILL", "KNOWLEDGE"}


def test_model_spans_get_the_requirement_of_their_section(nlp: Language) -> None:
    doc = run(nlp, REQUIREMENTS + "Nice to have\n- experience mentoring new graduates\n")
    model = [s for s in doc.spans["skills"] if s._.extractor == "model"]
    assert model
    assert {s._.requirement for s in model if s.start_char < len(REQUIREMENTS)} == {"required"}
    assert {s._.requirement for s in model if s.start_char >= len(REQUIREMENTS)} <= {
        "preferred"}


def test_the_model_does_not_read_about_the_company_or_benefits(nlp: Language) -> None:
    body = "- coach junior engineers and write technical documentation\n"
    asked = run(nlp, "Requirements\n" + body)
    offered = run(nlp, "Benefits\n" + body + "About us\n" + body)
    assert asked.spans["skillspan"]
    assert not offered.spans["skillspan"]
    assert not [s for s in offered.spans["skills"] if s._.extractor == "model"]


def test_a_model_span_that_is_a_taxonomy_term_gets_its_id() -> None:
    taxonomy = [Skill(skill_id="stakeholder-management", name="stakeholder management",
                      category="leadership", aliases=["managing stakeholders"])]
    component = HybridSkills(load_span_model(), taxonomy, skip_sections=[])
    nlp = load_pipeline(rules_only=True)
    doc = nlp.make_doc("Requirements\n- managing stakeholders")
    span = doc[3:5]
    component._identify(span)
    assert (span._.skill_id, span._.skill_category, span._.link_score) == (
        "stakeholder-management", "leadership", 1.0)
    assert term_key(" Managing  stakeholders. ") == "managing stakeholders"


def test_unknown_spans_link_to_esco_above_the_threshold_only() -> None:
    uri = "http://data.europa.eu/esco/skill/"
    linker = EscoLinker([EscoSkill(uri + "1", "write technical documentation", ()),
                         EscoSkill(uri + "2", "operate forklift", ())])
    component = HybridSkills(load_span_model(), [], skip_sections=[], linker=linker,
                             min_link_score=0.6)
    doc = load_pipeline(rules_only=True).make_doc("writing technical documentation or juggling")
    documentation, juggling = doc[0:3], doc[4:5]
    component._identify(documentation)
    component._identify(juggling)
    assert documentation._.skill_id == uri + "1"
    assert documentation._.link_label == "write technical documentation"
    assert documentation._.link_score >= 0.6
    assert juggling._.skill_id is None


def test_rules_only_pipeline_leaves_the_model_out() -> None:
    rules = load_pipeline(rules_only=True)
    assert "leadtrends_hybrid_skills" not in rules.pipe_names
    doc = rules(rules.make_doc(REQUIREMENTS))
    assert {s.text for s in doc.spans["skills"]} == {"AWS", "Kubernetes"}
    assert {s._.extractor for s in doc.spans["skills"]} == {"taxonomy"}


def test_warehouse_mentions_keep_taxonomy_skills_only(nlp: Language) -> None:
    [result] = extract_postings([posting("1", "Head of IT", REQUIREMENTS)], nlp=nlp)
    assert {m.skill_id for m in result.skills} == {"amazon-web-services", "kubernetes"}


@pytest.mark.skipif(not ESCO_ZIP.is_file(), reason="../shared/data/esco-v1.1.1 not present")
def test_extract_cli_links_model_spans_to_real_esco(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "IT Manager",
                                  "description": REQUIREMENTS}) + "\n")
    out = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, "-m", "leadtrends", "extract", str(source), "-o", str(out),
                    "--esco", str(ESCO_ZIP)], check=True, capture_output=True)
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    linked = [s for s in record["skills"] if s["extractor"] == "model" and s["skill_id"]]
    assert linked
    for skill in linked:
        assert skill["skill_id"].startswith("http://data.europa.eu/esco/skill/")
        assert skill["name"] and skill["link_score"] >= 0.6
