"""Matching predicted spans to gold spans under the four SemEval'13 schemas, as nervaluate 1.2.1 does.

Pure functions over `(start, end, label)` lists (end exclusive), no spaCy. Each schema is a literal
port of nervaluate's strategy, so counts and scores agree with it span for span (the tests check):
predictions are visited in list order, each takes the first unmatched gold span it fits, and a
prediction overlaps a gold span when the overlap covers at least `min_overlap` per cent of the gold
span (nervaluate's default 1 %).

- strict:  exact boundaries and type → correct; other overlap → incorrect
- exact:   exact boundaries, any type → correct; other overlap → incorrect
- partial: exact boundaries, any type → correct; other overlap → partial (half credit)
- type:    overlap and same type → correct (closest boundaries win); overlap, other type → incorrect
Unmatched predictions are spurious, unmatched gold spans missed. Per label, nervaluate scores the
spans of that label alone (a wrong-type prediction is spurious for its label, missed for the gold's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Callable, NamedTuple

from pipeline import LABELS

Span = tuple[int, int, str]  # start, end (exclusive), label

SCHEMAS: tuple[str, ...] = ("strict", "exact", "partial", "type")
NERVALUATE_NAMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
OUTCOMES = ("correct", "incorrect", "partial", "missed", "spurious")


@dataclass
class Counts:
    """The five SemEval'13 outcome counts; possible = gold side, actual = predicted side."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def to_json(self) -> dict[str, int]:
        return {**{f.name: getattr(self, f.name) for f in fields(self)},
                "possible": self.possible, "actual": self.actual}


class Outcome(NamedTuple):
    """One decision: `pred` and `gold` are indices into the lists given (None where absent)."""

    kind: str  # one of OUTCOMES
    pred: int | None
    gold: int | None


def overlap_percentage(pred: Span, gold: Span) -> float:
    """Share of the gold span covered by the prediction, in per cent (nervaluate's measure)."""
    overlap = min(pred[1], gold[1]) - max(pred[0], gold[0])
    if overlap <= 0:
        return 0.0
    return overlap / (gold[1] - gold[0]) * 100.0


def _first_fit(gold: Sequence[Span], pred: Sequence[Span], is_correct: Callable[[Span, Span], bool],
               near: str, min_overlap: float) -> list[Outcome]:
    """strict / exact / partial: the first unmatched gold span that is correct, else the first that overlaps."""
    outcomes: list[Outcome] = []
    taken: set[int] = set()
    for p_idx, p in enumerate(pred):
        near_idx = None
        for g_idx, g in enumerate(gold):
            if g_idx in taken:
                continue
            if is_correct(p, g):
                outcomes.append(Outcome("correct", p_idx, g_idx))
                taken.add(g_idx)
                break
            if near_idx is None and overlap_percentage(p, g) >= min_overlap:
                near_idx = g_idx
        else:
            if near_idx is not None:
                outcomes.append(Outcome(near, p_idx, near_idx))
                taken.add(near_idx)
            else:
                outcomes.append(Outcome("spurious", p_idx, None))
    outcomes += [Outcome("missed", None, g_idx) for g_idx in range(len(gold)) if g_idx not in taken]
    return outcomes


def _type_fit(gold: Sequence[Span], pred: Sequence[Span], min_overlap: float) -> list[Outcome]:
    """type: an overlapping gold span of the same label (closest boundaries), else one of another label."""
    outcomes: list[Outcome] = []
    taken: set[int] = set()
    for p_idx, p in enumerate(pred):
        best_idx = best_distance = other_idx = None
        for g_idx, g in enumerate(gold):
            if g_idx in taken or overlap_percentage(p, g) < min_overlap:
                continue
            if p[2] == g[2]:
                distance = abs(p[0] - g[0]) + abs(p[1] - g[1])
                if best_distance is None or distance < best_distance:
                    best_idx, best_distance = g_idx, distance
            elif other_idx is None:
                other_idx = g_idx
        if best_idx is not None:
            outcomes.append(Outcome("correct", p_idx, best_idx))
            taken.add(best_idx)
        elif other_idx is not None:
            outcomes.append(Outcome("incorrect", p_idx, other_idx))
            taken.add(other_idx)
        else:
            outcomes.append(Outcome("spurious", p_idx, None))
    outcomes += [Outcome("missed", None, g_idx) for g_idx in range(len(gold)) if g_idx not in taken]
    return outcomes


def _same_span(p: Span, g: Span) -> bool:
    return p == g


def _same_boundaries(p: Span, g: Span) -> bool:
    return p[0] == g[0] and p[1] == g[1]


def match_spans(gold: Sequence[Span], pred: Sequence[Span], schema: str, *, min_overlap: float = 1.0) -> list[Outcome]:
    """The outcome of every prediction (in order), then every missed gold span, under one schema."""
    if schema == "strict":
        return _first_fit(gold, pred, _same_span, "incorrect", min_overlap)
    if schema == "exact":
        return _first_fit(gold, pred, _same_boundaries, "incorrect", min_overlap)
    if schema == "partial":
        return _first_fit(gold, pred, _same_boundaries, "partial", min_overlap)
    if schema == "type":
        return _type_fit(gold, pred, min_overlap)
    raise ValueError(f"unknown schema {schema!r}; expected one of {', '.join(SCHEMAS)}")


def count(outcomes: Iterable[Outcome]) -> Counts:
    counts = Counts()
    for outcome in outcomes:
        setattr(counts, outcome.kind, getattr(counts, outcome.kind) + 1)
    return counts


@dataclass
class DocumentMatch:
    """One document's counts, `counts[schema][key]` with key "overall" or a label, and its strict alignment."""

    gold: list[Span]
    pred: list[Span]
    counts: dict[str, dict[str, Counts]]
    strict: list[Outcome]


def match_document(gold: Iterable[Span], pred: Iterable[Span], labels: Sequence[str] = LABELS,
                   *, min_overlap: float = 1.0) -> DocumentMatch:
    """All four schemas, overall and per label; spans with labels outside `labels` are ignored."""
    gold = [tuple(s) for s in gold if s[2] in labels]
    pred = [tuple(s) for s in pred if s[2] in labels]
    counts: dict[str, dict[str, Counts]] = {}
    strict: list[Outcome] = []
    for schema in SCHEMAS:
        outcomes = match_spans(gold, pred, schema, min_overlap=min_overlap)
        if schema == "strict":
            strict = outcomes
        counts[schema] = {"overall": count(outcomes)}
        for label in labels:
            g = [s for s in gold if s[2] == label]
            p = [s for s in pred if s[2] == label]
            counts[schema][label] = count(match_spans(g, p, schema, min_overlap=min_overlap))
    return DocumentMatch(gold, pred, counts, strict)


ERROR_KINDS = ("missed", "spurious", "wrong type", "wrong boundary")


class SpanError(NamedTuple):
    """A strict-schema error: `gold` and/or `pred` span; wrong boundary may also have a wrong type."""

    kind: str  # one of ERROR_KINDS
    gold: Span | None
    pred: Span | None


def span_errors(match: DocumentMatch) -> list[SpanError]:
    """The strict errors of a document, named for a reader: missed, spurious, wrong type, wrong boundary."""
    errors = []
    for kind, p, g in match.strict:
        gold = match.gold[g] if g is not None else None
        pred = match.pred[p] if p is not None else None
        if kind == "incorrect":
            kind = "wrong type" if _same_boundaries(pred, gold) else "wrong boundary"
        if kind != "correct":
            errors.append(SpanError(kind, gold, pred))
    return errors
