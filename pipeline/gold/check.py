"""Validation of gold JSONL files: every rule a span must satisfy, each failure named by file, line, span.

Checks ids against the source texts (`001:L<n>` is line n of the Markdown article, `000:L<n>` of the
transcript), offsets, overlaps, whitespace at span edges, labels, and the meta fields the splits and
the section statistics rely on. All problems of a file are collected, not only the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pipeline import LABELS, paths
from pipeline.errors import HistnerError
from pipeline.gold.lines import split_lines
from pipeline.schema import iter_jsonl, read_text

SOURCES: dict[str, Path] = {"001": paths.RAW_ARTICLE, "000": paths.RAW_TRANSCRIPT, "002": paths.RAW_PROBE}
SECTIONS = {"front", "abstract", "body", "notes", "bibliography"}
SPLITS = {"train", "dev", "test", "straddle"}
_ID = re.compile(r"^(\d{3}):L(\d+)$")


def check_record(obj: dict, source_lines: dict[str, list[str]]) -> Iterable[str]:
    """Problems of one JSONL record (empty when valid)."""
    doc_id, text = obj.get("id"), obj.get("text")
    match = _ID.match(str(doc_id))
    if not match:
        yield f"id {doc_id!r} is not of the form 001:L<n>"
    elif match.group(1) not in source_lines:
        yield f"id {doc_id!r} names no known source text ({', '.join(sorted(source_lines))})"
    else:
        lines, n = source_lines[match.group(1)], int(match.group(2))
        if not 1 <= n <= len(lines):
            yield f"id {doc_id!r}: the source has only {len(lines)} lines"
        elif lines[n - 1] != text:
            yield f"id {doc_id!r}: text differs from line {n} of the source"
    if not isinstance(text, str):
        yield "text is not a string"
        return
    meta = obj.get("meta")
    if not isinstance(meta, dict):
        yield "meta is missing or not an object"
    else:
        if meta.get("section") not in SECTIONS:
            yield f"meta.section {meta.get('section')!r} is not one of {sorted(SECTIONS)}"
        if meta.get("split") not in SPLITS:
            yield f"meta.split {meta.get('split')!r} is not one of {sorted(SPLITS)}"
    label = obj.get("label")
    if not isinstance(label, list):
        yield "label is not a list"
        return
    previous = None
    for span in sorted(label, key=lambda s: (s[0], s[1]) if isinstance(s, list) and len(s) == 3 else (-1, -1)):
        if not (isinstance(span, list) and len(span) == 3 and isinstance(span[0], int)
                and isinstance(span[1], int) and isinstance(span[2], str)):
            yield f"span {span!r} is not [start, end, LABEL]"
            continue
        start, end, lab = span
        if lab not in LABELS:
            yield f"span {span}: label {lab!r} is not one of {', '.join(LABELS)}"
        if not 0 <= start < end <= len(text):
            yield f"span {span}: offsets outside the text (length {len(text)}) or empty (end is exclusive)"
            continue
        surface = text[start:end]
        if surface != surface.strip():
            yield f"span {span} {surface!r}: leading or trailing whitespace"
        if previous is not None and start < previous[1]:
            yield f"span {span} {surface!r} overlaps {previous}"
        previous = span


def check_file(path: Path, sources: dict[str, Path] | None = None) -> list[HistnerError]:
    """All problems in a gold file, as errors naming the file and line."""
    sources = sources or SOURCES
    source_lines = {prefix: [ln.text for ln in split_lines(read_text(p))] for prefix, p in sources.items()
                    if p.is_file()}  # the optional probe text may be absent
    problems: list[HistnerError] = []
    seen: dict[str, int] = {}
    for line_no, obj in iter_jsonl(path, require=("id", "text", "label")):
        if obj["id"] in seen:
            problems.append(HistnerError(f"id {obj['id']!r} repeats line {seen[obj['id']]}", path=path, line=line_no))
        seen[obj["id"]] = line_no
        problems.extend(HistnerError(p, path=path, line=line_no) for p in check_record(obj, source_lines))
    return problems
