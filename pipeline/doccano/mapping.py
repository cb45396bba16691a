"""Our `Document` ⇄ doccano's JSONL upload and export records, losslessly.

doccano renumbers examples and folds every extra upload column into the example's meta, which its
export then spreads over the top level of each record (where a meta key `id` would even overwrite the
example id). So the histner id, the original meta and the position in the pushed file travel under
`histner_*` keys, and `restore_order` puts pulled records back into push order. doccano also drops
overlapping spans on import and invents label types for unknown labels, so `check_for_push` refuses
both before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import LABELS
from pipeline.errors import InputError
from pipeline.schema import Document

ID, ORDER, PUSH, META = "histner_id", "histner_order", "histner_push", "histner_meta"
EXPORT_FIELDS = {"id", "text", "label", "Comments"}  # what doccano's JSONL export adds itself


def check_for_push(doc: Document, path: str | Path, line: int) -> None:
    """Refuse what doccano would silently change: labels outside the schema, bad offsets, overlaps."""
    spans = []
    for item in doc.label:
        if not (isinstance(item, (list, tuple)) and len(item) == 3):
            raise InputError(f"span {item!r} is not [start, end, LABEL]", path=path, line=line)
        start, end, label = item
        if label not in LABELS:
            raise InputError(f"label {label!r} is outside the schema ({', '.join(LABELS)})", path=path, line=line)
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc.text)):
            raise InputError(f"span {item!r} is outside the text (length {len(doc.text)})", path=path, line=line)
        spans.append((start, end, label))
    spans.sort()
    for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise InputError(f"spans [{s1}, {e1}, {l1!r}] and [{s2}, {e2}, {l2!r}] overlap; doccano would drop one",
                             path=path, line=line)
    if not doc.text.strip():
        raise InputError("the text is empty; doccano refuses empty examples", path=path, line=line)


def to_upload(doc: Document, order: int, push: str) -> dict[str, Any]:
    """One line of doccano's JSONL upload; `push` names the push, `order` the position within it."""
    return {"text": doc.text, "label": [list(s) for s in doc.label], ID: doc.id, ORDER: order, PUSH: push,
            META: doc.meta}


def from_export(record: dict[str, Any]) -> Document:
    """A document from one record of doccano's JSONL export (or an example listed with its spans).

    Examples that were not pushed by histner (created in the browser) get the id `doccano:<n>` and
    their doccano meta; comments written in the browser are kept in meta under `doccano_comments`.
    """
    spans = sorted([int(s), int(e), str(lab)] for s, e, lab in record.get("label", []))
    if ID in record:
        doc_id, meta = str(record[ID]), dict(record.get(META) or {})
    else:
        doc_id = f"doccano:{record['id']}"
        meta = {k: v for k, v in record.items() if k not in EXPORT_FIELDS}
    comments = record.get("Comments") or []
    if comments:
        meta["doccano_comments"] = comments
    return Document(doc_id, record["text"], spans, meta)


def restore_order(records: Iterable[dict[str, Any]]) -> list[Document]:
    """Documents in push order (pushes in time order, then file order); others after, by doccano id."""

    def key(rec: dict[str, Any]) -> tuple:
        if ID in rec and PUSH in rec and ORDER in rec:
            return (0, str(rec[PUSH]), int(rec[ORDER]), 0)
        return (1, "", 0, int(rec["id"]))

    return [from_export(rec) for rec in sorted(records, key=key)]
