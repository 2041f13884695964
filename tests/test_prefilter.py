"""The crawl-time title prefilter tags likely tech-leadership adverts and keeps everything."""

from __future__ import annotations

import pytest

from leadtrends.model import TARGET_FAMILIES
from leadtrends.prefilter import likely_tech_leadership
from leadtrends.sample_board import generate_board


@pytest.mark.parametrize("title", [
    "Head of IT", "Engineering Manager", "CTO", "Chief Information Officer", "IT Manager",
    "Director of Information Security", "Data Centre Operations Manager", "NOC Manager",
    "Deputy Commissioner, Chief Information Officer", "VP Engineering",
    "IT Service Delivery Manager", "Technology Lead",
])
def test_tech_leadership_titles_are_tagged(title):
    assert likely_tech_leadership(title)


@pytest.mark.parametrize("title", [
    "Senior Software Engineer", "Marketing Manager", "HR Director", "Accountant",
    "Store Manager", "Data Analyst", "Head of Sales",
])
def test_other_titles_are_not_tagged(title):
    assert not likely_tech_leadership(title)


def test_prefilter_catches_nearly_every_target_advert_on_the_sample_board():
    board = generate_board(n_adverts=600)
    targets = [a for a in board.adverts if a.role_family in TARGET_FAMILIES]
    others = [a for a in board.adverts if a.role_family not in TARGET_FAMILIES]
    recall = sum(likely_tech_leadership(a.title) for a in targets) / len(targets)
    false_rate = sum(likely_tech_leadership(a.title) for a in others) / len(others)
    assert recall >= 0.95
    assert false_rate <= 0.25
