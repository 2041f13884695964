"""Reproduce the SkillSpan model: prepare the corpus, train both layers, write the artefact.

    python -m nlp.training.train [--max-steps N]

Each layer (Skill, Knowledge) is trained by ``spacy train`` with ``ner.cfg`` in its own
process, the two side by side (one CPU thread each). The best checkpoint on SkillSpan dev
replaces ``nlp/models/skillspan/<layer>/``. SkillSpan test is never seen here.
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
from nlp.span_model import DEFAULT_MODEL_DIR, LAYER_DIRS
from nlp.training.prepare_skillspan import DEFAULT_OUTPUT_DIR, prepare

CONFIG_PATH = Path(__file__).parent / "ner.cfg"
RUNS_DIR = REPO_ROOT / "data" / "training" / "runs"


def _train_command(layer: str, corpus_dir: Path, max_steps: int | None) -> list[str]:
    command = [sys.executable, "-m", "spacy", "train", str(CONFIG_PATH),
               "--output", str(RUNS_DIR / layer),
               "--paths.train", str(corpus_dir / f"{layer}_train.spacy"),
               "--paths.dev", str(corpus_dir / f"{layer}_dev.spacy")]
    if max_steps is not None:
        command += ["--training.max_steps", str(max_steps)]
    return command


def train(data_dir: Path = DEFAULT_SKILLSPAN_DIR, corpus_dir: Path = DEFAULT_OUTPUT_DIR,
          model_dir: Path = DEFAULT_MODEL_DIR, max_steps: int | None = None) -> dict[str, float]:
    """Train both layers and install them in ``model_dir``; returns dev F1 per label."""
    prepare(data_dir, corpus_dir)
    RUNS_DIR.mkdir(parents=True, exist_ok=True)
    # one thread per process: two processes on two cores beat one process on both
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    running = {}
    for layer in LAYER_DIRS:
        log_path = RUNS_DIR / f"{layer}.log"
        print(f"training {layer}: log in {log_path}", flush=True)
        with log_path.open("w") as log:
            running[layer] = subprocess.Popen(_train_command(layer, corpus_dir, max_steps),
                                              stdout=log, stderr=subprocess.STDOUT, env=env)
    failed = [layer for layer, process in running.items() if process.wait() != 0]
    if failed:
        raise SystemExit(f"training failed for {', '.join(failed)}; see {RUNS_DIR}/*.log")
    return install(model_dir)


def _drop_corpus_strings(layer_dir: Path, label: str) -> None:
    """Empty the saved string store: it lists every word of the training corpus.

    The corpus stays out of the repository; the model itself only reads hashes of token
    features, and the input Doc brings its own strings, so predictions are unchanged.
    """
    (layer_dir / "vocab" / "strings.json").write_text(json.dumps([label]))


def install(model_dir: Path = DEFAULT_MODEL_DIR) -> dict[str, float]:
    """Copy each layer's best checkpoint from the runs folder into the artefact."""
    dev_f1 = {}
    for layer, label in LAYER_DIRS.items():
        best = RUNS_DIR / layer / "model-best"
        target = model_dir / layer
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(best, target)
        _drop_corpus_strings(target, label)
        meta = json.loads((best / "meta.json").read_text())
        dev_f1[label] = round(100 * float(meta["performance"]["ents_f"]), 1)
    model_dir.mkdir(parents=True, exist_ok=True)
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
