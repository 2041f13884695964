"""Reading the SkillSpan corpus (Zhang et al., NAACL 2022) from ``../shared/data/skillspan``.

The CoNLL files carry two independent BIO layers per token (Skill, Knowledge); a Knowledge
span may sit inside a Skill span, so each layer is read into its own list of spans.
Only the CoNLL files are used: they keep the house/tech split the paper reports.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SKILLSPAN_DIR = REPO_ROOT.parent / "shared" / "data" / "skillspan"
SOURCES = ("house", "tech")
SPLITS = ("train", "dev", "test")
# layer name in the corpus -> span label used in the product
LAYERS = {"Skill": "SKILL", "Knowledge": "KNOWLEDGE"}

TokenSpan = tuple[int, int]  # token start, token end (exclusive)


@dataclass(frozen=True)
class Sentence:
    source: str
    tokens: tuple[str, ...]
    # label ("SKILL"/"KNOWLEDGE") -> gold spans
    spans: dict[str, frozenset[TokenSpan]] = field(default_factory=dict)


class CorpusError(ValueError):
    """A SkillSpan file is missing or not in the documented three-column format."""


def bio_to_spans(tags: list[str]) -> frozenset[TokenSpan]:
    """Spans from one BIO layer; an I- tag after O opens a span, as conlleval reads it."""
    spans: set[TokenSpan] = set()
    start: int | None = None
    for index, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            if start is not None:
                spans.add((start, index))
            start = index
        elif tag == "O":
            if start is not None:
                spans.add((start, index))
            start = None
    if start is not None:
        spans.add((start, len(tags)))
    return frozenset(spans)


def conll_path(split: str, source: str, data_dir: Path = DEFAULT_SKILLSPAN_DIR) -> Path:
    return Path(data_dir) / "conll" / f"skillspan_{source}_{split}.conll"


def read_conll(path: Path, source: str) -> Iterator[Sentence]:
    if not path.is_file():
        raise CorpusError(f"SkillSpan file not found: {path}")
    rows: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    yield _sentence(rows, source)
                    rows = []
                continue
            columns = line.split("\t")
            if len(columns) != 3:
                raise CorpusError(f"{path}:{number}: expected token<TAB>skill<TAB>knowledge, "
                                  f"got {len(columns)} column(s)")
            rows.append((columns[0], columns[1], columns[2]))
    if rows:
        yield _sentence(rows, source)


def _sentence(rows: list[tuple[str, str, str]], source: str) -> Sentence:
    tokens = tuple(row[0] for row in rows)
    return Sentence(source=source, tokens=tokens, spans={
        "SKILL": bio_to_spans([row[1] for row in rows]),
        "KNOWLEDGE": bio_to_spans([row[2] for row in rows]),
    })


def read_split(split: str, data_dir: Path = DEFAULT_SKILLSPAN_DIR,
               sources: tuple[str, ...] = SOURCES) -> list[Sentence]:
    """All sentences of one split, house first then tech."""
    if split not in SPLITS:
        raise CorpusError(f"unknown SkillSpan split {split!r}; expected one of {SPLITS}")
    return [sentence for source in sources
            for sentence in read_conll(conll_path(split, source, data_dir), source)]
