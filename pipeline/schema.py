"""Documents and spans in doccano's JSONL form, read and written at the edges with exact errors.

One JSON object a line: `{"id", "text", "label": [[start, end, LABEL], …], "meta"}`. Reading streams
and names the file and line of anything malformed; writing goes to a temporary file in the same
folder and is renamed into place only when complete, so a failure never leaves a partial file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.errors import InputError


@dataclass
class Document:
    """A text with its entity spans; offsets are code-point indices into `text`, end exclusive."""

    id: str
    text: str
    label: list[list[Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "label": self.label, "meta": self.meta}

    def spans(self) -> list[tuple[int, int, str]]:
        return [(int(s), int(e), str(lab)) for s, e, lab in self.label]


def _decode_line(raw: bytes, path: Path, line_no: int) -> str:
    if b"\x00" in raw:
        raise InputError("binary data (NUL byte); expected UTF-8 text", path=path, line=line_no)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start} of the line)", path=path, line=line_no) from None


INPUT_SUFFIXES = (".txt", ".jsonl")


def input_suffix(path: str | Path) -> str:
    """`.txt` or `.jsonl` (lower-cased), the two input forms every command reads; anything else is an error."""
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        raise InputError(f"unsupported input type {suffix or '(none)'!r}; expected .txt or .jsonl", path=path)
    return suffix


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_text(path: str | Path) -> str:
    """The whole file as text; missing, binary, non-UTF-8 and empty files are errors with a line number."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    data = path.read_bytes()
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        _decode_line(raw, path, line_no)
    text = data.decode("utf-8")
    if not text.strip():
        raise InputError("the file is empty", path=path)
    return text


def iter_jsonl(path: str | Path, *, require: tuple[str, ...] = ("text",)) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; stops with an InputError on the first bad one."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path=path)
    seen_any = False
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            line = _decode_line(raw, path, line_no).strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON: {exc.msg} at column {exc.colno}", path=path, line=line_no) from None
            if not isinstance(obj, dict):
                raise InputError("expected a JSON object", path=path, line=line_no)
            for key in require:
                if key not in obj:
                    raise InputError(f"missing field {key!r}", path=path, line=line_no)
            if "text" in obj and not isinstance(obj["text"], str):
                raise InputError("field 'text' is not a string", path=path, line=line_no)
            seen_any = True
            yield line_no, obj
    if not seen_any:
        raise InputError("the file is empty (no JSON lines)", path=path)


def read_documents(path: str | Path) -> Iterator[tuple[int, Document]]:
    """Documents of a doccano JSONL file with their line numbers; `id` defaults to the line number."""
    for line_no, obj in iter_jsonl(path):
        label = obj.get("label", obj.get("labels", []))
        if not isinstance(label, list):
            raise InputError("field 'label' is not a list", path=path, line=line_no)
        meta = obj.get("meta") or {}
        yield line_no, Document(str(obj.get("id", line_no)), obj["text"], label, meta)


@contextmanager
def atomic_output(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """A file handle whose content appears at `path` only if the block finishes without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the result is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_jsonl(path: str | Path, records: Iterable[Document | dict[str, Any]]) -> int:
    """Write records atomically, one JSON object a line (UTF-8, not ASCII-escaped); returns the count."""
    count = 0
    with atomic_output(path) as fh:
        for rec in records:
            obj = rec.to_json() if isinstance(rec, Document) else rec
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
            count += 1
    return count
