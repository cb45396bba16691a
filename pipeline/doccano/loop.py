"""Push a JSONL file into a doccano project and pull the corrected documents back into one.

Input is read and checked completely before anything is sent, so a bad line never leaves half a
file on the server; output is written atomically, so a failed pull never leaves half a file here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline import LABELS
from pipeline.doccano import mapping, server
from pipeline.doccano.gateway import DoccanoError, Gateway
from pipeline.schema import Document, read_documents, write_jsonl


def connect(url: str | None = None) -> Gateway:
    """A logged-in gateway to the project's server (or `url`) with the project's admin credentials."""
    creds = server.credentials()
    return Gateway(url or server.server_url(), creds.username, creds.password, creds.source)


def read_for_push(path: str | Path) -> list[Document]:
    """All documents of `path`, each checked for what doccano would alter or refuse."""
    docs = []
    for line_no, doc in read_documents(path):
        mapping.check_for_push(doc, path, line_no)
        docs.append(doc)
    return docs


@dataclass(frozen=True)
class PushResult:
    project_id: int
    documents: int
    spans: int
    url: str


def push_file(path: str | Path, project: str, *, url: str | None = None, batch_size: int = 500,
              progress: Callable[[int, int], None] | None = None) -> PushResult:
    docs = read_for_push(path)
    gateway = connect(url)
    project_id = gateway.ensure_project(project)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # orders pushes in time
    records = [mapping.to_upload(doc, order, stamp) for order, doc in enumerate(docs)]
    count = gateway.upload(project_id, records, batch_size=batch_size, progress=progress)
    return PushResult(project_id, count, sum(len(d.label) for d in docs), gateway.url)


def fetch_documents(project: str, *, url: str | None = None) -> list[Document]:
    """The project's documents with their current spans, in push order; labels outside the schema
    (added in the browser) are an error rather than silently dropped."""
    gateway = connect(url)
    project_id = gateway.find_project(project)
    docs = mapping.restore_order(gateway.export(project_id))
    for doc in docs:
        for start, end, label in doc.label:
            if label not in LABELS:
                raise DoccanoError(f"document {doc.id!r} in doccano project {project!r} has a span "
                                   f"[{start}, {end}, {label!r}] whose label is outside the schema "
                                   f"({', '.join(LABELS)}); relabel or delete it in the browser")
    return docs


def pull_file(project: str, output: str | Path, *, url: str | None = None) -> tuple[int, int]:
    """Write the project's documents to `output` atomically; returns (documents, spans)."""
    docs = fetch_documents(project, url=url)
    write_jsonl(output, docs)
    return len(docs), sum(len(d.label) for d in docs)
