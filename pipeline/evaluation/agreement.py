"""Inter-annotator agreement between two doccano JSONL files of the same texts.

Span agreement reuses the evaluation's matching (file A plays gold, B plays prediction): strict and
partial F1, overall and per label. Token agreement is Cohen's kappa over spaCy's blank English
tokens, each labelled with the span it overlaps or O — no BIO prefixes, so a boundary disagreement
costs only the tokens it moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import LABELS
from pipeline.errors import InputError
from pipeline.evaluation.aggregate import score, total
from pipeline.evaluation.match import DocumentMatch, Span, match_document
from pipeline.schema import Document, atomic_output, read_documents

OUTSIDE = "O"


def _checked_spans(doc: Document, path: Path, line: int) -> list[Span]:
    spans = []
    for span in doc.label:
        if not (isinstance(span, list | tuple) and len(span) == 3 and all(isinstance(x, int) for x in span[:2])
                and isinstance(span[2], str)):
            raise InputError(f"id {doc.id!r}: span {span!r} is not [start, end, LABEL]", path=path, line=line)
        start, end, label = span
        if not 0 <= start < end <= len(doc.text):
            raise InputError(f"id {doc.id!r}: span {span!r} is outside the text (length {len(doc.text)}) or empty",
                             path=path, line=line)
        spans.append((start, end, label))
    return sorted(spans)


def _by_id(path: Path) -> dict[str, tuple[int, Document]]:
    docs: dict[str, tuple[int, Document]] = {}
    for line, doc in read_documents(path):
        if doc.id in docs:
            raise InputError(f"id {doc.id!r} repeats line {docs[doc.id][0]}", path=path, line=line)
        doc.label = _checked_spans(doc, path, line)
        docs[doc.id] = (line, doc)
    return docs


def paired_documents(a: Path, b: Path) -> list[tuple[Document, Document]]:
    """(A's document, B's document) for each id, in A's order; ids and texts must correspond exactly."""
    a, b = Path(a), Path(b)
    docs_a, docs_b = _by_id(a), _by_id(b)
    for doc_id, (line, _doc) in docs_b.items():
        if doc_id not in docs_a:
            raise InputError(f"id {doc_id!r} is not in {a}", path=b, line=line)
    pairs = []
    for doc_id, (line_a, doc_a) in docs_a.items():
        if doc_id not in docs_b:
            raise InputError(f"id {doc_id!r} is not in {b}", path=a, line=line_a)
        line_b, doc_b = docs_b[doc_id]
        if doc_a.text != doc_b.text:
            at = next((i for i, (x, y) in enumerate(zip(doc_a.text, doc_b.text)) if x != y),
                      min(len(doc_a.text), len(doc_b.text)))
            raise InputError(f"id {doc_id!r}: text differs from {a}:{line_a} at character {at}", path=b, line=line_b)
        pairs.append((doc_a, doc_b))
    return pairs


def token_labels(tokens: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[str]:
    """The label of the span each (start, end) token overlaps, or O."""
    out = []
    for t_start, t_end in tokens:
        out.append(next((lab for s, e, lab in spans if s < t_end and t_start < e), OUTSIDE))
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two equally long label sequences (1.0 when both are constant and equal)."""
    if len(a) != len(b):
        raise ValueError("label sequences differ in length")
    n = len(a)
    if n == 0:
        return 1.0
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


@dataclass
class Agreement:
    documents: int
    tokens: int
    kappa: float
    matches: list[DocumentMatch]
    labels: list[str]

    def f1(self, schema: str, key: str = "overall") -> float:
        return score(total(self.matches, schema, key), schema).f1

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "tokens": self.tokens, "kappa": self.kappa,
                "strict_f1": self.f1("strict"), "partial_f1": self.f1("partial"),
                "per_label": {l: {"strict_f1": self.f1("strict", l), "partial_f1": self.f1("partial", l),
                                  "a_spans": total(self.matches, "strict", l).possible,
                                  "b_spans": total(self.matches, "strict", l).actual} for l in self.labels}}


def agreement(pairs: Sequence[tuple[Document, Document]]) -> Agreement:
    """Span F1 (strict, partial) and token kappa of the paired documents."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    labels = list(LABELS) + sorted({s[2] for a, b in pairs for s in (*a.label, *b.label)} - set(LABELS))
    matches, tags_a, tags_b = [], [], []
    for doc_a, doc_b in pairs:
        matches.append(match_document(doc_a.label, doc_b.label, labels))
        tokens = [(t.idx, t.idx + len(t.text)) for t in tokenizer(doc_a.text) if not t.is_space]
        tags_a += token_labels(tokens, doc_a.label)
        tags_b += token_labels(tokens, doc_b.label)
    used = [l for l in labels if total(matches, "strict", l).possible or total(matches, "strict", l).actual]
    return Agreement(len(pairs), len(tags_a), cohen_kappa(tags_a, tags_b), matches, used)


def agreement_markdown(result: Agreement, a: Path, b: Path) -> str:
    lines = [f"# Agreement: `{a}` vs `{b}`", "",
             f"{result.documents} documents, {result.tokens} tokens. Token-level Cohen's kappa (label or O): "
             f"**{result.kappa:.4f}**.", "",
             "| label | spans A | spans B | strict F1 | partial F1 |", "|---|---:|---:|---:|---:|"]
    for label in result.labels:
        c = total(result.matches, "strict", label)
        lines.append(f"| {label} | {c.possible} | {c.actual} | {result.f1('strict', label):.4f} | "
                     f"{result.f1('partial', label):.4f} |")
    c = total(result.matches, "strict")
    lines.append(f"| **all** | {c.possible} | {c.actual} | {result.f1('strict'):.4f} | {result.f1('partial'):.4f} |")
    return "\n".join(lines) + "\n"


def agreement_files(a: Path, b: Path, report: Path | None = None) -> Agreement:
    """Agreement of two annotation files; with `report`, also write it as Markdown (atomically)."""
    result = agreement(paired_documents(a, b))
    if report is not None:
        with atomic_output(report) as fh:
            fh.write(agreement_markdown(result, a, b))
    return result
