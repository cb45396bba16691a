"""`histner clean`: clean a .txt file or the `text` of each JSONL line, with the offset map and an audit.

Output keeps the input's form (text for .txt; for .jsonl each line's `id`, `meta` and cleaned `text`,
with any `label` spans moved onto the cleaned text). `--offsets` writes, per document, the pieces of
the map and the footnote references taken out; `--explain` lists every repair. All outputs are
written atomically: a bad line anywhere leaves no file behind.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.schema import atomic_output, input_suffix, iter_jsonl, read_text
from pipeline.text.clean import DEFAULT_STEPS, CleanedText, clean
from pipeline.text.offsets import Repair


@dataclass(frozen=True)
class Explained:
    """A repair located for a person: the file, the line and column in the original, the change."""

    path: str
    line: int
    column: int
    repair: Repair

    def __str__(self) -> str:
        r = self.repair
        shown = repr(r.original) if len(r.original) <= 80 else f"{r.original[:60]!r}…({len(r.original)} chars)"
        return f"{self.path}:{self.line}:{self.column}\t{r.step}\t{shown} → {r.replacement!r}\t[{r.start}, {r.end})"


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def offsets_record(doc_id: str, cleaned: CleanedText) -> dict[str, Any]:
    """The map as JSON: pieces [cleaned_start, cleaned_end, original_start, original_end, copied]."""
    return {
        "id": doc_id,
        "pieces": [[p.c0, p.c1, p.o0, p.o1, p.copy] for p in cleaned.offsets.pieces],
        "footnotes": [{"marker": r.original.strip(), "start": r.start, "end": r.end} for r in cleaned.footnotes],
    }


def _documents(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(first line number, JSON object or None for .txt, text) for each document of the input."""
    if input_suffix(path) == ".txt":
        yield 1, None, read_text(path)
    else:
        for line_no, obj in iter_jsonl(path):
            yield line_no, obj, obj["text"]


def _moved_labels(obj: dict[str, Any], cleaned: CleanedText, path: Path, line_no: int) -> list[list[Any]]:
    moved = []
    for span in obj.get("label", []):
        try:
            start, end, label = int(span[0]), int(span[1]), str(span[2])
        except (TypeError, ValueError, IndexError):
            raise InputError(f"malformed span {span!r}", path=path, line=line_no) from None
        if not 0 <= start < end <= len(cleaned.original):
            raise InputError(f"span {span!r} outside the text", path=path, line=line_no)
        target = cleaned.to_cleaned(start, end)
        if target is None:  # never drop a span silently
            raise InputError(f"span {span!r} ({cleaned.original[start:end]!r}) falls wholly in text cleaning "
                             "removes; remove the span or the step", path=path, line=line_no)
        moved.append([target[0], target[1], label])
    return moved


def clean_file(input_path: Path, output_path: Path, *, offsets_path: Path | None = None,
               steps: tuple[str, ...] = DEFAULT_STEPS,
               explain: Callable[[Explained], None] | None = None) -> tuple[int, int]:
    """Clean every document of `input_path` into `output_path`; returns (documents, repairs)."""
    input_path = Path(input_path)
    is_txt = input_path.suffix.lower() == ".txt"
    n_docs = n_repairs = 0
    with ExitStack() as stack:
        out = stack.enter_context(atomic_output(output_path))
        off = stack.enter_context(atomic_output(offsets_path)) if offsets_path is not None else None
        for line_no, obj, text in _documents(input_path):
            cleaned = clean(text, steps)
            doc_id = str(obj.get("id", line_no)) if obj is not None else input_path.stem
            if is_txt:
                out.write(cleaned.text)
            else:
                record = {"id": obj.get("id", line_no), "text": cleaned.text}
                if "label" in obj:
                    record["label"] = _moved_labels(obj, cleaned, input_path, line_no)
                record["meta"] = obj.get("meta") or {}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if off is not None:
                off.write(json.dumps(offsets_record(doc_id, cleaned), ensure_ascii=False) + "\n")
            if explain is not None:
                for r in cleaned.repairs:
                    # .txt: line and column in the file; .jsonl: the JSON line and the offset in its text
                    line, col = _position(text, r.start) if is_txt else (line_no, r.start + 1)
                    explain(Explained(str(input_path), line, col, r))
            n_docs += 1
            n_repairs += len(cleaned.repairs)
    return n_docs, n_repairs
