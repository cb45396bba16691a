"""Character-level repairs: Unicode normalisation, mojibake, ligatures, soft hyphens, odd spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import ftfy

from pipeline.text.offsets import Edit
from pipeline.text.steps import step

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters, BOM
_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CHARS = re.compile(f"[{''.join(_LIGATURES)}{_INVISIBLE}{_ODD_SPACES}]")
# A letter followed by combining marks: the unit NFC may compose.
_COMBINING_RUN = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)
# Words with characters typical of UTF-8 read as Latin-1/Windows-1252 (Ã©, â€™, Å­ …).
_MOJIBAKE_SEED = re.compile(r"[ÃÂâÅÄÆÐÑÒÓÔÕÖØÙÚÛÜÝÞ€][\x80-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_NON_SPACE_BEFORE = re.compile(r"\S*$")
_NON_SPACE_AFTER = re.compile(r"\S*")


@step("unicode.v1")
def unicode_repairs(text: str) -> Iterator[Edit]:
    """NFC, mojibake (ftfy, word by word so offsets stay tight), ligatures, invisible chars, odd spaces."""
    edits: dict[int, Edit] = {}
    if text.isascii():
        return iter(())
    end = 0
    for seed in _MOJIBAKE_SEED.finditer(text):
        if seed.start() < end:
            continue
        start = _NON_SPACE_BEFORE.search(text, max(end, seed.start() - 40), seed.start()).start()
        end = _NON_SPACE_AFTER.match(text, seed.start()).end()
        word = text[start:end]
        fixed = ftfy.fix_text(word, normalization="NFC", uncurl_quotes=False)
        if fixed != word:
            edits[start] = Edit(start, end, fixed)
    taken = [(e.start, e.end) for e in edits.values()]

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    for m in _COMBINING_RUN.finditer(text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group() and free(m.start(), m.end()):
            edits[m.start()] = Edit(m.start(), m.end(), composed)
    for m in _CHARS.finditer(text):
        ch = m.group()
        if not free(m.start(), m.end()):
            continue
        if ch in _LIGATURES:
            edits[m.start()] = Edit(m.start(), m.end(), _LIGATURES[ch])
        elif ch in _INVISIBLE:
            edits[m.start()] = Edit(m.start(), m.end(), "")
        else:
            edits[m.start()] = Edit(m.start(), m.end(), " ")
    return iter(sorted(edits.values()))
