"""Line-level views of a source text: each non-empty line is one gold document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import GoldError


@dataclass(frozen=True)
class SourceLine:
    """Line `number` (1-based) of a text, starting at character `offset` of the whole text."""

    number: int
    offset: int
    text: str


def split_lines(text: str) -> list[SourceLine]:
    """All lines split on '\\n' only (so other separators stay inside a line), with their offsets."""
    out, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        out.append(SourceLine(number, offset, line))
        offset += len(line) + 1
    return out


def non_empty(lines: list[SourceLine]) -> list[SourceLine]:
    return [line for line in lines if line.text.strip()]


def read_sections(path: Path) -> list[tuple[int, str]]:
    """(first line, section) pairs of a sections file, sorted; see corpus/annotations/*.sections."""
    entries = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split()
        if len(parts) != 2 or not parts[0].isdigit():
            raise GoldError(f"expected '<line> <section>', got {raw!r}", path=path, line=n)
        entries.append((int(parts[0]), parts[1]))
    return sorted(entries)


def section_of(number: int, sections: list[tuple[int, str]]) -> str:
    current = sections[0][1]
    for first, name in sections:
        if number >= first:
            current = name
    return current
