"""Several `histner evaluate` reports side by side: one Markdown table a gold set, one row a model,
strict F1 with its 95 % interval overall and per label. This is how the model card's table is made."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import LABELS
from pipeline.errors import HistnerError
from pipeline.evaluation.report import strict_f1_text


def read_report(directory: Path) -> dict[str, Any]:
    path = Path(directory) / "report.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise HistnerError("no report.json here (run `histner evaluate --report DIR` first)", path=directory) from None
    except ValueError as exc:
        raise HistnerError(f"not a JSON report: {exc}", path=path) from None


def rows_of(report: dict[str, Any], baseline: bool = False) -> dict[str, list[str]]:
    """Per gold set, the cells of one row: overall strict F1 and each label's."""
    sets = report["baseline"] if baseline else report["sets"]
    return {set_name: [strict_f1_text(s["strict"])] + [strict_f1_text(s["per_label"][label]["strict"]) for label in LABELS]
            for set_name, s in sets.items()}


def comparison_table(named: Sequence[tuple[str, Path]], *, baseline_from: Path | None = None) -> str:
    """Markdown: for each gold set, rows (models in the given order, the stock baseline first if asked)."""
    reports = [(name, read_report(d)) for name, d in named]
    splits = {r["split"] for _n, r in reports}
    if len(splits) > 1:
        raise HistnerError(f"the reports score different splits ({', '.join(sorted(splits))}); compare like with like")
    rows: list[tuple[str, dict[str, list[str]]]] = []
    if baseline_from is not None:
        base = read_report(baseline_from)
        if not base.get("baseline"):
            raise HistnerError("this report has no baseline (evaluated with --no-baseline)", path=baseline_from)
        rows.append((f"stock {base['baseline_model']} + label map", rows_of(base, baseline=True)))
    rows += [(name, rows_of(r)) for name, r in reports]
    out: list[str] = []
    for set_name in rows[0][1]:
        out += [f"**{set_name}, {next(iter(splits))} split** (strict F1 [95 % interval])", "",
                "| model | all | " + " | ".join(LABELS) + " |", "|---|---|" + "---|" * len(LABELS)]
        out += [f"| {name} | " + " | ".join(cells[set_name]) + " |" for name, cells in rows if set_name in cells]
        out.append("")
    return "\n".join(out)
