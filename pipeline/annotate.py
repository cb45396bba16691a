"""`histner annotate`: stream documents through the tagging pipeline into doccano JSONL.

Input is read lazily and output written through a temporary file that replaces the target only when
every document has been tagged, so memory stays flat in the input size and a bad line anywhere leaves
no partial output behind.
"""

from __future__ import annotations

import json
from itertools import chain
from collections.abc import Iterator
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.errors import InputError
from pipeline.gold.lines import split_lines
from pipeline.schema import Document, atomic_output, input_suffix, read_documents, read_text
from pipeline.tagging import tag_documents


def input_documents(path: Path, *, by_line: bool = False) -> Iterator[Document]:
    """Documents of a .txt file (whole, or one per non-empty line) or of a .jsonl file (id, meta kept)."""
    if input_suffix(path) == ".jsonl":
        for _line_no, doc in read_documents(path):
            yield Document(doc.id, doc.text, [], doc.meta)
        return
    text = read_text(path)
    if not by_line:
        yield Document(path.stem, text, [], {"source": path.name})
        return
    for line in split_lines(text):
        if line.text.strip():
            yield Document(f"{path.stem}:L{line.number}", line.text, [], {"source": path.name, "line": line.number})


def annotate_file(input_path: Path, output_path: Path, *, model: str | None = None, by_line: bool = False,
                  batch_size: int = 32) -> tuple[int, int]:
    """Tag every document of `input_path` into `output_path`; returns (documents, spans)."""
    from pipeline.model import load

    input_path = Path(input_path)
    if not input_path.is_file():
        raise InputError("no such file", path=input_path)
    docs = input_documents(input_path, by_line=by_line)
    first = next(docs)  # fail on unreadable input before the model is loaded
    nlp = load(model)
    n_docs = n_spans = 0

    columns = (TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with atomic_output(output_path) as fh, Progress(*columns, transient=True) as progress:
        task = progress.add_task("annotate", total=None)
        for doc in tag_documents(nlp, chain([first], docs), batch_size=batch_size):
            fh.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            n_docs += 1
            n_spans += len(doc.label)
            progress.advance(task)
    return n_docs, n_spans
