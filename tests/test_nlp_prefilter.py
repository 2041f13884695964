"""nlp.prefilter: a literal check may skip a pattern only where the pattern cannot match."""

from __future__ import annotations

import random
import re

import pytest

from nlp import education, requirements, scope
from nlp.prefilter import (
    DIGIT_RUN,
    Prefiltered,
    anchors,
    fold,
    leading_factors,
    literal_factors,
)

# every pattern the readers guard, as plain compiled patterns
GUARDED = [
    prefiltered.pattern for prefiltered in (
        *scope._TEAM, scope._DIRECT_REPORTS, *scope._BUDGET, scope._HYBRID, scope._REMOTE,
        scope._NOT_REMOTE, scope._ON_SITE, education._PREFERRED,
        education._FIELD, requirements._NOT_A_PATH, requirements._SHARED_ITEM,
        requirements._BEYOND_ENTRY, scope._REPORTS_TO)
] + [
    re.compile("|".join(education.degree_patterns()[level]), re.IGNORECASE)
    for level in education.degree_patterns()
] + [re.compile("|".join(education.certification_patterns()))] + [
    requirements._compile(cues).pattern for cues in requirements.requirement_cues().values()
]

TEXTS = [
    "Lead a team of 12 engineers and manage a £4.5m budget.",
    "Hybrid: two days a week in the office. This role is REMOTE-first.",
    "A Master's degree in Computer Science is preferred; PMP or CISSP a plus.",
    "HOWEVER, experience may be SUBSTITUTED in lieu of education.",
    # characters re.IGNORECASE equates with ASCII letters though str.lower() does not
    "Maſter\u2019s degree, \u212aey skills, H\u0130BR\u0130D work, budget \u0131n total, ſix staff",
    "ſubſtitute \u0130N L\u0130EU OF; Bachelor\u2019s Degree \u0130n Engineering",
    "",
]


def _random_texts(count: int) -> list[str]:
    pieces = ["team of ", "12", "five", " engineers", "budget", " £3m", "$2,000,000 ",
              "remote", "hybrid", " days in the office", "degree in ", "master", "\u017f",
              "\u0130", "\u0131", "\u212a", "K", "S", "I", " ", "\n", ".", ";", "PMP", "ITIL",
              "on-site", "preferred", "substitut", "however", "manag", "direct reports: ",
              "a plus", "at least", "must", "teams", "leading", "in office", "in person",
              "a1", "5", "x", "-person", " member", " team", "0", " direct reports",
              "reports to ", "Chief Officer", " of ", "To be eligible ", "Assignment Level II",
              "NOTE:", "special note", "CISSP", "CCNA", "CCNP", "SAFe", "Certified Scrum",
              "AWS Certified", "Azure Administrator", "CompTIA A+", "CC", "Six Sigma",
              " from ", "working from home", "this role is remote", "not a remote", "non-remote",
              " days a week in our office", "split between home", "-strong", " people",
              "fully remote", "remote (UK)", "remote-first", "twelve", "fifteen-person",
              "  team", "office-based", "five days a week in the office", "\u0663"]
    rng = random.Random(7)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
            for _ in range(count)]


def test_fold_keeps_offsets_and_folds_like_ignorecase() -> None:
    text = "\u0130stanbul \u212aelvin ſ \u0131 ÜBER"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "istanbul kelvin s i über"


def test_literal_factors_are_read_off_the_pattern() -> None:
    clauses = literal_factors(re.compile(r"\bbudgets? of (?:\$|£)\d+", re.IGNORECASE))
    assert frozenset({(True, "budget")}) in clauses
    assert frozenset({(True, "$"), (True, "£")}) in clauses
    assert literal_factors(re.compile(r"\d+|\w+")) == []
    # case-sensitive literals are looked up as written
    assert literal_factors(re.compile(r"\bPMP\b")) == [frozenset({(False, "PMP")})]
    # an optional part says nothing, a scoped flag folds only its own literals
    assert literal_factors(re.compile(r"(?:x)?")) == []
    assert set(literal_factors(re.compile(r"(?i:ab)CD"))) == {frozenset({(True, "ab")}),
                                                             frozenset({(False, "CD")})}


def test_leading_factors_are_the_strings_a_match_opens_on() -> None:
    assert leading_factors(re.compile(r"\b(?:teams?|staff) of \d+", re.IGNORECASE)) == \
        frozenset({(True, "team of "), (True, "teams of "), (True, "staff of ")})
    assert leading_factors(re.compile(r"(?<!\w)[$£]\d+")) == \
        frozenset({(False, "$"), (False, "£")})
    # short openings branch out into the strings they can go on as; a case-sensitive part
    # ends a folded opening
    assert leading_factors(re.compile(r"\b(?:no|not)[- ]?(?:a )?remote", re.IGNORECASE)) == \
        frozenset((True, f"{word}{gap}{article}remote") for word in ("no", "not")
                  for gap in ("-", " ", "") for article in ("a ", ""))
    assert leading_factors(re.compile(r"(?i:reports to )[A-Z]\w+")) == \
        frozenset({(True, "reports to ")})
    # digits after a word boundary open where a run of digits does
    assert leading_factors(re.compile(r"\b(?:\d+|one) people", re.IGNORECASE)) == \
        frozenset({DIGIT_RUN, (True, "one")})
    # (with ASCII word boundaries a digit may follow a non-ASCII digit: no such promise)
    assert leading_factors(re.compile(r"\b\d+ people", re.ASCII)) is None
    # an optional opening, a class, or one letter: no leading string to look for
    for pattern in (r"(?:from )?\d+", r"\d+ people", r"\d+ years", r"[a-z]+ing", r"a|bc", r"(?:ab)?"):
        assert leading_factors(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern", GUARDED, ids=lambda pattern: pattern.pattern[:40])
def test_prefiltered_patterns_find_what_the_plain_pattern_finds(pattern: re.Pattern) -> None:
    guarded = Prefiltered(pattern)
    for text in TEXTS + _random_texts(400):
        assert [m.span() for m in guarded.find_all(text)] == \
            [m.span() for m in pattern.finditer(text)]
        assert bool(guarded.search(text)) == bool(pattern.search(text))
        middle = len(text) // 2
        assert [m.span() for m in guarded.find_all(text, 1, middle, fold(text))] == \
            [m.span() for m in pattern.finditer(text, 1, middle)]
        sliced = guarded.search_slice(text, 1, middle)
        plain = pattern.search(text[1:middle])
        assert (sliced and sliced.span()) == (plain and plain.span())


def test_anchors_are_strings_held_a_bounded_distance_into_every_match() -> None:
    assert anchors(re.compile(r"\b(?:not|no|non)[- ](?:a )?remote\b|\bremote work is not\b",
                              re.IGNORECASE)) == [((True, "remote"), 0, 0),
                                                  ((True, "remote"), 3, 4),
                                                  ((True, "remote"), 5, 6)]
    assert anchors(re.compile(r"\b(?:\d{1,4}|one|fifteen)[- ](?:person|people)\s+team",
                              re.IGNORECASE)) == [((True, "people"), 2, 8),
                                                  ((True, "person"), 2, 8)]
    # case-sensitive strings are kept as written, and a string holding another is
    # replaced by it, further in
    assert anchors(re.compile(r"Remote work|(?:fully|partly) Remote work")) == \
        [((False, "Remote work"), 0, 0), ((False, "Remote work"), 6, 6),
         ((False, "Remote work"), 7, 7)]
    # no bound on where the only selective string lies, or nothing selective at all
    for pattern in (r"\w+\s+budget", r"a|b", r"(?:\d+)", r"\bno\s*(?:one|two)"):
        assert anchors(re.compile(pattern)) is None


def test_matches_found_around_anchors_are_every_match() -> None:
    # looked for around "remote" when it is rare in the text, from the openings when it
    # is common (the same matches either way)
    pattern = re.compile(r"\b(?:not|no|non)[- ](?:a )?remote\b|\bremote work is not\b",
                         re.IGNORECASE)
    guarded = Prefiltered(pattern)
    assert guarded._anchors is not None
    for text in ("a non-remote role; Remote work is NOT offered", "remote " * 60 + "no remote",
                 "not a remote", "no  remote", "nonremote", "\u0130remote no-a remote"):
        assert [m.span() for m in guarded.find_all(text)] == \
            [m.span() for m in pattern.finditer(text)]
    # openings on a run of digits, any digits re's \d takes
    pattern = re.compile(r"\b(?:\d{1,4}|one)[- ](?:person|people)\s+team", re.IGNORECASE)
    guarded = Prefiltered(pattern)
    assert guarded._anchors is not None
    for text in ("a 12-person team", "\u0663\u0664 people team", "x12 people team",
                 "one person team, 123456 people team", "12-people  team"):
        assert [m.span() for m in guarded.find_all(text)] == \
            [m.span() for m in pattern.finditer(text)]


def test_openings_found_together_are_every_place_one_starts() -> None:
    # capital-led exact openings are looked for with one alternation: overlapping and
    # nested ones ("CCNA" inside "CCCNA", "AB" and "ABCD") must all be listed
    pattern = Prefiltered(r"\b(?:ABCD|BCDE|CDEF|AB|CCNA|Xy z)\b|\bpeople\b")
    texts = ["ABCDEFG", "CCCNA ABAB", "Xy z ab ABCD people", "", "abcd", "CC"] + \
        _random_texts(200)
    for text in texts:
        expected = sorted({at for opening in ("ABCD", "BCDE", "CDEF", "AB", "CCNA", "Xy z",
                                              "people")
                           for at in range(len(text)) if text.startswith(opening, at)})
        assert pattern.starts(text) == expected
        assert pattern.starts(text, pos=1, endpos=5) == \
            [at for at in expected if at >= 1 and at + 2 <= 5 and any(
                text.startswith(opening, at) and at + len(opening) <= 5
                for opening in ("ABCD", "BCDE", "CDEF", "AB", "CCNA", "Xy z", "people"))]


def test_numeric_lines_are_the_lines_with_a_digit_or_number_word() -> None:
    def plain(text: str) -> str:
        return "\n".join(line for line in text.splitlines()
                         if re.search(r"\d", line) or scope._NUMBER_WORD.search(line))

    texts = TEXTS + _random_texts(400) + [
        "Someone often\r\nOne team\x0bthree\u2028lead 12\n\nſix\rnone\r\n", "ſeven", "\n\n",
        "one_two\nten\u00b2\nfive\u0663\n\u0663\n(six)\nnine-ten\n\u0130one\nfourk",
        "\u039f\u039d\u0395 \u0391\u03a3\n\u03a3 2\r\n\u03a3\u0391 one\u2028\u03a3"]
    for text in texts:
        assert scope.numeric_lines(text) == plain(text)
        # and its folded form is those lines of the folded text
        kept = [index for index, line in enumerate(text.splitlines())
                if re.search(r"\d", line) or scope._NUMBER_WORD.search(line)]
        folded_lines = fold(text).splitlines()
        assert scope._numeric_lines(text, fold(text))[1] == \
            "\n".join(folded_lines[index] for index in kept)
