"""Scoring extraction against labelled corpora (``python -m nlp.evaluation.skillspan``)."""
