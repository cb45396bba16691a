"""Offset-tracking text edits: apply a step's edits and keep an exact map back to the original.

A cleaning step proposes `Edit`s (replace [start, end) of the text it saw by `replacement`). Applying
them yields the new text and composes the new text's map to the *original* file from the old one, so
after any number of steps every cleaned character still knows where it came from.

The map is piecewise (its size grows with the number of edits, not characters): a *copy* piece maps
characters one to one; a *replace* piece maps every character of a replacement to the whole original
stretch it replaced (an insertion maps to an empty stretch at its position). Pieces are monotone in
both texts because edits never reorder text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace [start, end) of the step's input text by `replacement` (insert when start == end)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Repair:
    """One change, audited in original-file coordinates: which step replaced what, where."""

    step: str
    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class _Piece:
    c0: int
    c1: int
    o0: int
    o1: int
    copy: bool


class OffsetMap:
    """Map from a cleaned text's character offsets to the original text's, and back."""

    def __init__(self, pieces: list[_Piece], cleaned_len: int, original_len: int) -> None:
        self._pieces = pieces
        self._c_starts = [p.c0 for p in pieces]
        self._o_ends = [p.o1 for p in pieces]
        self.cleaned_len = cleaned_len
        self.original_len = original_len

    @property
    def pieces(self) -> tuple[_Piece, ...]:
        return tuple(self._pieces)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([_Piece(0, length, 0, length, True)] if length else [], length, length)

    def _piece_at(self, c: int) -> _Piece:
        return self._pieces[bisect_right(self._c_starts, c) - 1]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original stretch that cleaned [start, end) came from (end exclusive)."""
        if not 0 <= start < end <= self.cleaned_len:
            raise ValueError(f"span [{start}, {end}) outside the cleaned text of length {self.cleaned_len}")
        first, last = self._piece_at(start), self._piece_at(end - 1)
        o_start = first.o0 + (start - first.c0) if first.copy else first.o0
        o_end = last.o0 + (end - last.c0) if last.copy else last.o1
        return o_start, max(o_start, o_end)

    def to_cleaned(self, start: int, end: int) -> tuple[int, int] | None:
        """The cleaned stretch that original [start, end) became; None if all of it was removed."""
        if not 0 <= start < end <= self.original_len:
            raise ValueError(f"span [{start}, {end}) outside the original text of length {self.original_len}")
        i = bisect_right(self._o_ends, start)  # first piece ending after `start`
        c_start = c_end = None
        while i < len(self._pieces) and self._pieces[i].o0 < end:
            p = self._pieces[i]
            if p.c1 > p.c0 and (p.o1 > p.o0 or start <= p.o0):
                if c_start is None:
                    c_start = p.c0 + max(0, start - p.o0) if p.copy else p.c0
                c_end = p.c0 + (min(end, p.o1) - p.o0) if p.copy else p.c1
            i += 1
        if c_start is None or c_end is None or c_end <= c_start:
            return None
        return c_start, c_end

    def apply(self, text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
        """Apply sorted, non-overlapping `edits` to `text` (which this map covers); new text and map."""
        out: list[str] = []
        pieces: list[_Piece] = []
        pos = c = 0
        for e in edits:
            if e.start < pos or e.end < e.start or e.end > len(text):
                raise ValueError(f"edits overlap or fall outside the text: {e}")
            c = self._copy(pos, e.start, c, pieces)
            out.append(text[pos:e.start])
            if e.replacement:
                o0, o1 = self._stretch(e.start, e.end)
                pieces.append(_Piece(c, c + len(e.replacement), o0, o1, False))
                c += len(e.replacement)
                out.append(e.replacement)
            pos = e.end
        c = self._copy(pos, len(text), c, pieces)
        out.append(text[pos:])
        return "".join(out), OffsetMap(pieces, c, self.original_len)

    def _stretch(self, start: int, end: int) -> tuple[int, int]:
        """Original stretch under [start, end) of the mapped text; an empty one at a point if start == end."""
        if start < end:
            return self.to_original(start, end)
        if start < self.cleaned_len:
            p = self._piece_at(start)
            point = p.o0 + (start - p.c0) if p.copy else p.o0
        else:
            point = self._pieces[-1].o1 if self._pieces else 0
        return point, point

    def _copy(self, a: int, b: int, c: int, pieces: list[_Piece]) -> int:
        """Carry the pieces under [a, b) of the old text over, starting at new offset c."""
        if a >= b:
            return c
        i = bisect_right(self._c_starts, a) - 1
        while i < len(self._pieces) and self._pieces[i].c0 < b:
            p = self._pieces[i]
            lo, hi = max(a, p.c0), min(b, p.c1)
            if lo < hi:
                if p.copy:
                    pieces.append(_Piece(c + lo - a, c + hi - a, p.o0 + lo - p.c0, p.o0 + hi - p.c0, True))
                else:
                    pieces.append(_Piece(c + lo - a, c + hi - a, p.o0, p.o1, False))
            i += 1
        return c + (b - a)

    def repair(self, step: str, original: str, edit: Edit) -> Repair:
        """The audit record of `edit` (made on the text this map covers) in original coordinates."""
        o0, o1 = self._stretch(edit.start, edit.end)
        return Repair(step, o0, o1, original[o0:o1], edit.replacement)
