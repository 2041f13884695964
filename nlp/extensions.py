"""Custom attributes the leadtrends components read and write (``doc._``, ``span._``, ``token._``).

Registered once per process by every factory, so any component can be added alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, SpanGroup, Token

from nlp.prefilter import fold

Section = tuple[int, int, str]
Offsets = tuple[int, int]  # (start_char, end_char)
TEXT_KEY = "leadtrends_text"
# a span group's attribute: the character offsets of its spans, in order
OFFSETS_ATTR = "leadtrends_offsets"
FOLDED_KEY = "leadtrends_folded"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call.

    Doc.text is rebuilt token by token on every access, which several components would
    otherwise pay for on every advert; the extract stage stores the text it tokenised.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def doc_folded(doc: Doc) -> str:
    """:func:`nlp.prefilter.fold` of the doc's text, kept in ``doc.user_data``."""
    folded = doc.user_data.get(FOLDED_KEY)
    if folded is None:
        folded = doc.user_data[FOLDED_KEY] = fold(doc_text(doc))
    return folded


def set_span_values(doc: Doc, name: str,
                    values: Iterable[tuple[int, int, object]]) -> None:
    """``span._.<name> = value`` for each ``(start_char, end_char, value)`` of ``values``.

    The same writes without an ``Underscore`` object per span (about 1 us each, and the
    components set several values on every span of every advert), all in one update.
    spaCy 3.8 keeps span extension values in ``doc.user_data`` under ``("._.", name,
    start_char, end_char)``, which is where this writes; tests/test_nlp_pipeline.py reads
    the values back through ``span._``, so a spaCy that stored them elsewhere would fail
    there. Only for extensions without a setter (none of ours has one).
    """
    doc.user_data.update({("._.", name, start, end): value for start, end, value in values})


def set_spans(doc: Doc, key: str, spans: list[Span],
              offsets: list[Offsets] | None = None) -> None:
    """``doc.spans[key] = spans``, with the spans' character offsets kept as an attribute of
    the group (``offsets`` when the caller has them): :func:`span_offsets` reads them there,
    where going through the group makes a Span of each (~1 us apiece)."""
    if offsets is None:
        offsets = [(span.start_char, span.end_char) for span in spans]
    doc.spans[key] = SpanGroup(doc, name=key, attrs={OFFSETS_ATTR: offsets}, spans=spans)


def span_offsets(doc: Doc, key: str) -> list[Offsets]:
    """``(start_char, end_char)`` of each span in ``doc.spans[key]`` (none when no group).

    From the group's attribute when :func:`set_spans` wrote it and the group still holds as
    many spans; read span by span otherwise. A group is only ever replaced whole by the
    leadtrends components, never changed in place, which a count cannot tell apart.
    """
    group = doc.spans.get(key)
    if group is None:
        return []
    offsets = group.attrs.get(OFFSETS_ATTR)
    if offsets is None or len(offsets) != len(group):
        return [(span.start_char, span.end_char) for span in group]
    return offsets


def span_values(doc: Doc, name: str, offsets: Iterable[Offsets]) -> list[object]:
    """``span._.<name>`` of the span at each of ``offsets``, read where
    :func:`set_span_values` writes (the extension's default where none was written)."""
    default = Span.get_extension(name)[0]  # type: ignore[index]
    user_data = doc.user_data
    return [user_data.get(("._.", name, start, end), default) for start, end in offsets]


def set_doc_values(doc: Doc, **values: object) -> None:
    """``doc._.name = value`` for each of ``values``, without an ``Underscore`` object.

    As :func:`set_span_values` does for spans: spaCy 3.8 keeps doc extension values in
    ``doc.user_data`` under ``("._.", name, None, None)``. tests/test_nlp_pipeline.py reads
    every value the components write back through ``doc._``. Only for extensions without a
    setter (none of ours has one).
    """
    user_data = doc.user_data
    for name, value in values.items():
        user_data[("._.", name, None, None)] = value


def section_at(doc: Doc, char: int) -> str | None:
    """Name of the advert section holding character offset ``char`` (None before any heading)."""
    return section_in(doc._.sections or (), char)


def section_in(sections: Iterable[Section], char: int) -> str | None:
    """:func:`section_at` over ``doc._.sections`` read once, for callers asking many times."""
    # an advert has a handful of sections, so a scan is cheaper than keeping an index
    for start, end, name in sections:
        if start <= char < end:
            return name
    return None


def _span_section(span: Span) -> str | None:
    return section_at(span.doc, span.start_char)


def _token_section(token: Token) -> str | None:
    return section_at(token.doc, token.idx)


def register_extensions() -> None:
    """Idempotent: safe to call from every factory and from tests."""
    doc_defaults: dict[str, object] = {
        # set by the caller before the pipeline runs: the advert's job title
        "title": None,
        # [(start_char, end_char, section_name)], filled by leadtrends_sections
        "sections": None,
        "role_family": None,
        "seniority": None,
        "min_years_experience": None,
        # O*NET-SOC 2019 code of the title, filled by leadtrends_occupation
        "soc_code": None,
    }
    for name, default in doc_defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("skill_id"):
        Span.set_extension("skill_id", default=None)
    if not Span.has_extension("skill_category"):
        Span.set_extension("skill_category", default=None)
    # "taxonomy" or "model" (nlp.hybrid_skills); how sure a model span's skill_id is, and
    # the ESCO label it was linked to
    for name in ("extractor", "link_score", "link_label"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("years"):
        Span.set_extension("years", default=None)
    if not Span.has_extension("section"):
        Span.set_extension("section", getter=_span_section)
    if not Token.has_extension("section"):
        Token.set_extension("section", getter=_token_section)
