"""Reproduce the SkillSpan model: prepare the corpus, train it, write the artefact.

    python -m nlp.training.train [--max-steps N]

``spacy train`` with ``ner.cfg`` learns one NER over both layers (SKILL, KNOWLEDGE). The
best checkpoint on SkillSpan dev replaces ``nlp/models/skillspan/joint/``. SkillSpan test is
never seen here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from nlp.evaluation.skillspan_corpus import DEFAULT_SKILLSPAN_DIR, REPO_ROOT
from nlp.span_model import DEFAULT_MODEL_DIR, LABELS, MODEL_FOLDER
from nlp.training.prepare_skillspan import DEFAULT_OUTPUT_DIR, corpus_path, prepare

CONFIG_PATH = Path(__file__).parent / "ner.cfg"
RUNS_DIR = REPO_ROOT / "data" / "training" / "runs"
LEGACY_LAYER_FOLDERS = ("skill", "knowledge")


def _train_command(corpus_dir: Path, runs_dir: Path, max_steps: int | None) -> list[str]:
    command = [sys.executable, "-m", "spacy", "train", str(CONFIG_PATH),
               "--output", str(runs_dir / MODEL_FOLDER),
               "--paths.train", str(corpus_path(corpus_dir, "train")),
               "--paths.dev", str(corpus_path(corpus_dir, "dev"))]
    if max_steps is not None:
        command += ["--training.max_steps", str(max_steps)]
    return command


def train(data_dir: Path = DEFAULT_SKILLSPAN_DIR, corpus_dir: Path = DEFAULT_OUTPUT_DIR,
          model_dir: Path = DEFAULT_MODEL_DIR, max_steps: int | None = None,
          runs_dir: Path = RUNS_DIR) -> dict[str, float]:
    """Train the model and install it in ``model_dir``; returns dev F1 per label."""
    prepare(data_dir, corpus_dir)
    runs_dir.mkdir(parents=True, exist_ok=True)
    log_path = runs_dir / f"{MODEL_FOLDER}.log"
    print(f"training: log in {log_path}", flush=True)
    # one BLAS thread, as the committed model was trained (threads can reorder float sums)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    with log_path.open("w") as log:
        status = subprocess.run(_train_command(corpus_dir, runs_dir, max_steps), stdout=log,
                                stderr=subprocess.STDOUT, env=env, check=False).returncode
    if status != 0:
        raise SystemExit(f"training failed; see {log_path}")
    return install(model_dir, runs_dir)


def _drop_corpus_strings(pipeline_dir: Path) -> None:
    """Empty the saved string store: it lists every word of the training corpus.

    The corpus stays out of the repository; the model itself only reads hashes of token
    features, and the input Doc brings its own strings, so predictions are unchanged.
    """
    (pipeline_dir / "vocab" / "strings.json").write_text(json.dumps(list(LABELS)))


def install(model_dir: Path = DEFAULT_MODEL_DIR, runs_dir: Path = RUNS_DIR) -> dict[str, float]:
    """Copy the best checkpoint from the runs folder into the artefact."""
    best = runs_dir / MODEL_FOLDER / "model-best"
    target = model_dir / MODEL_FOLDER
    # the model's folder, and the per-layer folders of artefacts before the joint model
    for old in (target, *(model_dir / layer for layer in LEGACY_LAYER_FOLDERS)):
        if old.is_dir():
            shutil.rmtree(old)
    shutil.copytree(best, target)
    _drop_corpus_strings(target)
    meta = json.loads((best / "meta.json").read_text())
    per_type = meta["performance"]["ents_per_type"]
    dev_f1 = {label: round(100 * float(per_type[label]["f"]), 1) for label in LABELS}
    (model_dir / "meta.json").write_text(json.dumps({
        "version": f"skillspan-ner.{date.today().isoformat()}",
        "trained_on": "SkillSpan train (house+tech); best checkpoint on dev",
        "dev_strict_f1": dev_f1,
        "config": "nlp/training/ner.cfg",
    }, indent=2) + "\n")
    return dev_f1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the SkillSpan span model.")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_SKILLSPAN_DIR)
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR,
                        help="where to install the trained layers (default: the artefact)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="override training.max_steps in ner.cfg")
    parser.add_argument("--install-only", action="store_true",
                        help="copy the finished runs into the artefact without training")
    args = parser.parse_args(argv)
    if args.install_only:
        dev_f1 = install(args.model_dir)
    else:
        dev_f1 = train(args.data_dir, model_dir=args.model_dir, max_steps=args.max_steps)
    print(f"installed {args.model_dir}; dev strict F1: {dev_f1}")


if __name__ == "__main__":
    main()
