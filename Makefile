# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench train evaluate docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/leadtrends run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_stages.py

# Reproduces nlp/models/skillspan from SkillSpan train/dev (~16 min on 2 cores).
train: $(STAMP)
	$(BIN)/python -m nlp.training.train

# Re-measures every metric and rewrites docs/EVALUATION.md (needs ../shared/data).
evaluate: $(STAMP)
	$(BIN)/python -m nlp.evaluation.report

# Regenerates docs/DATA_DICTIONARY.md from the schema's COMMENT ON texts.
docs: $(STAMP)
	$(BIN)/python -m warehouse.dictionary

clean:
	rm -rf $(VENV) data .pytest_cache
