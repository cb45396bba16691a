"""Corpus statistics: documents, words and spans per label, per gold file and split."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import LABELS
from pipeline.schema import read_documents

SPLIT_ORDER = ("train", "dev", "test", "straddle")


@dataclass
class Row:
    name: str
    split: str
    documents: int = 0
    words: int = 0
    labels: Counter = field(default_factory=Counter)

    @property
    def spans(self) -> int:
        return sum(self.labels.values())


def gold_stats(paths: list[Path]) -> list[Row]:
    """One row per file and split, then a total row per file."""
    rows: list[Row] = []
    for path in paths:
        per_split: dict[str, Row] = {}
        total = Row(path.stem, "all")
        for _n, doc in read_documents(path):
            split = doc.meta.get("split", "?")
            row = per_split.setdefault(split, Row(path.stem, split))
            for target in (row, total):
                target.documents += 1
                target.words += len(doc.text.split())
                target.labels.update(label for _s, _e, label in doc.spans())
        order = {s: i for i, s in enumerate(SPLIT_ORDER)}
        rows.extend(sorted(per_split.values(), key=lambda r: order.get(r.split, 99)))
        rows.append(total)
    return rows


def markdown_table(rows: list[Row]) -> str:
    head = ["file", "split", "documents", "words", *LABELS, "spans"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.name, r.split, str(r.documents), f"{r.words:,}", *(str(r.labels[l]) for l in LABELS), str(r.spans)]
        if r.split == "all":
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
