"""Annotation sources: the reviewable, hand-written form of the gold, compiled to character offsets.

A source file lists, for each line of a text, the entities in order of appearance:

    @L28
    LOC	North Korea
    ORG	Korea Institute of Harvard University
    PERSON	Kim	#2

`@L<n>` opens line n of the source text (1-based); every non-empty line of the range a file covers has
a header, also when it has no entities, so that "read and found nothing" differs from "not read".
An entry is `LABEL<TAB>surface`, the surface copied exactly from the text. Compilation searches for
the surface from the end of the previous span, so entries must follow the text order; `#k` takes the
k-th occurrence after that point instead of the first. A surface that cannot be found, or that starts
or ends inside a word, stops compilation with the source file's line number: offsets are never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline import LABELS
from pipeline.errors import GoldError


@dataclass(frozen=True)
class Entry:
    """One hand-written entity: its label, its surface, which occurrence, and where it was written."""

    label: str
    surface: str
    occurrence: int
    source_line: int


@dataclass
class SourceBlock:
    """The entries written for one line of the text."""

    line_no: int
    entries: list[Entry]
    source_line: int


def is_word_char(ch: str) -> bool:
    """Letters, combining marks and decimal digits continue a word; a span may not cut through them."""
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat == "Nd"


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True when text[start:end] neither starts nor ends inside a word."""
    return (start == 0 or not is_word_char(text[start - 1])) and (end == len(text) or not is_word_char(text[end]))


def occurrence_index(text: str, surface: str, start: int, cursor: int) -> int:
    """Which whole-word occurrence of `surface` after `cursor` starts at `start` (1-based), or 0."""
    k, pos = 0, cursor
    while (found := text.find(surface, pos)) >= 0 and found <= start:
        if is_whole_word(text, found, found + len(surface)):
            k += 1
            if found == start:
                return k
        pos = found + 1
    return 0


def parse_source(path: Path) -> list[SourceBlock]:
    """Read a source file into blocks, failing on the first malformed line."""
    blocks: list[SourceBlock] = []
    seen: set[int] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        if line.startswith("@L"):
            try:
                line_no = int(line[2:].strip())
            except ValueError:
                raise GoldError(f"bad line header {line!r}; expected @L<number>", path=path, line=n) from None
            if line_no in seen:
                raise GoldError(f"line L{line_no} has two blocks", path=path, line=n)
            seen.add(line_no)
            blocks.append(SourceBlock(line_no, [], n))
            continue
        if not blocks:
            raise GoldError("entry before the first @L<n> header", path=path, line=n)
        parts = line.split("\t")
        if len(parts) not in (2, 3):
            raise GoldError(f"expected LABEL<TAB>surface[<TAB>#k], got {line!r}", path=path, line=n)
        label, surface = parts[0].strip(), parts[1]
        if label not in LABELS:
            raise GoldError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}", path=path, line=n)
        if not surface or surface != surface.strip():
            raise GoldError(f"surface {surface!r} is empty or has surrounding spaces", path=path, line=n)
        occurrence = 1
        if len(parts) == 3:
            mark = parts[2].strip()
            if not (mark.startswith("#") and mark[1:].isdigit() and int(mark[1:]) >= 1):
                raise GoldError(f"bad occurrence {mark!r}; expected #k with k >= 1", path=path, line=n)
            occurrence = int(mark[1:])
        blocks[-1].entries.append(Entry(label, surface, occurrence, n))
    return blocks


def locate(text: str, entry: Entry, cursor: int) -> int:
    """Start of the entry's k-th whole-word occurrence at or after `cursor`, or -1."""
    found = 0
    pos = cursor
    while True:
        start = text.find(entry.surface, pos)
        if start < 0:
            return -1
        if is_whole_word(text, start, start + len(entry.surface)):
            found += 1
            if found == entry.occurrence:
                return start
        pos = start + 1


def compile_block(text: str, block: SourceBlock, path: Path) -> list[list]:
    """Offsets of a block's entries in its line's text, in order; fails loudly on anything not found."""
    spans: list[list] = []
    cursor = 0
    for entry in block.entries:
        start = locate(text, entry, cursor)
        if start < 0:
            raise GoldError(
                f"L{block.line_no}: {entry.label} {entry.surface!r} (occurrence {entry.occurrence}) not found "
                f"as a whole word after offset {cursor} — entries must follow the text order",
                path=path,
                line=entry.source_line,
            )
        end = start + len(entry.surface)
        spans.append([start, end, entry.label])
        cursor = end
    return spans
