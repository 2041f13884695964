"""The trained SkillSpan model: predict SKILL and KNOWLEDGE spans on any tokenised Doc.

The artefact in ``nlp/models/skillspan/`` holds one small spaCy pipeline per layer
(``skill/``, ``knowledge/``), trained by ``python -m nlp.training.train``. Layers are separate
because SkillSpan lets a Knowledge span sit inside a Skill span, which one ``doc.ents`` cannot
hold. Predictions go to a span group (``doc.spans``), which may overlap.

The models run on a copy of the caller's tokens rebuilt in the model's own vocab, so any
pipeline (the product's tokenizer, or SkillSpan's given tokens) can use them unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

DEFAULT_MODEL_DIR = Path(__file__).parent / "models" / "skillspan"
DEFAULT_SPANS_KEY = "skillspan"
# artefact sub-folder -> span label
LAYER_DIRS = {"skill": "SKILL", "knowledge": "KNOWLEDGE"}

TokenSpan = tuple[int, int]  # token start, token end (exclusive)


class SpanModelError(RuntimeError):
    """The SkillSpan artefact is missing or incomplete."""


@dataclass(frozen=True)
class SpanModel:
    """One NER pipeline per label; ``version`` comes from the artefact's ``meta.json``."""

    layers: dict[str, Language]
    version: str

    def predict(self, sentences: Iterable[Sequence[str]],
                batch_size: int = 256) -> list[dict[str, list[TokenSpan]]]:
        """Per sentence (a list of token strings), the predicted token spans of each label."""
        sentences = [list(words) for words in sentences]
        results: list[dict[str, list[TokenSpan]]] = [{label: [] for label in self.layers}
                                                     for _ in sentences]
        for label, nlp in self.layers.items():
            docs = (Doc(nlp.vocab, words=words) for words in sentences)
            for index, doc in enumerate(nlp.pipe(docs, batch_size=batch_size)):
                results[index][label] = [(ent.start, ent.end) for ent in doc.ents
                                         if ent.label_ == label]
        return results

    def add_spans(self, doc: Doc, spans_key: str = DEFAULT_SPANS_KEY) -> Doc:
        """Put the predicted spans of ``doc`` in ``doc.spans[spans_key]`` (sorted, may overlap)."""
        if len(doc) == 0:
            doc.spans[spans_key] = []
            return doc
        words = [token.text for token in doc]
        spaces = [bool(token.whitespace_) for token in doc]
        found: list[Span] = []
        for label, nlp in self.layers.items():
            # whitespace-only tokens are kept so token indices line up with ``doc``
            copy = nlp(Doc(nlp.vocab, words=words, spaces=spaces))
            found.extend(Span(doc, ent.start, ent.end, label=label) for ent in copy.ents
                         if ent.label_ == label)
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
    layers = {}
    for folder, label in LAYER_DIRS.items():
        layer_dir = root / folder
        if not (layer_dir / "config.cfg").is_file():
            raise SpanModelError(f"SkillSpan model layer missing: {layer_dir} "
                                 f"(train it with `python -m nlp.training.train`)")
        layers[label] = spacy.load(layer_dir)
    meta_path = root / "meta.json"
    version = json.loads(meta_path.read_text())["version"] if meta_path.is_file() else "unknown"
    return SpanModel(layers=layers, version=version)


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
