"""Extend the curated taxonomy at run time from official ESCO and O*NET files.

    python -m nlp.taxonomy_import --esco ESCO.zip --onet "Technology Skills.txt" \\
        -o data/taxonomy_extended.json

* ESCO v1.1.1 classification CSV zip: the skills of one collection (``digital`` by default,
  ``transversal``, or ``all`` of ``skills_en.csv``) become entries with id
  ``esco-<concept uuid>``, the preferred label as name and the alternative labels as
  aliases. Transversal skills are ``soft``; everything else is ``technical``.
* O*NET 29.3 ``Technology Skills.txt``: every distinct product ("Example") becomes
  ``onet-<slug>``, category ``technical``, with its UNSPSC commodity code.

A curated skill is never replaced: when an imported name or alias is already a curated
term, the import only adds the missing cross-reference to that skill, and an imported alias
another entry already owns is dropped (the taxonomy keeps every term unique). The output is
a normal taxonomy file (``nlp.taxonomy.load_taxonomy`` reads it); it is derived from the
official files, so it is never committed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp.linking import EscoFileError, EscoSkill, read_esco_skills
from nlp.taxonomy import DEFAULT_TAXONOMY_PATH, TaxonomyError, bundled_version, validate_entries

ESCO_COLLECTIONS = {"digital": "digitalSkillsCollection_en.csv",
                    "transversal": "transversalSkillsCollection_en.csv",
                    "all": "skills_en.csv"}
_ONET_COLUMNS = ("Example", "Commodity Code", "Commodity Title")


class ImportSourceError(ValueError):
    """An input file is missing or not in the official format; the message names it."""


@dataclass(frozen=True)
class OnetTechnology:
    example: str
    commodity_code: str
    commodity_title: str
    hot: bool


@dataclass
class ImportReport:
    added_esco: int = 0
    added_onet: int = 0
    cross_referenced: int = 0
    dropped_aliases: int = 0
    skipped: list[str] = field(default_factory=list)


def read_onet_technologies(path: str | Path) -> list[OnetTechnology]:
    """Distinct products of O*NET's Technology Skills file, first listing wins."""
    source = Path(path)
    try:
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            missing = [column for column in _ONET_COLUMNS if column not in (reader.fieldnames
                                                                             or ())]
            if missing:
                raise ImportSourceError(f"{source} is not O*NET Technology Skills "
                                        f"(missing {', '.join(missing)})")
            seen: dict[str, OnetTechnology] = {}
            for row in reader:
                example = (row["Example"] or "").strip()
                if example and _key(example) not in seen:
                    seen[_key(example)] = OnetTechnology(
                        example=example, commodity_code=row["Commodity Code"].strip(),
                        commodity_title=row["Commodity Title"].strip(),
                        hot=row.get("Hot Technology") == "Y")
    except OSError as exc:
        raise ImportSourceError(f"cannot read O*NET file {source}: "
                                f"{exc.strerror or exc}") from exc
    return list(seen.values())


def _key(term: str) -> str:
    return " ".join(term.lower().split())


def _slug(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class _Builder:
    """Entries plus the term -> owner index that keeps every name and alias unique."""

    def __init__(self, entries: list[dict]) -> None:
        self.entries = [dict(entry) for entry in entries]
        self.by_id = {entry["id"]: entry for entry in self.entries}
        self.owner = {_key(term): entry["id"] for entry in self.entries
                      for term in (entry["name"], *entry["aliases"])}
        self.report = ImportReport()

    def owner_of(self, terms: Sequence[str]) -> dict | None:
        return next((self.by_id[self.owner[_key(t)]] for t in terms if _key(t) in self.owner),
                    None)

    def add(self, entry: dict, aliases: Sequence[str]) -> None:
        kept: list[str] = []
        for alias in aliases:
            if _key(alias) in self.owner or _key(alias) in map(_key, kept) \
                    or _key(alias) == _key(entry["name"]):
                self.report.dropped_aliases += 1
                continue
            kept.append(alias)
        entry["aliases"] = kept
        self.entries.append(entry)
        self.by_id[entry["id"]] = entry
        for term in (entry["name"], *kept):
            self.owner[_key(term)] = entry["id"]


def extend_taxonomy(base: list[dict], esco: Sequence[EscoSkill] = (),
                    onet: Sequence[OnetTechnology] = (),
                    esco_category: dict[str, str] | None = None
                    ) -> tuple[list[dict], ImportReport]:
    """Base entries plus imported ones; base entries gain cross-references only."""
    builder = _Builder(base)
    esco_category = esco_category or {}
    for skill in esco:
        existing = builder.owner_of([skill.label])
        if existing is not None:
            if "esco_uri" not in existing:
                existing["esco_uri"] = skill.uri
                builder.report.cross_referenced += 1
            continue
        skill_id = "esco-" + skill.uri.rstrip("/").rsplit("/", 1)[-1]
        if skill_id in builder.by_id:
            builder.report.skipped.append(f"{skill.uri}: duplicate concept")
            continue
        builder.add({"id": skill_id, "name": skill.label,
                     "category": esco_category.get(skill.uri, "technical"),
                     "esco_uri": skill.uri}, skill.alt_labels)
        builder.report.added_esco += 1
    for technology in onet:
        reference = {"commodity_code": technology.commodity_code,
                     "example": technology.example}
        existing = builder.owner_of([technology.example])
        if existing is not None:
            if "onet" not in existing:
                existing["onet"] = reference
                builder.report.cross_referenced += 1
            continue
        skill_id = "onet-" + _slug(technology.example)
        if not skill_id[5:] or skill_id in builder.by_id:
            builder.report.skipped.append(f"O*NET {technology.example!r}: id clash")
            continue
        builder.add({"id": skill_id, "name": technology.example, "category": "technical",
                     "onet": reference}, ())
        builder.report.added_onet += 1
    return builder.entries, builder.report


def load_esco(path: str | Path, scope: str) -> tuple[list[EscoSkill], dict[str, str]]:
    """ESCO skills of one collection and the category each imported skill gets."""
    skills = read_esco_skills(path, ESCO_COLLECTIONS[scope])
    transversal = {skill.uri for skill in
                   read_esco_skills(path, ESCO_COLLECTIONS["transversal"])}
    return skills, {uri: "soft" for uri in transversal}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.taxonomy_import",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, help="ESCO v1.1.1 classification CSV zip (en)")
    parser.add_argument("--esco-scope", choices=sorted(ESCO_COLLECTIONS), default="digital")
    parser.add_argument("--onet", type=Path, help="O*NET 29.3 'Technology Skills.txt'")
    parser.add_argument("--base", type=Path, default=DEFAULT_TAXONOMY_PATH,
                        help="taxonomy to extend (the bundled one by default)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.esco is None and args.onet is None:
        parser.error("give --esco and/or --onet")
    try:
        base = json.loads(args.base.read_text(encoding="utf-8"))
        base_entries = base["skills"] if isinstance(base, dict) else base
        validate_entries(base_entries, source=str(args.base))
        esco, categories = load_esco(args.esco, args.esco_scope) if args.esco else ([], {})
        onet = read_onet_technologies(args.onet) if args.onet else []
        entries, report = extend_taxonomy(base_entries, esco, onet, categories)
        validate_entries(entries, source=str(args.output))
    except (OSError, ValueError, KeyError) as exc:
        # EscoFileError, ImportSourceError and TaxonomyError are ValueErrors with a message
        message = exc if isinstance(exc, (EscoFileError, ImportSourceError, TaxonomyError)) \
            else f"{type(exc).__name__}: {exc}"
        print(f"error: {message}", file=sys.stderr)
        return 2
    version = f"{bundled_version(args.base) or 'unversioned'}+import"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in entries)
    args.output.write_text(f'{{\n"version": "{version}",\n"skills": [\n{lines}\n]\n}}\n',
                           encoding="utf-8")
    print(f"wrote {len(entries)} skills to {args.output}: +{report.added_esco} ESCO, "
          f"+{report.added_onet} O*NET, {report.cross_referenced} cross-references added, "
          f"{report.dropped_aliases} clashing aliases dropped, {len(report.skipped)} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
