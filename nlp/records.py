"""Stand-alone extraction records: ``leadtrends extract IN.jsonl -o OUT.jsonl``.

Input lines are ``{"id", "title", "description", ...}`` (description as plain text or HTML);
each output line says what the pipeline found, in the shape documented in
docs/EXTRACTION.md. What the pipeline does not find is null, never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from leadtrends.errors import LeadtrendsError
from leadtrends.model import TARGET_FAMILIES
from nlp.extensions import TEXT_KEY
from nlp.pipeline import PIPELINE_VERSION, load_pipeline, pipe_in_zones
from nlp.taxonomy import TAXONOMY_VERSION, load_taxonomy
from scrapers.description_text import html_to_text

_MARKUP_HINTS = ("<p", "<br", "<li", "<div", "<h", "&lt;")


class RecordError(LeadtrendsError):
    """An input line that is not an advert record."""


def advert_text(description: str) -> str:
    """Plain text with one line per heading/bullet, whether the input is text or HTML."""
    lowered = description.lower()
    return html_to_text(description) if any(h in lowered for h in _MARKUP_HINTS) else description


def _doc(nlp: Language, record: dict[str, Any]) -> Doc:
    text = advert_text(str(record.get("description") or ""))
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    doc._.title = str(record.get("title") or "")
    return doc


def parse_line(line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"line {number}: not JSON ({exc.msg})") from None
    if not isinstance(record, dict) or "id" not in record:
        raise RecordError(f"line {number}: not an object with an \"id\"")
    if not record.get("title") and not record.get("description"):
        raise RecordError(f"line {number}: no title and no description")
    return record


def extraction_records(records: Iterable[dict[str, Any]], nlp: Language | None = None,
                       batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """One output record per input record, in order."""
    nlp = nlp if nlp is not None else load_pipeline()
    skills = {s.skill_id: s for s in load_taxonomy()}
    for doc, record in pipe_in_zones(nlp, records, _doc, batch_size):
        yield record_from_doc(record["id"], doc, skills)


def record_from_doc(record_id: Any, doc: Doc, skills: dict[str, Any]) -> dict[str, Any]:
    family = doc._.role_family
    return {
        "id": record_id,
        "role": {"family": family, "seniority": doc._.seniority,
                 "is_target": family in TARGET_FAMILIES, "soc_code": doc._.soc_code},
        "skills": [
            {"skill_id": span._.skill_id,
             "name": (skills[span._.skill_id].name if span._.skill_id in skills
                      else span._.link_label),
             "category": span._.skill_category, "label": span.label_,
             "requirement": span._.requirement, "extractor": span._.extractor,
             "link_score": span._.link_score,
             "section": span._.section, "start": span.start_char, "end": span.end_char,
             "text": span.text}
            for span in doc.spans.get("skills", [])
        ],
        "experience": {
            "min_years": doc._.min_years_across_paths, "max_years": doc._.max_years_experience,
            "leadership_years": doc._.leadership_years, "per_skill": doc._.skill_years or {},
            "spans": [{"start": s.start_char, "end": s.end_char, "text": s.text,
                       "years": s._.years, "requirement": s._.requirement}
                      for s in doc.spans.get("experience", [])],
        },
        "education": {"min_degree": doc._.min_degree,
                      "fields": list(doc._.fields_of_study or [])},
        # Names: the education reader's certification patterns plus taxonomy certifications.
        "certifications": sorted(set(doc._.certifications or []) | {
            skills[span._.skill_id].name for span in doc.spans.get("skills", [])
            if span._.skill_category == "certification" and span._.skill_id in skills}),
        "salary": doc._.salary,
        "remote": doc._.work_arrangement,
        "scope": {"team_size": doc._.team_size, "direct_reports": doc._.direct_reports,
                  "budget": ({"amount": doc._.budget[0], "currency": doc._.budget[1]}
                             if doc._.budget else None),
                  "reports_to": doc._.reports_to},
        "versions": {"pipeline": PIPELINE_VERSION, "taxonomy": TAXONOMY_VERSION},
    }
