"""`histner evaluate`: load gold and predictions, match, aggregate, write the report — one call.

Arguments are checked and gold files read before any model is loaded, so a typo fails at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from pipeline.components.label_map import ONTONOTES_TO_HISTNER
from pipeline.evaluation.aggregate import summarise
from pipeline.evaluation.load import (BASELINE_MODEL, GOLD_SETS, GoldSet, load_baseline, load_gold,
                                      parse_sets, predict)
from pipeline.evaluation.match import match_document
from pipeline.evaluation.report import Evaluation, SetEvaluation, write_report
from pipeline.schema import Document, file_sha256


def score_set(gold: GoldSet, predictions: Sequence[Document]) -> SetEvaluation:
    matches = [match_document(g.spans(), p.spans()) for g, p in zip(gold.documents, predictions, strict=True)]
    return SetEvaluation(gold.name, gold.documents, matches, summarise(matches))


def evaluate(report_dir: Path, *, model: str | None = None, split: str = "test",
             sets: str | Sequence[str] = ("article", "transcript"), baseline: str | None = BASELINE_MODEL,
             gold_files: Mapping[str, Path] = GOLD_SETS) -> tuple[Evaluation, dict[str, Path]]:
    """Score `model` (None: the shipped default) and optionally a stock baseline; write DIR/report.*."""
    from pipeline.model import DEFAULT_MODEL, load

    gold = load_gold(parse_sets(sets), split, gold_files)
    nlp = load(model)
    ev = Evaluation(model=model or f"default ({DEFAULT_MODEL.name})", split=split,
                    date=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    gold_files={g.name: {"path": str(g.path), "sha256": file_sha256(g.path)} for g in gold},
                    sets={g.name: score_set(g, predict(nlp, g.documents)) for g in gold})
    if baseline:
        stock = load_baseline(baseline)
        ev.baseline_model = baseline
        ev.baseline = {g.name: score_set(g, predict(stock, g.documents, ONTONOTES_TO_HISTNER)) for g in gold}
    return ev, write_report(ev, report_dir)
