"""Character alignment between two versions of a text, and span projection through it.

Two texts that tell the same thing — the Markdown article and the damaged transcript of the same PDF,
or a source and its cleaned form — are aligned character by character: `CharAlignment.source_to_target`
gives, for each character of the source, the index of the same character in the target, or -1 where
the target has nothing for it (a dropped apostrophe, a page cut short). Spans are projected through it.

`align_texts` builds the alignment in two levels so it stays fast on whole articles: words are matched
first on a damage-tolerant key (case, diacritics and MR apostrophes folded), then characters inside and
between matched words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(token: str) -> str:
    """A comparison key that survives OCR and conversion damage: no case, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class CharAlignment:
    """A many-to-at-most-one map from the characters of `source` to those of `target`."""

    source: str
    target: str
    source_to_target: tuple[int, ...]

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target span whose first and last characters align with those of [start, end).

        None when either end has no counterpart or the mapped order is reversed: a projection is only
        trusted where both boundaries survived; the rest is left for a person to place.
        """
        if not 0 <= start < end <= len(self.source):
            raise ValueError(f"span [{start}, {end}) outside the source text of length {len(self.source)}")
        first, last = self.source_to_target[start], self.source_to_target[end - 1]
        if first < 0 or last < 0 or last < first:
            return None
        return first, last + 1

    def coverage(self, start: int = 0, end: int | None = None) -> float:
        """Share of source characters in [start, end) that have a counterpart in the target."""
        end = len(self.source) if end is None else end
        if end <= start:
            return 0.0
        return sum(1 for t in self.source_to_target[start:end] if t >= 0) / (end - start)

    def target_to_source(self) -> tuple[int, ...]:
        """The inverse map, -1 where a target character has no source."""
        inverse = [-1] * len(self.target)
        for s, t in enumerate(self.source_to_target):
            if t >= 0:
                inverse[t] = s
        return tuple(inverse)


def _align_chars(a: str, b: str, a_off: int, b_off: int, out: list[int]) -> None:
    """Record character matches between two short strings into `out` (indices offset by a_off, b_off)."""
    if not a or not b:
        return
    if len(a) == len(b) and fold(a) == fold(b):
        for i in range(len(a)):
            out[a_off + i] = b_off + i
        return
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for i in range(block.size):
            out[a_off + block.a + i] = b_off + block.b + i


def align_texts(source: str, target: str) -> CharAlignment:
    """Align `source` to `target`: words on folded keys, then characters within and between words.

    The stretches between consecutive matched words (punctuation, spaces, unmatched words) and before
    the first and after the last are aligned character by character too, unless both sides are long
    (a page cut short against a page header), where a quadratic match would buy nothing.
    """
    a_words = [(m.start(), m.end()) for m in _WORD.finditer(source)]
    b_words = [(m.start(), m.end()) for m in _WORD.finditer(target)]
    a_keys = [fold(source[s:e]) for s, e in a_words]
    b_keys = [fold(target[s:e]) for s, e in b_words]
    out = [-1] * len(source)
    matcher = SequenceMatcher(None, a_keys, b_keys, autojunk=False)
    prev = (0, 0)  # (source end, target end) of the last matched word
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            (a_s, a_e), (b_s, b_e) = a_words[block.a + k], b_words[block.b + k]
            _align_gap(source[prev[0]:a_s], target[prev[1]:b_s], prev[0], prev[1], out)
            _align_chars(source[a_s:a_e], target[b_s:b_e], a_s, b_s, out)
            prev = (a_e, b_e)
    _align_gap(source[prev[0]:], target[prev[1]:], prev[0], prev[1], out)
    return CharAlignment(source, target, tuple(out))


# Above this product of lengths a gap is left unaligned: it is text one side lacks, not damage.
_MAX_GAP_PRODUCT = 250_000


def _align_gap(a: str, b: str, a_off: int, b_off: int, out: list[int]) -> None:
    if len(a) * len(b) <= _MAX_GAP_PRODUCT:
        _align_chars(a, b, a_off, b_off, out)
