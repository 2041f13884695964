"""Convert SkillSpan CoNLL files to spaCy DocBins, one NER corpus per layer.

Writes ``data/training/skillspan/{skill,knowledge}_{train,dev}.spacy`` (git-ignored: the
corpus is not committed). The test split is never converted: it is only read by
``nlp.evaluation.skillspan``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from nlp.evaluation.skillspan_corpus import DEFAULT_SKILLSPAN_DIR, REPO_ROOT, Sentence, read_split

DEFAULT_OUTPUT_DIR = REPO_ROOT / "data" / "training" / "skillspan"
TRAIN_SPLITS = ("train", "dev")


def sentence_doc(vocab: spacy.vocab.Vocab, sentence: Sentence, label: str) -> Doc:
    doc = Doc(vocab, words=list(sentence.tokens))
    doc.ents = [doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=label)
                for start, end in sorted(sentence.spans[label])]
    return doc


def prepare(data_dir: Path = DEFAULT_SKILLSPAN_DIR,
            output_dir: Path = DEFAULT_OUTPUT_DIR) -> list[Path]:
    """Write one DocBin per layer and training split; returns the written paths."""
    output_dir.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    written = []
    for split in TRAIN_SPLITS:
        sentences = read_split(split, data_dir)
        for label in ("SKILL", "KNOWLEDGE"):
            docs = DocBin(docs=(sentence_doc(vocab, s, label) for s in sentences))
            path = output_dir / f"{label.lower()}_{split}.spacy"
            docs.to_disk(path)
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
