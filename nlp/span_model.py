"""The trained SkillSpan model: predict SKILL and KNOWLEDGE spans on any tokenised Doc.

The artefact in ``nlp/models/skillspan/`` holds one small spaCy pipeline (``joint/``: a
tok2vec and one NER with both labels), trained by ``python -m nlp.training.train``. One NER
cannot nest a Knowledge span inside a Skill span as SkillSpan sometimes does (about 5% of
Knowledge spans); one model over both layers runs twice as fast as one model per layer.
Predictions go to a span group (``doc.spans``).

The model runs on a copy of the caller's tokens rebuilt in the model's own vocab, so any
pipeline (the product's tokenizer, or SkillSpan's given tokens) can use it unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

DEFAULT_MODEL_DIR = Path(__file__).parent / "models" / "skillspan"
DEFAULT_SPANS_KEY = "skillspan"
MODEL_FOLDER = "joint"  # the artefact's sub-folder holding the spaCy pipeline
LABELS = ("SKILL", "KNOWLEDGE")

TokenSpan = tuple[int, int]  # token start, token end (exclusive)


class SpanModelError(RuntimeError):
    """The SkillSpan artefact is missing or incomplete."""


@dataclass(frozen=True)
class SpanModel:
    """One NER pipeline over both labels; ``version`` comes from the artefact's ``meta.json``."""

    nlp: Language
    version: str

    def copy_tokens(self, doc: Doc, start: int = 0, end: int | None = None) -> Doc:
        """``doc[start:end]`` as a Doc in the model's vocab (whitespace tokens kept, so token
        offsets line up with ``doc``)."""
        tokens = doc[start:end]
        return Doc(self.nlp.vocab, words=[token.text for token in tokens],
                   spaces=[bool(token.whitespace_) for token in tokens])

    def pipe_ents(self, docs: Iterable[Doc], batch_size: int = 256
                  ) -> Iterator[list[tuple[int, int, str]]]:
        """Per model-vocab Doc, its predicted (token start, token end, label) spans."""
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield [(ent.start, ent.end, ent.label_) for ent in doc.ents
                   if ent.label_ in LABELS]

    def predict(self, sentences: Iterable[Sequence[str]],
                batch_size: int = 256) -> list[dict[str, list[TokenSpan]]]:
        """Per sentence (a list of token strings), the predicted token spans of each label."""
        docs = (Doc(self.nlp.vocab, words=list(words)) for words in sentences)
        results = []
        for ents in self.pipe_ents(docs, batch_size):
            by_label: dict[str, list[TokenSpan]] = {label: [] for label in LABELS}
            for start, end, label in ents:
                by_label[label].append((start, end))
            results.append(by_label)
        return results

    def add_spans(self, doc: Doc, spans_key: str = DEFAULT_SPANS_KEY) -> Doc:
        """Put the predicted spans of ``doc`` in ``doc.spans[spans_key]`` (sorted)."""
        found: list[Span] = []
        if len(doc):
            [ents] = self.pipe_ents([self.copy_tokens(doc)])
            found = [Span(doc, start, end, label=label) for start, end, label in ents]
        doc.spans[spans_key] = sorted(found, key=lambda span: (span.start, span.end, span.label_))
        return doc


def span_model_version(model_dir: str | Path | None = None) -> str:
    """``model.<version>`` from the artefact's meta.json (``model.none`` when it is absent)."""
    meta_path = (Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR) / "meta.json"
    if not meta_path.is_file():
        return "model.none"
    return f"model.{json.loads(meta_path.read_text())['version']}"


def load_span_model(model_dir: str | Path | None = None) -> SpanModel:
    """The SkillSpan model from ``model_dir`` (the committed artefact by default); cached."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    return _load(str(path.resolve()))


@lru_cache(maxsize=2)
def _load(path: str) -> SpanModel:
    root = Path(path)
    model_dir = root / MODEL_FOLDER
    if not (model_dir / "config.cfg").is_file():
        raise SpanModelError(f"SkillSpan model missing: {model_dir} "
                             f"(train it with `python -m nlp.training.train`)")
    meta_path = root / "meta.json"
    version = json.loads(meta_path.read_text())["version"] if meta_path.is_file() else "unknown"
    return SpanModel(nlp=spacy.load(model_dir), version=version)


class SkillSpanComponent:
    """Pipeline component: the trained model's spans in ``doc.spans[spans_key]``."""

    def __init__(self, model: SpanModel, spans_key: str) -> None:
        self.model = model
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        return self.model.add_spans(doc, self.spans_key)


@Language.factory("leadtrends_skillspan",
                  default_config={"model_dir": None, "spans_key": DEFAULT_SPANS_KEY})
def make_skillspan_component(nlp: Language, name: str, model_dir: str | None,
                             spans_key: str) -> SkillSpanComponent:
    return SkillSpanComponent(load_span_model(model_dir), spans_key)
