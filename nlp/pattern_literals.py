"""What a regular expression's matches must contain, read off the pattern itself.

:func:`literal_factors`: strings every match contains (one of each clause);
:func:`leading_factors`: strings every match starts with; :func:`anchors`: strings every
match holds within a bounded distance of its start. ``nlp.prefilter.Prefiltered`` uses
them to skip a pattern where it cannot match and to try it only where it can start.

Literals the pattern matches case-insensitively are to be looked up in
:func:`leadtrends.textfold.fold` of the text, which maps each character ``re.IGNORECASE``
equates with an ASCII letter to that letter, one character for one.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Factor = tuple[bool, str]  # (look in the folded text?, literal)
Clause = frozenset[Factor]  # a match holds at least one of these


def _score(clause: Clause) -> tuple[int, int]:
    """How selective a clause is: its shortest literal longer, then fewer literals."""
    return min(len(text) for _, text in clause), -len(clause)


def _minimal(factors: set[Factor]) -> Clause:
    """The clause without literals that contain another of its literals ("remote " has
    "remote" in it: wherever the longer one is, so is the shorter)."""
    return frozenset(factor for factor in factors
                     if not any(other != factor and other[0] == factor[0]
                                and other[1] in factor[1] for other in factors))


def _literal(code: int, flags: int) -> Factor | None:
    char = chr(code)
    if not flags & re.IGNORECASE:
        return False, char
    # ASCII is folded exactly and uncased characters ("£", "’") match only themselves;
    # other cased characters have wider equivalences
    if char.isascii() or char.lower() == char == char.upper():
        return True, char.lower()
    return None


def _sequence(items: Any, flags: int) -> list[Clause]:
    """Clauses every match of the sequence satisfies, one per literal run or element."""
    clauses: list[Clause] = []
    run: list[Factor] = []

    def close() -> None:
        if run:
            clauses.append(frozenset({(run[0][0], "".join(text for _, text in run))}))
            run.clear()

    for op, av in items:
        literal = _literal(av, flags) if op is sre.LITERAL else None
        if literal is None or (run and literal[0] != run[0][0]):
            close()
        if literal is not None:
            run.append(literal)
        else:
            clauses.extend(_node(op, av, flags))
    close()
    return clauses


def _node(op: Any, av: Any, flags: int) -> list[Clause]:
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _sequence(pattern, (flags | add_flags) & ~del_flags)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, flags)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, pattern = av
        return _sequence(pattern, flags) if low >= 1 else []
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        chars = [_literal(code, flags) for _, code in av]  # a class of characters: [$£]
        return [frozenset(chars)] if None not in chars else []  # type: ignore[arg-type]
    if op is sre.BRANCH:
        # one of the alternatives matches: the union of each one's most selective clause
        union: set[Factor] = set()
        for alternative in av[1]:
            clauses = _sequence(alternative, flags)
            if not clauses:
                return []
            union |= max(clauses, key=_score)
        return [_minimal(union)]
    # lookarounds may read outside the searched range; classes and anchors hold no literal
    return []


def literal_factors(pattern: re.Pattern[str]) -> list[Clause]:
    """Clauses every match of ``pattern`` satisfies, most selective first.

    A match contains at least one literal of each clause. Literals are ``(folded, text)``:
    ``folded`` ones are lower case and to be found in :func:`fold` of the text, the others
    in the text as it is. No clause: nothing is known, the pattern always runs.
    """
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    clauses = set(_sequence(parsed, parsed.state.flags))
    return sorted(clauses, key=lambda clause: (_score(clause), sorted(clause)), reverse=True)


_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# More opening strings than this cost more finds than the positions they rule out save;
# and once every opening is this long, branching out into more of them no longer pays.
_MAX_OPENINGS = 32
_SELECTIVE = 5
_EMPTY: Factor = (False, "")
# An opening on a digit after a word boundary ("\\b\\d+"): such a match can only start
# where a run of digits starts. Neither folded nor exact, so it is a kind of its own; it
# never opens a longer string (a digit class is not one string).
DIGIT_RUN: Factor = (2, "")  # type: ignore[assignment]
# (openings, whole): every match of an element starts with one of the openings, and when
# ``whole`` each match is one of them, so what follows the element extends them.
Openings = tuple[set[Factor] | None, bool]


def _extend(openings: set[Factor], more: set[Factor]) -> set[Factor] | None:
    """Each opening followed by each of ``more``; None when that mixes folded and exact
    literals in one string or makes too many strings."""
    joined: set[Factor] = set()
    for in_folded, text in openings:
        for more_folded, more_text in more:
            if text and more_text and in_folded != more_folded:
                return None
            joined.add((in_folded if text else more_folded, text + more_text))
    return joined if len(joined) <= _MAX_OPENINGS else None


def _sequence_openings(items: Any, flags: int, bounded: bool = False) -> Openings:
    """``bounded``: the sequence starts at a word boundary (a ``\\b`` just before it)."""
    openings: set[Factor] = {_EMPTY}
    for op, av in items:
        if op in _ZERO_WIDTH:  # \b, look-arounds: they consume nothing
            bounded = bounded or (op is sre.AT and av is sre.AT_BOUNDARY)
            continue
        more, whole = _node_openings(op, av, flags, bounded and openings == {_EMPTY})
        if more is not None and len(more) > 1 \
                and min(len(text) for _, text in openings) >= _SELECTIVE:
            return openings, False
        joined = _extend(openings, more) if more is not None else None
        if joined is None:
            return openings, False
        openings = joined
        if not whole:
            return openings, False
    return openings, True


def _node_openings(op: Any, av: Any, flags: int, bounded: bool = False) -> Openings:
    if op is sre.IN and av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)] and bounded \
            and not flags & re.ASCII:  # ASCII "\b" would hold after a non-ASCII digit
        return {DIGIT_RUN}, False
    if op is sre.LITERAL:
        literal = _literal(av, flags)
        return ({literal} if literal else None), True
    if op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in av):
        chars = [_literal(code, flags) for _, code in av]  # a class of characters: [- ]
        return (None if None in chars else set(chars)), True  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _sequence_openings(pattern, (flags | add_flags) & ~del_flags, bounded)
    if op is sre.ATOMIC_GROUP:
        return _sequence_openings(av, flags, bounded)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, pattern = av
        inner, whole = _sequence_openings(pattern, flags, bounded)
        if low == 0 and high == 1 and whole:  # optional: "(?:a )?", "[- ]?"
            return inner | {_EMPTY}, True
        return inner if low >= 1 else None, whole and low == high == 1
    if op is sre.BRANCH:
        union: set[Factor] = set()
        whole = True
        for alternative in av[1]:
            openings, alternative_whole = _sequence_openings(alternative, flags, bounded)
            union |= openings
            whole = whole and alternative_whole
        return union, whole
    return None, False


def leading_factors(pattern: re.Pattern[str]) -> Clause | None:
    """Strings one of which every match of ``pattern`` starts with, in
    :func:`literal_factors`' terms: ``\\b(?:not|no)[- ]remote`` opens on "not-remote",
    "not remote", "no-remote" or "no remote". None when a match may open on something else
    ("\\d+", an optional part that nothing literal follows) or on a single letter, too
    common to be worth looking for."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    openings, _ = _sequence_openings(parsed, parsed.state.flags)
    if any(len(text) < 2 and (text.isalnum() or not text)
           for _, text in openings - {DIGIT_RUN}):
        return None
    # "team" opens wherever "teams" does: keep the shortest of strings sharing a start
    return frozenset(factor for factor in openings
                     if not any(other != factor and other[0] == factor[0]
                                and factor[1].startswith(other[1]) for other in openings))


# A string each match holds, and the least and most characters a match has before it.
Anchor = tuple[Factor, int, int]
# Farther apart than this, the places a match may start around an anchor cost more to try
# than looking for the openings does.
_MAX_WINDOW = 40


def anchors(pattern: re.Pattern[str]) -> list[Anchor] | None:
    """Strings one of which every match of ``pattern`` holds a bounded number of characters
    after its start, as few different strings as the pattern allows and none shorter than
    five characters: ``\\b(?:not|no)[- ](?:a )?remote\\b|\\bremote work is not`` has
    ``remote`` 3 to 6 characters in, or at its start. None when some match may hold none
    of them so (an unbounded part before every selective string, as in ``\\s+budget``)."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    found = _sequence_anchors(list(parsed), parsed.state.flags, parsed.state)
    return None if found is None else _within_each_other(found)


def _width(items: Any, state: Any) -> tuple[int, int]:
    low, high = sre_parse.SubPattern(state, list(items)).getwidth()
    return low, high


def _cost(found: list[Anchor]) -> tuple[int, int, int]:
    """Fewer strings to look for first, then longer ones, then narrower windows."""
    strings = {factor for factor, _, _ in _within_each_other(found)}
    return (len(strings), -min(len(text) for _, text in strings),
            max(high - low for _, low, high in found))


def _sequence_anchors(items: list[Any], flags: int, state: Any) -> list[Anchor] | None:
    """The cheapest anchors of a sequence, offsets counted from its start."""
    options: list[list[Anchor]] = []
    low = high = 0
    for index, (op, av) in enumerate(items):
        if high >= sre.MAXREPEAT:
            break  # no bound on how far into the match anything after this lies
        # the strings the rest of the sequence opens on, here
        openings, _ = _sequence_openings(items[index:], flags)
        if all(len(text) >= _SELECTIVE and in_folded in (True, False)
               for in_folded, text in openings):
            options.append([(opening, low, high) for opening in openings])
        # or the anchors of each branch of an alternation, or of a group
        branches: list[tuple[list[Any], int]] = []
        if op is sre.BRANCH:
            branches = [(list(alternative), flags) for alternative in av[1]]
        elif op is sre.SUBPATTERN:
            _, add_flags, del_flags, pattern = av
            branches = [(list(pattern), (flags | add_flags) & ~del_flags)]
        inner = [_sequence_anchors(branch, branch_flags, state)
                 for branch, branch_flags in branches]
        if inner and all(found is not None for found in inner):
            options.append([(factor, low + first, high + last)
                            for found in inner for factor, first, last in found or ()])
        item_low, item_high = _width([(op, av)], state)
        low, high = low + item_low, high + item_high
    options = [found for found in options
               if max(last - first for _, first, last in found) <= _MAX_WINDOW]
    return min(options, key=_cost) if options else None


def _within_each_other(found: list[Anchor]) -> list[Anchor]:
    """Each string that holds another of the strings replaced by that one ("remote work"
    by "remote", further into the match): wherever the longer one is, so is the shorter."""
    strings = {factor for factor, _, _ in found}
    changed = True
    while changed:
        changed = False
        shorter: list[Anchor] = []
        for (in_folded, text), low, high in found:
            inside = next((other for other_folded, other in strings
                           if other_folded == in_folded and other != text and other in text),
                          None)
            if inside is not None:
                at = text.index(inside)
                shorter.append(((in_folded, inside), low + at, high + at))
                changed = True
            else:
                shorter.append(((in_folded, text), low, high))
        found = shorter
        strings = {factor for factor, _, _ in found}
    return sorted(set(found))
