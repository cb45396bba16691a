"""Precision, recall and F1 from match counts: per schema, per label, micro and macro, with a bootstrap.

Formulas are nervaluate 1.2.1's: strict and exact score `correct / actual` and `correct / possible`;
partial and type give partial matches half credit, `(correct + 0.5 partial) / …`. An empty
denominator scores 0. Micro sums the counts of all documents; macro averages the per-label F1 over
the labels that occur in the gold or the predictions.

The interval on strict F1 resamples documents with replacement (a document's spans stay together,
because errors cluster by document), seeded so that a report can be reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline import LABELS
from pipeline.evaluation.match import SCHEMAS, Counts, DocumentMatch, span_errors

BOOTSTRAP_REPS = 1000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    def to_json(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def score(counts: Counts, schema: str) -> Score:
    """P/R/F1 of counts under `schema` (half credit for partial matches in partial and type)."""
    credit = counts.correct + (0.5 * counts.partial if schema in ("partial", "type") else 0)
    precision = credit / counts.actual if counts.actual else 0.0
    recall = credit / counts.possible if counts.possible else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def total(matches: Sequence[DocumentMatch], schema: str, key: str = "overall") -> Counts:
    """Counts summed over documents (micro)."""
    out = Counts()
    for m in matches:
        out = out + m.counts[schema][key]
    return out


def bootstrap_f1(per_document: Sequence[Counts], *, reps: int = BOOTSTRAP_REPS, seed: int = BOOTSTRAP_SEED,
                 level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of strict/exact F1 over documents resampled with replacement.

    Without partial credit, F1 = 2·correct / (actual + possible), so each replicate is three sums.
    """
    n = len(per_document)
    if n == 0:
        return (0.0, 0.0)
    table = np.array([(c.correct, c.actual, c.possible) for c in per_document], dtype=np.int64)
    picks = np.random.default_rng(seed).integers(0, n, size=(reps, n))
    sums = table[picks].sum(axis=1)  # reps × 3
    denominator = sums[:, 1] + sums[:, 2]
    f1 = np.divide(2 * sums[:, 0], denominator, out=np.zeros(reps), where=denominator > 0)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(f1, [tail, 100 - tail])
    return float(lo), float(hi)


def summarise(matches: Sequence[DocumentMatch], labels: Sequence[str] = LABELS, *,
              reps: int = BOOTSTRAP_REPS, seed: int = BOOTSTRAP_SEED) -> dict[str, Any]:
    """The JSON-ready scores of one evaluated set: schemas, interval, per label, macro, counts, errors."""
    out: dict[str, Any] = {"documents": len(matches),
                           "gold_spans": sum(len(m.gold) for m in matches),
                           "predicted_spans": sum(len(m.pred) for m in matches)}
    for schema in SCHEMAS:
        out[schema] = score(total(matches, schema), schema).to_json()
    out["strict"]["ci95"] = list(bootstrap_f1([m.counts["strict"]["overall"] for m in matches], reps=reps, seed=seed))
    per_label: dict[str, Any] = {}
    for label in labels:
        per_label[label] = {schema: {**score(c := total(matches, schema, label), schema).to_json(),
                                     "counts": c.to_json()} for schema in SCHEMAS}
        per_label[label]["strict"]["ci95"] = list(bootstrap_f1([m.counts["strict"][label] for m in matches],
                                                               reps=reps, seed=seed))
        per_label[label]["gold_spans"] = sum(1 for m in matches for s in m.gold if s[2] == label)
    out["per_label"] = per_label
    out["macro"] = {}
    for schema in SCHEMAS:
        present = [l for l in labels if per_label[l][schema]["counts"]["possible"] or per_label[l][schema]["counts"]["actual"]]
        out["macro"][schema] = {k: (sum(per_label[l][schema][k] for l in present) / len(present) if present else 0.0)
                                for k in ("precision", "recall", "f1")}
    out["counts"] = {schema: total(matches, schema).to_json() for schema in SCHEMAS}
    errors = {kind: 0 for kind in ("missed", "spurious", "wrong type", "wrong boundary")}
    for m in matches:
        for e in span_errors(m):
            errors[e.kind] += 1
    out["errors"] = errors
    return out
