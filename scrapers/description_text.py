"""Advert description HTML -> plain text with one line per heading, paragraph or bullet.

The extract stage finds sections by their heading lines and requirements by their
bullet lines, so the block structure of the HTML must survive as line breaks; inline
markup (``<b>``, ``<a>``, ``<span>``) must not break a sentence apart.
"""

from __future__ import annotations

import html
import re

import lxml.etree
import lxml.html

BULLET = "- "

# Elements whose start and end break the line.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELL_TAGS = frozenset({"td", "th"})
_DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")

_REAL_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[^&]*?&gt;")
# C0 controls (bar tab and newlines) and DEL: never text, and lxml rejects some of them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Lines:
    """Accumulates inline text and emits it as a line whenever a block boundary is met."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._prefix = ""

    def write(self, text: str | None) -> None:
        if text:
            self._parts.append(text)

    def start_bullet(self) -> None:
        self.flush()
        self._prefix = BULLET

    def flush(self) -> None:
        text = _collapse("".join(self._parts))
        if text:
            self.lines.append(self._prefix + text)
            # A bullet's marker waits for its first text, even inside a nested <p>.
            self._prefix = ""
        self._parts.clear()

    def end_bullet(self) -> None:
        self.flush()
        self._prefix = ""


def _collapse(text: str) -> str:
    # str.split() also splits on no-break and other Unicode spaces, which is what we want.
    return " ".join(text.split())


def _walk(element: lxml.html.HtmlElement, out: _Lines) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag == "br":
        out.flush()
    elif tag == "li":
        out.start_bullet()
    elif tag in _BLOCK_TAGS:
        out.flush()
    elif tag in _CELL_TAGS:
        out.write(" ")

    if isinstance(element.tag, str):  # comments and processing instructions carry no text
        out.write(element.text)
    for child in element:
        _walk(child, out)
        out.write(child.tail)

    if tag == "li":
        out.end_bullet()
    elif tag in _BLOCK_TAGS:
        out.flush()
    elif tag in _CELL_TAGS:
        out.write(" ")


def looks_escaped(markup: str) -> bool:
    """True when the markup has no real tags but HTML-escaped ones (``&lt;p&gt;``)."""
    return not _REAL_TAG.search(markup) and bool(_ESCAPED_TAG.search(markup))


def unescape_markup(markup: str) -> str:
    """Undo one level of HTML escaping if the whole string was escaped, else return it as is."""
    return html.unescape(markup) if looks_escaped(markup) else markup


def html_to_text(markup: str | None) -> str:
    """Plain text of an advert description, one line per heading, paragraph or bullet.

    Bullets are prefixed with ``"- "``. Entities are decoded; a description that arrives
    HTML-escaped (Greenhouse's ``content``) is unescaped first. Scripts and styles are
    dropped, control characters become spaces. A description without any tags is treated as text: its own line breaks are
    kept. Returns ``""`` for empty input.
    """
    if not markup or not markup.strip():
        return ""
    markup = unescape_markup(_CONTROL_CHARS.sub(" ", markup))
    if not _REAL_TAG.search(markup):
        lines = (_collapse(line) for line in html.unescape(markup).splitlines())
        return "\n".join(line for line in lines if line)

    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_DROPPED_TAGS)):
        # drop_tree keeps the tail text, which belongs to the surrounding content
        element.drop_tree()
    out = _Lines()
    _walk(root, out)
    out.flush()
    return "\n".join(out.lines)
