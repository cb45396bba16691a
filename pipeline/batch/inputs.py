"""What a batch run reads: input files from paths or globs, cut into numbered partitions of documents.

Partition k of a file is always its documents k·K … k·K+K−1 (K = partition size), so a rerun finds the
same partitions again; each carries a digest of its documents, so a partition whose input changed since
the last run is not mistaken for done.
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pipeline.annotate import input_documents
from pipeline.errors import HistnerError, InputError
from pipeline.schema import INPUT_SUFFIXES, Document


@dataclass(frozen=True)
class InputFile:
    """An input file (as the user named it) and the names batch gives it: `key` names its shards (from the
    absolute path, so a rerun from another folder finds them), `output` its merged file."""

    path: Path
    resolved: Path
    key: str
    output: str


def input_file(path: Path) -> InputFile:
    resolved = path.resolve()
    # The stem keeps shard folders readable; the path hash keeps two files of the same name apart.
    tag = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:10]
    return InputFile(path, resolved, f"{path.stem}-{tag}", f"{path.stem}.jsonl")


def expand_inputs(patterns: list[str]) -> list[InputFile]:
    """Files named or matched (sorted within a glob), first occurrence kept; unmatched globs are errors."""
    files: list[InputFile] = []
    seen: set[Path] = set()
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(pattern, recursive=True))
            matches = [m for m in matches if Path(m).is_file() and Path(m).suffix.lower() in INPUT_SUFFIXES]
            if not matches:
                raise InputError("no .txt or .jsonl file matches this pattern", path=pattern)
        else:
            if not Path(pattern).is_file():
                raise InputError("no such file", path=pattern)
            matches = [pattern]
        for match in matches:
            item = input_file(Path(match))
            if item.resolved not in seen:
                seen.add(item.resolved)
                files.append(item)
    outputs: dict[str, Path] = {}
    for item in files:
        if item.output in outputs:
            raise HistnerError(f"two inputs would both be merged into {item.output}: {outputs[item.output]} "
                               f"and {item.path}; rename one or run them into different folders")
        outputs[item.output] = item.path
    return files


def digest(documents: list[Document]) -> str:
    """A fingerprint of a partition's input (ids, texts, meta)."""
    payload = json.dumps([[d.id, d.text, d.meta] for d in documents], ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


@dataclass
class Partition:
    file: InputFile
    index: int
    documents: list[Document]
    digest: str


@dataclass
class FileRead:
    """The end of a file: all its partitions were yielded (`error` None), or reading stopped at `error`."""

    file: InputFile
    partitions: int
    documents: int
    error: InputError | None = None


def read_partitions(files: list[InputFile], *, by_line: bool, size: int) -> Iterator[Partition | FileRead]:
    """Each file's partitions in order, then its FileRead; an unreadable file ends early, the rest go on."""
    for item in files:
        index = count = 0
        try:
            docs = input_documents(item.path, by_line=by_line)
            while chunk := list(islice(docs, size)):
                yield Partition(item, index, chunk, digest(chunk))
                index += 1
                count += len(chunk)
            if count == 0:
                raise InputError("no documents (only blank lines)", path=item.path)
        except InputError as exc:
            yield FileRead(item, index, count, exc)
            continue
        yield FileRead(item, index, count)


def estimate_documents(files: list[InputFile], *, by_line: bool) -> int:
    """A quick count of documents for the progress bar (non-blank lines; a whole .txt is one), no parsing."""
    total = 0
    for item in files:
        if item.path.suffix.lower() == ".txt" and not by_line:
            total += 1
            continue
        try:
            with item.path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except OSError:
            pass  # reading it for real reports the problem
    return total
