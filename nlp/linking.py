"""Link a skill span's text to ESCO skills: exact label match first, then similarity.

Similarity is cosine over TF-IDF vectors of character trigrams, whole words and crude word
stems, so spelling variants ("Kubernetes administration" / "administer Kubernetes") and partial phrases still
land near the right concept. Every ESCO preferred and alternative label is indexed; a skill
scores the best of its labels. The index is plain numpy (scikit-learn is not a dependency):
a posting list per feature, and a query is one weighted ``bincount`` over the postings of
its features.

ESCO files are read at run time from the official CSV zip; nothing derived from them is
shipped in the repository.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ESCO_SKILLS_MEMBER = "skills_en.csv"
_NON_WORD = re.compile(r"[^\w+#]+")
_NGRAM = 3
# words that say how much of a skill is wanted, not which skill: "collaboration skills"
# should look like "collaboration", not like every label containing "skills"
_FILLER_WORDS = frozenset({"skills", "skill", "ability", "abilities", "experience",
                           "knowledge", "strong", "excellent", "good", "proven", "solid", "our",
                           "your", "the", "a", "an", "we", "you"})
_SUFFIXES = ("ing", "ment", "ion", "s", "ed", "e")
_MIN_STEM = 4


class EscoFileError(ValueError):
    """The ESCO zip is missing, unreadable or lacks the expected columns."""


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    skill_type: str = ""


@dataclass(frozen=True)
class Link:
    esco_uri: str
    label: str
    score: float


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def stem(word: str) -> str:
    """Drop one common suffix so "managing", "management" and "manage" meet at "manag"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[:-len(suffix)]
    return word


def features(text: str) -> Counter[str]:
    """Character trigrams of the padded words, the words themselves and their stems."""
    words = normalise(text).split()
    words = [word for word in words if word not in _FILLER_WORDS] or words
    grams: Counter[str] = Counter()
    if not words:
        return grams
    padded = f" {' '.join(words)} "
    grams.update(padded[i:i + _NGRAM] for i in range(len(padded) - _NGRAM + 1))
    # prefixes keep "sql" the word and "sql" the trigram apart
    grams.update(f"w:{word}" for word in words)
    grams.update(f"s:{stem(word)}" for word in words)
    return grams


def read_esco_skills(path: str | Path, member: str = ESCO_SKILLS_MEMBER) -> list[EscoSkill]:
    """Skills from the official ESCO CSV zip (``skills_en.csv`` or a collection file)."""
    source = Path(path)
    try:
        with zipfile.ZipFile(source) as archive, archive.open(member) as raw:
            rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    except FileNotFoundError as exc:
        raise EscoFileError(f"ESCO zip not found: {source}") from exc
    except KeyError as exc:
        raise EscoFileError(f"{source} has no {member} (is it the ESCO classification "
                            "CSV zip?)") from exc
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        raise EscoFileError(f"cannot read ESCO zip {source}: {exc}") from exc
    if rows and not {"conceptUri", "preferredLabel", "altLabels"} <= rows[0].keys():
        raise EscoFileError(f"{source}:{member} lacks conceptUri/preferredLabel/altLabels")
    skills = []
    for row in rows:
        alts = tuple(alt.strip() for alt in (row.get("altLabels") or "").split("\n")
                     if alt.strip())
        skills.append(EscoSkill(uri=row["conceptUri"], label=row["preferredLabel"].strip(),
                                alt_labels=alts, skill_type=row.get("skillType") or ""))
    return skills


class EscoLinker:
    """Ranks ESCO skills for a span of text; ``link(text, k)`` returns the top k."""

    def __init__(self, skills: Sequence[EscoSkill]) -> None:
        if not skills:
            raise ValueError("EscoLinker needs at least one skill")
        self.skills = list(skills)
        self._exact: dict[str, int] = {}
        self._gram_ids: dict[str, int] = {}
        owners: list[int] = []
        term_column: list[int] = []
        gram_column: list[int] = []
        count_column: list[int] = []
        for index, skill in enumerate(self.skills):
            for term in (skill.label, *skill.alt_labels):
                key = normalise(term)
                if not key:
                    continue
                # a preferred label wins an exact clash with another skill's alt label
                if key not in self._exact or term == skill.label:
                    self._exact.setdefault(key, index)
                term_index = len(owners)
                owners.append(index)
                for gram, count in features(term).items():
                    term_column.append(term_index)
                    gram_column.append(self._gram_ids.setdefault(gram, len(self._gram_ids)))
                    count_column.append(count)
        # flat (term, feature, count) columns make TF-IDF a few vector operations instead
        # of millions of dictionary updates, which keeps a full-ESCO build to seconds
        self._term_owner = np.asarray(owners, dtype=np.int64)
        self._n_terms = len(owners)
        terms = np.asarray(term_column, dtype=np.int64)
        grams = np.asarray(gram_column, dtype=np.int64)
        document_frequency = np.bincount(grams, minlength=len(self._gram_ids))
        self._idf = np.log((1 + self._n_terms) / (1 + document_frequency)) + 1.0
        weights = (1.0 + np.log(np.asarray(count_column, dtype=np.float64))) * self._idf[grams]
        norms = np.sqrt(np.bincount(terms, weights=weights * weights, minlength=self._n_terms))
        weights /= np.where(norms > 0, norms, 1.0)[terms]
        order = np.argsort(grams, kind="stable")
        self._posting_terms = terms[order]
        self._posting_weights = weights[order]
        self._offsets = np.searchsorted(grams[order], np.arange(len(self._gram_ids) + 1))

    @classmethod
    def from_esco_zip(cls, path: str | Path, labels: Iterable[str] | None = None) -> EscoLinker:
        """Index ESCO's skills, optionally only those whose preferred label is in ``labels``."""
        skills = read_esco_skills(path)
        if labels is not None:
            wanted = set(labels)
            skills = [skill for skill in skills if skill.label in wanted]
        return cls(skills)

    def _query(self, text: str) -> dict[int, float]:
        # features the index never saw cannot match, but still count in the query's norm
        weights: dict[int, float] = {}
        norm = 0.0
        for gram, count in features(text).items():
            gram_id = self._gram_ids.get(gram)
            idf = float(self._idf[gram_id]) if gram_id is not None \
                else math.log(1 + self._n_terms) + 1.0
            value = (1.0 + math.log(count)) * idf
            norm += value * value
            if gram_id is not None:
                weights[gram_id] = value
        scale = math.sqrt(norm) or 1.0
        return {gram_id: value / scale for gram_id, value in weights.items()}

    def link(self, text: str, k: int = 5) -> list[Link]:
        """The k best ESCO skills for ``text``, best first; an exact label match scores 1."""
        if k <= 0:
            return []
        query = self._query(text)
        best = np.zeros(len(self.skills))
        if query:
            slices = [(int(self._offsets[g]), int(self._offsets[g + 1]), w)
                      for g, w in query.items()]
            ids = np.concatenate([self._posting_terms[a:b] for a, b, _ in slices])
            values = np.concatenate([self._posting_weights[a:b] * w for a, b, w in slices])
            term_scores = np.bincount(ids, weights=values, minlength=self._n_terms)
            np.maximum.at(best, self._term_owner, term_scores)
        exact = self._exact.get(normalise(text))
        if exact is not None:
            best[exact] = max(best[exact], 1.0) + 1e-9  # an exact label outranks a tie
        order = np.argsort(-best, kind="stable")[:k]
        return [Link(esco_uri=self.skills[i].uri, label=self.skills[i].label,
                     score=round(min(float(best[i]), 1.0), 4))
                for i in order if best[i] > 0]
