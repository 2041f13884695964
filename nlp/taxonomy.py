"""The curated skills taxonomy for technology-leadership adverts, validated on load.

The taxonomy lives in ``nlp/data/taxonomy.json`` as ``{"version": ..., "skills": [...]}``;
each skill is ``{"id", "name", "category", "aliases"}`` plus optional cross-references:
``"esco_uri"`` (an ESCO skill concept URI) and ``"onet"`` (``{"commodity_code", "example"}``:
the UNSPSC commodity code and product name O*NET's Technology Skills file lists it under).
Ids are written in the file, never derived from names at run time, so renaming a skill keeps
its history in the warehouse. ``load_taxonomy`` returns ``Skill`` models carrying the ESCO URI and
the O*NET commodity code; ``load_cross_references`` also gives O*NET's example product name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import spacy
from pydantic import ValidationError

from leadtrends.model import SKILL_CATEGORIES, Skill

DEFAULT_TAXONOMY_PATH = Path(__file__).parent / "data" / "taxonomy.json"

# Bump together with the "version" field of the bundled file whenever its content changes;
# a test holds the two equal, so a changed taxonomy cannot ship under an old version.
TAXONOMY_VERSION = "2026.11.1"

_REQUIRED_KEYS = ("id", "name", "category", "aliases")
ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
_COMMODITY_CODE = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class CrossReference:
    """Where a taxonomy skill sits in ESCO and in O*NET's Technology Skills."""

    esco_uri: str | None = None
    onet_commodity_code: str | None = None
    onet_example: str | None = None


class TaxonomyError(ValueError):
    """The taxonomy file is unreadable or an entry breaks a rule; the message names it."""


def load_taxonomy(path: str | Path | None = None) -> list[Skill]:
    """Read and validate a taxonomy file (the bundled one by default)."""
    source = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"cannot read taxonomy {source}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"taxonomy {source} is not valid JSON: {exc}") from exc
    entries = document.get("skills") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise TaxonomyError(f"taxonomy {source} must be a list of skills or {{'skills': [...]}}")
    return validate_entries(entries, source=str(source))


def validate_entries(entries: Iterable[object], source: str = "taxonomy") -> list[Skill]:
    """Turn raw entries into Skills: ids unique, every name/alias unique (ignoring case)."""
    skills: list[Skill] = []
    ids: set[str] = set()
    owner_of_term: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{source} entry #{index}"
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{where}: expected an object, got {type(entry).__name__}")
        where = f"{source} entry #{index} ({entry.get('id', '?')!r})"
        missing = [key for key in _REQUIRED_KEYS if key not in entry]
        if missing:
            raise TaxonomyError(f"{where}: missing {', '.join(missing)}")
        if entry["category"] not in SKILL_CATEGORIES:
            raise TaxonomyError(f"{where}: unknown category {entry['category']!r} "
                                f"(expected one of {', '.join(SKILL_CATEGORIES)})")
        _check_cross_references(entry, where)
        try:
            skill = Skill(skill_id=entry["id"], name=entry["name"], category=entry["category"],
                          aliases=entry["aliases"], esco_uri=entry.get("esco_uri"),
                          onet_commodity_code=(entry.get("onet") or {}).get("commodity_code"))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise TaxonomyError(f"{where}: {field}: {first['msg']}") from exc
        if not skill.skill_id or skill.skill_id != skill.skill_id.strip().lower() \
                or " " in skill.skill_id:
            raise TaxonomyError(f"{where}: id must be a lower-case slug without spaces")
        if skill.skill_id in ids:
            raise TaxonomyError(f"{where}: duplicate id {skill.skill_id!r}")
        ids.add(skill.skill_id)
        for term in (skill.name, *skill.aliases):
            key = " ".join(term.lower().split())
            if not key:
                raise TaxonomyError(f"{where}: blank name or alias")
            if key in owner_of_term:
                raise TaxonomyError(f"{where}: alias {term!r} is already used by skill "
                                    f"{owner_of_term[key]!r}")
            owner_of_term[key] = skill.skill_id
        skills.append(skill)
    if not skills:
        raise TaxonomyError(f"{source}: no skills")
    return skills


def _check_cross_references(entry: dict, where: str) -> None:
    uri = entry.get("esco_uri")
    if uri is not None and (not isinstance(uri, str) or not uri.startswith(ESCO_SKILL_PREFIX)):
        raise TaxonomyError(f"{where}: esco_uri must start with {ESCO_SKILL_PREFIX}")
    onet = entry.get("onet")
    if onet is None:
        return
    if not isinstance(onet, dict) or not _COMMODITY_CODE.match(str(onet.get("commodity_code"))):
        raise TaxonomyError(f"{where}: onet must be {{'commodity_code': 8 digits, 'example'}}")


def load_cross_references(path: str | Path | None = None) -> dict[str, CrossReference]:
    """ESCO / O*NET cross-references by skill id, for the skills that have any."""
    source = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    load_taxonomy(source)  # same validation and errors as the skills themselves
    document = json.loads(source.read_text(encoding="utf-8"))
    entries = document.get("skills") if isinstance(document, dict) else document
    references: dict[str, CrossReference] = {}
    for entry in entries:
        onet = entry.get("onet") or {}
        if entry.get("esco_uri") or onet:
            references[entry["id"]] = CrossReference(
                esco_uri=entry.get("esco_uri"), onet_commodity_code=onet.get("commodity_code"),
                onet_example=onet.get("example"))
    return references


def bundled_version(path: str | Path | None = None) -> str | None:
    """The "version" field written in a taxonomy file (None for a bare list)."""
    source = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    document = json.loads(source.read_text(encoding="utf-8"))
    return document.get("version") if isinstance(document, dict) else None


@spacy.registry.misc("leadtrends.taxonomy.v1")
def taxonomy_from_file(path: str | None = None) -> list[Skill]:
    """Config hook: the skills the matcher looks for (bundled taxonomy unless a path is given)."""
    return load_taxonomy(path)
