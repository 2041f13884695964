"""Convert SkillSpan CoNLL files to spaCy DocBins for the NER span model.

Writes ``data/training/skillspan/joint_{train,dev}.spacy`` (git-ignored: the corpus is not
committed): both layers as one NER corpus with labels SKILL and KNOWLEDGE. ``doc.ents``
cannot nest, so where a Knowledge span overlaps a Skill span (about 5% of Knowledge spans in
train and dev) the longer span is kept (ties: the Skill). The test split is never converted:
it is only read by ``nlp.evaluation.skillspan``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from nlp.evaluation.skillspan_corpus import DEFAULT_SKILLSPAN_DIR, REPO_ROOT, Sentence, read_split
from nlp.span_model import LABELS

DEFAULT_OUTPUT_DIR = REPO_ROOT / "data" / "training" / "skillspan"
TRAIN_SPLITS = ("train", "dev")


def corpus_path(corpus_dir: Path, split: str) -> Path:
    """The DocBin ``prepare`` writes for ``split`` (train or dev)."""
    return corpus_dir / f"joint_{split}.spacy"


def flat_spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """Both layers' spans without overlaps: longer first, Skill before Knowledge on ties."""
    candidates = sorted(((start, end, label) for label in LABELS
                         for start, end in sentence.spans[label]),
                        key=lambda span: (span[0] - span[1], LABELS.index(span[2]), span[0]))
    kept: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, label in candidates:
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, label))
            taken.update(range(start, end))
    return sorted(kept)


def sentence_doc(vocab: spacy.vocab.Vocab, sentence: Sentence) -> Doc:
    doc = Doc(vocab, words=list(sentence.tokens))
    doc.ents = [doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=label)
                for start, end, label in flat_spans(sentence)]
    return doc


def prepare(data_dir: Path = DEFAULT_SKILLSPAN_DIR,
            output_dir: Path = DEFAULT_OUTPUT_DIR) -> list[Path]:
    """Write one DocBin per training split; returns the written paths."""
    output_dir.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    written = []
    for split in TRAIN_SPLITS:
        sentences = read_split(split, data_dir)
        path = corpus_path(output_dir, split)
        DocBin(docs=(sentence_doc(vocab, s) for s in sentences)).to_disk(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_SKILLSPAN_DIR)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    args = parser.parse_args(argv)
    for path in prepare(args.data_dir, args.output_dir):
        print(path)


if __name__ == "__main__":
    main()
