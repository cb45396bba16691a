"""Compile annotation sources into gold JSONL: the article directly, the transcript by projection.

Article: every non-empty line of the Markdown text is a document; its spans come from the hand-written
sources in `corpus/annotations/article/`. Transcript: every non-empty line after the `Transcription:`
marker is a document; its spans are first projected from the article gold through a character
alignment (`render_projection` writes them as an editable source), then a person reads each line and
corrects the reviewed source. The build compares the two to record what was projected, kept,
corrected, dropped and added.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import GoldError
from pipeline.gold.lines import SourceLine, non_empty, read_sections, section_of, split_lines
from pipeline.gold.source import compile_block, is_whole_word, occurrence_index, parse_source
from pipeline.schema import Document
from pipeline.text.alignment import CharAlignment, align_texts

TRANSCRIPT_MARKER = "Transcription:"


def compile_sources(text: str, sources: list[Path], *, first: int = 1, last: int | None = None,
                    text_name: str = "text") -> dict[int, list[list]]:
    """Spans per line number from source files covering every non-empty line in [first, last]."""
    lines = split_lines(text)
    last = len(lines) if last is None else last
    spans: dict[int, list[list]] = {}
    origin: dict[int, Path] = {}
    for src in sources:
        for block in parse_source(src):
            if block.line_no in origin:
                raise GoldError(f"L{block.line_no} is annotated in both {origin[block.line_no]} and {src}",
                                path=src, line=block.source_line)
            if not first <= block.line_no <= last or not lines[block.line_no - 1].text.strip():
                raise GoldError(f"L{block.line_no} is not a non-empty line of the {text_name} in "
                                f"L{first}–L{last}", path=src, line=block.source_line)
            origin[block.line_no] = src
            spans[block.line_no] = compile_block(lines[block.line_no - 1].text, block, src)
    missing = [ln.number for ln in non_empty(lines) if first <= ln.number <= last and ln.number not in spans]
    if missing:
        shown = ", ".join(f"L{n}" for n in missing[:20])
        raise GoldError(f"{len(missing)} non-empty lines of the {text_name} have no annotation block: {shown}")
    return spans


def line_documents(text: str, spans: dict[int, list[list]], sections_path: Path | None, prefix: str = "001") -> list[Document]:
    """One document a non-empty line, id `PREFIX:L<n>`; without a sections file every line is `body`."""
    sections = read_sections(sections_path) if sections_path is not None else [(1, "body")]
    return [
        Document(f"{prefix}:L{ln.number}", ln.text, spans[ln.number],
                 {"section": section_of(ln.number, sections), "line": ln.number})
        for ln in non_empty(split_lines(text))
    ]


def marker_line(text: str) -> int:
    """1-based number of the line holding the `Transcription:` marker."""
    for ln in split_lines(text):
        if ln.text.strip() == TRANSCRIPT_MARKER:
            return ln.number
    raise GoldError(f"no line {TRANSCRIPT_MARKER!r} in the transcript")


def _line_index(lines: list[SourceLine]) -> tuple[list[int], list[SourceLine]]:
    return [ln.offset for ln in lines], lines


def _line_at(offsets: list[int], lines: list[SourceLine], pos: int) -> SourceLine:
    return lines[bisect.bisect_right(offsets, pos) - 1]


@dataclass(frozen=True)
class Projection:
    """Article spans carried into transcript lines, plus the article spans that could not be placed."""

    spans: dict[int, list[list]]
    unplaced: int
    alignment: CharAlignment


def project_article(article_text: str, article_docs: list[Document], transcript_text: str) -> Projection:
    """Carry each article span to the transcript where both its boundary characters survived.

    A span is dropped when its ends have no counterpart, cross a transcript line break, or start or end
    inside a transcript word. Article lines the transcript never reached (the page cut short, notes,
    bibliography) simply have no counterpart; the count of those is reported, not hidden.
    """
    alignment = align_texts(article_text, transcript_text)
    a_offsets, a_lines = _line_index(split_lines(article_text))
    t_lines = split_lines(transcript_text)
    t_offsets = [ln.offset for ln in t_lines]
    first_body = marker_line(transcript_text) + 1
    by_line: dict[int, list[list]] = {}
    unplaced = 0
    for doc in article_docs:
        base = a_lines[doc.meta["line"] - 1].offset
        for start, end, label in doc.spans():
            mapped = alignment.map_span(base + start, base + end)
            if mapped is None:
                unplaced += 1
                continue
            t_line = _line_at(t_offsets, t_lines, mapped[0])
            s, e = mapped[0] - t_line.offset, mapped[1] - t_line.offset
            if t_line.number < first_body or e > len(t_line.text):
                unplaced += 1
                continue
            if not is_whole_word(t_line.text, s, e):
                unplaced += 1
                continue
            by_line.setdefault(t_line.number, []).append([s, e, label])
    for spans in by_line.values():
        spans.sort()
    return Projection(by_line, unplaced, alignment)


def render_source(lines: list[SourceLine], spans: dict[int, list[list]], header: str = "") -> str:
    """Write spans back as an annotation source (with `#k` where the first match would be wrong)."""
    out = [f"// {row}" for row in header.splitlines()] if header else []
    for ln in lines:
        out.append(f"@L{ln.number}")
        cursor = 0
        for start, end, label in sorted(spans.get(ln.number, [])):
            surface = ln.text[start:end]
            k = occurrence_index(ln.text, surface, start, cursor)
            if k == 0:
                raise GoldError(f"L{ln.number}: span {surface!r} at {start} is not a whole word")
            out.append(f"{label}\t{surface}" + (f"\t#{k}" if k > 1 else ""))
            cursor = end
    return "\n".join(out) + "\n"


def review_counts(projected: list[list], reviewed: list[list]) -> dict[str, int]:
    """What review did to one line's projected spans: kept, corrected (moved or relabelled), dropped, added."""
    proj = {(s, e, lab) for s, e, lab in projected}
    rev = {(s, e, lab) for s, e, lab in reviewed}
    kept = proj & rev
    gone = proj - rev
    new = rev - proj
    corrected = 0
    for s, e, _lab in list(gone):
        partner = next((r for r in new if r[0] < e and s < r[1]), None)
        if partner is not None:
            corrected += 1
            new.discard(partner)
            gone.discard((s, e, _lab))
    return {"projected": len(proj), "kept": len(kept), "corrected": corrected,
            "dropped": len(gone), "added": len(new)}


def transcript_documents(text: str, reviewed: dict[int, list[list]], projected: dict[int, list[list]],
                         prefix: str = "000") -> list[Document]:
    first_body = marker_line(text) + 1
    docs = []
    for ln in non_empty(split_lines(text)):
        if ln.number < first_body:
            continue
        meta = {"section": "body", "line": ln.number,
                "projection": review_counts(projected.get(ln.number, []), reviewed[ln.number])}
        docs.append(Document(f"{prefix}:L{ln.number}", ln.text, reviewed[ln.number], meta))
    return docs


def label_counts(docs: list[Document]) -> Counter:
    return Counter(label for d in docs for _s, _e, label in d.spans())
