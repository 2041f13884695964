"""Training the SkillSpan span model (``python -m nlp.training.train``)."""
