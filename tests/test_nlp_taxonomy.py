"""The bundled taxonomy: size, contract coverage, versioning, and validation of bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.pipeline import load_pipeline
from nlp.taxonomy import (
    DEFAULT_TAXONOMY_PATH,
    TAXONOMY_VERSION,
    TaxonomyError,
    bundled_version,
    load_taxonomy,
)

# The shared vocabulary contract with the sample board: category -> names [aliases].
CONTRACT: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "technical": [
        ("cloud computing", ()), ("Amazon Web Services", ("AWS",)),
        ("Microsoft Azure", ("Azure",)), ("Google Cloud Platform", ("GCP",)),
        ("Kubernetes", ()), ("Terraform", ()), ("Docker", ()), ("DevOps", ()), ("CI/CD", ()),
        ("IT service management", ("ITSM",)), ("ServiceNow", ()),
        ("Microsoft 365", ("Office 365",)), ("Active Directory", ()), ("VMware", ()),
        ("Windows Server", ()), ("Linux", ()), ("network administration", ("networking",)),
        ("Cisco", ()), ("SD-WAN", ()), ("cybersecurity", ()), ("zero trust", ()), ("SIEM", ()),
        ("identity and access management", ("IAM",)),
        ("data centre operations", ("data center operations",)), ("disaster recovery", ()),
        ("backup and recovery", ()), ("SQL", ()), ("Python", ()), ("Java", ()), ("Agile", ()),
        ("Scrum", ()), ("generative AI", ("GenAI",)), ("machine learning", ()),
        ("data governance", ()), ("SharePoint", ()), ("mainframe", ()), ("ERP", ()),
        ("SAP", ()), ("Salesforce", ()), ("building management systems", ("BMS",)),
        ("HVAC", ()), ("uninterruptible power supply", ("UPS",)), ("observability", ()),
    ],
    "leadership": [
        ("people management", ()), ("team leadership", ()), ("budget management", ()),
        ("vendor management", ()), ("contract management", ()), ("stakeholder management", ()),
        ("change management", ()), ("strategic planning", ()), ("IT governance", ()),
        ("risk management", ()), ("project management", ()),
        ("service delivery management", ()), ("performance management", ()),
        ("coaching and mentoring", ()), ("recruitment", ("hiring",)), ("capacity planning", ()),
    ],
    "business": [
        ("business case development", ("business cases",)), ("financial acumen", ()),
        ("procurement", ()), ("business alignment", ("aligning technology with business goals",)),
        ("P&L responsibility", ("P&L",)), ("digital transformation", ()),
        ("KPIs", ("key performance indicators",)),
        ("cost optimisation", ("cost optimization",)), ("FinOps", ()),
    ],
    "soft": [
        ("communication skills", ()), ("problem solving", ()), ("negotiation", ()),
        ("collaboration", ()), ("attention to detail", ()), ("influencing", ()),
    ],
    "certification": [
        ("ITIL 4 Foundation", ("ITIL",)), ("PMP", ()), ("PRINCE2", ()), ("CISSP", ()),
        ("CISM", ()), ("AWS Certified Solutions Architect", ()),
        ("Microsoft Certified: Azure Administrator Associate", ()), ("TOGAF", ()),
        ("COBIT", ()), ("CCNA", ()), ("Certified ScrumMaster", ("CSM",)),
    ],
}
CONTRACT_TERMS = [(category, name, alias) for category, terms in CONTRACT.items()
                  for name, aliases in terms for alias in (name, *aliases)]


def write_taxonomy(tmp_path: Path, skills: list[dict]) -> Path:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps({"version": "test", "skills": skills}), encoding="utf-8")
    return path


def skill(skill_id: str, name: str, category: str = "technical",
          aliases: list[str] | None = None) -> dict:
    return {"id": skill_id, "name": name, "category": category, "aliases": aliases or []}


def test_bundled_taxonomy_has_at_least_250_skills_in_every_category() -> None:
    skills = load_taxonomy()
    assert len(skills) >= 250
    assert {s.category for s in skills} == {"technical", "leadership", "business", "soft",
                                            "certification"}


def test_bundled_taxonomy_version_matches_the_module_constant() -> None:
    assert bundled_version(DEFAULT_TAXONOMY_PATH) == TAXONOMY_VERSION


def test_skill_ids_are_written_in_the_file_not_derived() -> None:
    raw = json.loads(DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8"))["skills"]
    assert [entry["id"] for entry in raw] == [s.skill_id for s in load_taxonomy()]


@pytest.mark.parametrize(("category", "name", "term"), CONTRACT_TERMS,
                         ids=[term for _, _, term in CONTRACT_TERMS])
def test_every_contract_skill_is_in_the_taxonomy_with_its_category(
        category: str, name: str, term: str) -> None:
    by_term = {t.lower(): s for s in load_taxonomy() for t in (s.name, *s.aliases)}
    assert term.lower() in by_term, f"{term!r} missing from the taxonomy"
    assert by_term[term.lower()].category == category
    # an alias and its contract name must point at the same skill
    assert by_term[term.lower()].skill_id == by_term[name.lower()].skill_id


def test_unknown_category_is_rejected_naming_the_entry(tmp_path: Path) -> None:
    path = write_taxonomy(tmp_path, [skill("docker", "Docker", category="tools")])
    with pytest.raises(TaxonomyError, match=r"'docker'.*unknown category 'tools'"):
        load_taxonomy(path)


def test_alias_used_by_two_skills_is_rejected_ignoring_case(tmp_path: Path) -> None:
    path = write_taxonomy(tmp_path, [
        skill("amazon-web-services", "Amazon Web Services", aliases=["AWS"]),
        skill("aws-certified", "AWS Certified Solutions Architect", "certification",
              aliases=["aws"]),
    ])
    with pytest.raises(TaxonomyError,
                       match=r"'aws-certified'.*alias 'aws' is already used by skill "
                             r"'amazon-web-services'"):
        load_taxonomy(path)


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    path = write_taxonomy(tmp_path, [skill("docker", "Docker"), skill("docker", "Podman")])
    with pytest.raises(TaxonomyError, match="duplicate id 'docker'"):
        load_taxonomy(path)


def test_entry_missing_a_key_is_rejected(tmp_path: Path) -> None:
    path = write_taxonomy(tmp_path, [{"id": "docker", "name": "Docker"}])
    with pytest.raises(TaxonomyError, match="missing category, aliases"):
        load_taxonomy(path)


def test_id_that_is_not_a_slug_is_rejected(tmp_path: Path) -> None:
    path = write_taxonomy(tmp_path, [skill("Cloud Computing", "cloud computing")])
    with pytest.raises(TaxonomyError, match="lower-case slug"):
        load_taxonomy(path)


def test_unreadable_or_invalid_file_gives_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read taxonomy"):
        load_taxonomy(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid JSON"):
        load_taxonomy(broken)


@pytest.mark.parametrize(("category", "name", "term"), CONTRACT_TERMS,
                         ids=[term for _, _, term in CONTRACT_TERMS])
def test_every_contract_skill_is_found_when_written_in_an_advert_sentence(
        category: str, name: str, term: str) -> None:
    nlp = load_pipeline()
    for sentence in (f"Hands-on experience with {term}.", f"- {term} would be an advantage",
                     f"You will own {term}, budgets and people."):
        doc = nlp(sentence)
        found = [(span.text, span._.skill_category) for span in doc.spans["skills"]]
        assert (term, category) in found, f"{term!r} not found in {sentence!r}: {found}"
