"""Undo text that was UTF-8 but got decoded as Latin-1 or Windows-1252 upstream ("mojibake").

NYC's dumps show "â\\x80¢" or "â€¢" for "•" and "â\\x80\\x99" for "’": each UTF-8 byte became
one character. Such runs are turned back into bytes and decoded as UTF-8; anything that does
not form valid UTF-8 that way is left exactly as it was.
"""

from __future__ import annotations

import re

# Windows-1252 puts printable characters ("€", "’", "•", ...) where Latin-1 has C1 controls.
_CP1252_BYTES: dict[str, int] = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_BYTES[bytes([_byte]).decode("cp1252")] = _byte
    except UnicodeDecodeError:
        continue
_CONT = "[\u0080-\u00bf" + re.escape("".join(_CP1252_BYTES)) + "]"
# One mis-decoded UTF-8 sequence: a lead byte and the right number of continuation bytes.
_MISDECODED = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")
_REPLACEMENT = "\ufffd"


def _tidy(fixed: str) -> str:
    # The replacement character carries nothing; no-break spaces are just spaces in plain text.
    return fixed.replace(_REPLACEMENT, "").replace("\u00a0", " ")


def _redecode(match: re.Match[str]) -> str:
    raw = bytes(_CP1252_BYTES.get(ch, ord(ch)) for ch in match.group(0))
    try:
        return _tidy(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return match.group(0)


def repair_mojibake(text: str) -> str:
    # Some text went through the mis-decoding twice ("Ã¢â‚¬Â¢" for "•"); undo up to three rounds.
    for _ in range(3):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_once(text: str) -> str:
    if text.isascii():
        return text
    try:
        # Fast path: the whole text is Latin-1-decoded UTF-8 (the usual case in an affected dump).
        return _tidy(text.encode("latin-1").decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return _MISDECODED.sub(_redecode, text)
