"""``leadtrends_title``: role family and seniority from the advert's job title.

The title is read from ``doc._.title`` (set by the caller; the description is the Doc text).
It is split into words, abbreviations are expanded ("Sr." senior, "Mgr" manager, "Dir."
director, "Ops" operations, "VP"/"SVP" vp), and "IT" counts only in capitals ("It" is a word).

Seniority, the highest rank named wins:

1. executive - "Chief ... Officer", an officer acronym (CIO, CTO, CISO, CDO, CFO...),
   "President", "Managing Director"; "Deputy"/"Assistant"/"Vice" before one makes it director;
2. director - "Director", "Head", "VP", "Vice President", "Chief" without "Officer";
3. manager - "Manager";
4. lead - "Lead", "Leader", "Team Lead", "Supervisor" (not "lead generation");
5. individual - anything else ("Principal Engineer", "Senior Software Engineer").
"Assistant to the CTO" and the like are individual: the rank belongs to someone else.

Role family: individual seniority is always individual_contributor. Otherwise, in order:
technical-operations words (data centre, facilities, NOC, network operations, field
engineering, technical services/operations) -> technical_operations_management; a strong
technology word (IT, technology, engineering, infrastructure, cloud, security, platform...)
-> technology_management; a non-technical function (marketing, sales, HR, finance, people,
store...) -> other_management; a weak technology word (digital, data, analytics) ->
technology_management; else other_management. So "Digital Marketing Manager" is other
management while "Head of Digital" is technology management.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.model import RoleFamily, Seniority
from nlp.component import BatchComponent
from nlp.extensions import register_extensions

_WORD = re.compile(r"[A-Za-z0-9]+(?:[+#]+)?")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")


@spacy.registry.misc("leadtrends.title_keywords.v1")
def title_keywords() -> dict[str, list[str]]:
    """Curated word lists behind the title rules (multi-word entries match whole words)."""
    return {
        "executive_acronyms": ["cio", "cto", "ciso", "cdo", "cdio", "cito", "cso", "ceo", "cfo",
                               "coo", "cmo", "cpo", "chro", "cco", "cro", "cao", "cxo", "cpto"],
        "tech_executive_acronyms": ["cio", "cto", "ciso", "cdo", "cdio", "cito", "cso", "cpto"],
        "executive": ["president", "managing director"],
        "deputy": ["deputy", "assistant", "associate", "vice"],
        "director": ["director", "head", "vp", "vice president", "chief"],
        "manager": ["manager"],
        "lead": ["lead", "leader", "team lead", "supervisor", "teamlead"],
        "not_lead": ["lead generation", "lead gen"],
        "assistant_to": ["assistant to", "pa to", "ea to", "secretary to"],
        "technical_operations": [
            "technical operations", "technology operations centre", "data centre",
            "facilities", "facility", "critical environments", "critical environment",
            "mission critical", "technical services", "noc", "network operations",
            "field engineering", "field service", "field services", "building services",
            "building management", "engineering operations", "maintenance", "mep",
            "electrical", "mechanical", "technical facilities", "plant engineering"],
        "technology_strong": [
            "it", "ict", "technology", "technologies", "engineering", "software",
            "infrastructure", "cloud", "platform", "platforms", "devops", "devsecops",
            "security", "cyber", "cybersecurity", "information", "systems", "network",
            "networks", "service desk", "service delivery", "it support", "applications",
            "application", "architecture", "development", "sre", "site reliability", "qa",
            "test", "testing", "database", "erp", "end user", "euc", "helpdesk", "help desk",
            "servicenow", "sap", "telecommunications", "telecoms", "unix", "windows",
            "machine learning", "ai", "ml", "web", "mobile", "integration", "solutions",
            "it service", "technical", "digital delivery"],
        "technology_weak": ["digital", "data", "analytics", "product", "automation",
                            "transformation"],
        "non_technical": [
            "marketing", "sales", "hr", "human resources", "people", "finance", "financial",
            "payroll", "accounts", "accounting", "legal", "store", "retail", "customer service",
            "customer services", "customer success", "procurement", "purchasing", "recruitment",
            "talent", "communications", "brand", "content", "events", "hospitality", "catering",
            "restaurant", "office", "clinical", "nursing", "care", "warehouse", "logistics",
            "supply chain", "transport", "fleet", "commercial", "merchandising", "buying",
            "property", "estates", "fundraising", "marketing technology", "chef", "kitchen",
            "branch", "account"],
    }


_ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager",
    "mngr": "manager", "dir": "director", "ops": "operations", "eng": "engineering",
    "engg": "engineering", "tech": "technology", "infra": "infrastructure", "svc": "service",
    "svcs": "services", "mgmt": "management", "asst": "assistant", "assoc": "associate",
    "infosec": "information security", "cybersecurity": "cyber security",
    "datacentre": "data centre", "datacenter": "data centre", "center": "centre",
    "svp": "vp", "evp": "vp", "avp": "vp", "hd": "head", "dept": "department",
    "tl": "team lead", "md": "managing director",
}


def title_words(title: str) -> list[str]:
    """Lower-case words with abbreviations expanded; "IT"/"ICT" in capitals become "it"."""
    text = _DOTTED_ACRONYM.sub(lambda match: match.group().replace(".", ""), title)
    shouting = title.isupper()
    words: list[str] = []
    for raw in _WORD.findall(text):
        lower = raw.lower()
        if lower in ("it", "ict"):
            # "It" and "it" are English; only the capitalised acronym means IT
            words.append("it" if raw in ("IT", "ICT") or shouting else "_it_word")
            continue
        words.extend(_ABBREVIATIONS.get(lower, lower).split())
    return words


class TitleRules:
    """The rules of the module docstring over one keyword table."""

    def __init__(self, keywords: dict[str, list[str]]) -> None:
        self.keywords = {group: tuple(words) for group, words in keywords.items()}

    def has(self, padded: str, group: str) -> bool:
        return any(f" {phrase} " in padded for phrase in self.keywords[group])

    def seniority(self, words: list[str]) -> Seniority:
        padded = f" {' '.join(words)} "
        if self.has(padded, "assistant_to"):
            return "individual"
        executive = self.has(padded, "executive") and " vice president " not in padded
        acronyms = [word for word in words if word in self.keywords["executive_acronyms"]]
        chief_officer = "chief" in words and "officer" in words[words.index("chief"):]
        if executive or acronyms or chief_officer:
            first_rank = min(
                [words.index(word) for word in acronyms]
                + ([words.index("chief")] if chief_officer else []) + [len(words)])
            deputised = any(word in self.keywords["deputy"] for word in words[:first_rank])
            return "director" if deputised and (acronyms or chief_officer) else "executive"
        if self.has(padded, "director"):
            return "director"
        if self.has(padded, "manager"):
            return "manager"
        if self.has(padded, "lead") and not self.has(padded, "not_lead"):
            return "lead"
        return "individual"

    def family(self, words: list[str], seniority: Seniority) -> RoleFamily:
        if seniority == "individual":
            return "individual_contributor"
        padded = f" {' '.join(words)} "
        if any(word in self.keywords["tech_executive_acronyms"] for word in words):
            return "technology_management"
        if self.has(padded, "technical_operations"):
            return "technical_operations_management"
        if self.has(padded, "technology_strong"):
            return "technology_management"
        if self.has(padded, "non_technical"):
            return "other_management"
        if self.has(padded, "technology_weak"):
            return "technology_management"
        return "other_management"

    def classify(self, title: str) -> tuple[RoleFamily, Seniority]:
        words = title_words(title)
        seniority = self.seniority(words)
        return self.family(words, seniority), seniority


_DEFAULT_RULES: TitleRules | None = None


def classify_title(title: str) -> tuple[RoleFamily, Seniority]:
    """(role_family, seniority) for a job title, with the default keyword table."""
    global _DEFAULT_RULES
    if _DEFAULT_RULES is None:
        _DEFAULT_RULES = TitleRules(title_keywords())
    return _DEFAULT_RULES.classify(title)


class TitleClassifier(BatchComponent):
    """Sets ``doc._.role_family`` and ``doc._.seniority`` from ``doc._.title``."""

    def __init__(self, keywords: dict[str, list[str]]) -> None:
        self.rules = TitleRules(keywords)

    def __call__(self, doc: Doc) -> Doc:
        title = doc._.title
        if title and title.strip():
            doc._.role_family, doc._.seniority = self.rules.classify(title)
        return doc


@Language.factory("leadtrends_title", default_config={
    "keywords": {"@misc": "leadtrends.title_keywords.v1"},
})
def make_title_classifier(nlp: Language, name: str,
                          keywords: dict[str, list[str]]) -> TitleClassifier:
    register_extensions()
    return TitleClassifier(keywords)
