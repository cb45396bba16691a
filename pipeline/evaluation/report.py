"""Writing an evaluation: report.json (every figure), report.md (tables to read), report.html (errors).

The HTML shows every strict error of the evaluated model with displaCy, grouped as missed, spurious,
wrong type and wrong boundary: for each, the gold and the predicted entities over the same stretch
of the document text, so a reader sees the disagreement in context. All three files are written
atomically.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import LABELS
from pipeline.evaluation.aggregate import BOOTSTRAP_REPS, BOOTSTRAP_SEED
from pipeline.evaluation.match import ERROR_KINDS, SCHEMAS, DocumentMatch, Span, SpanError, span_errors
from pipeline.schema import Document, atomic_output

CONTEXT_CHARS = 120  # text shown either side of an error in the HTML


@dataclass
class SetEvaluation:
    """One gold set scored: its documents, per-document matches and the summarised scores."""

    name: str
    documents: list[Document]
    matches: list[DocumentMatch]
    scores: dict[str, Any]


@dataclass
class Evaluation:
    model: str
    split: str
    date: str
    gold_files: dict[str, dict[str, str]]
    sets: dict[str, SetEvaluation]
    baseline_model: str | None = None
    baseline: dict[str, SetEvaluation] = field(default_factory=dict)


def report_json(ev: Evaluation) -> dict[str, Any]:
    return {"model": ev.model, "split": ev.split, "date": ev.date, "gold_files": ev.gold_files,
            "bootstrap": {"reps": BOOTSTRAP_REPS, "seed": BOOTSTRAP_SEED, "unit": "document", "level": 0.95},
            "sets": {name: s.scores for name, s in ev.sets.items()},
            "baseline_model": ev.baseline_model,
            "baseline": {name: s.scores for name, s in ev.baseline.items()} if ev.baseline_model else None}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def strict_f1_text(strict: dict[str, Any]) -> str:
    """Strict F1 with its bootstrap interval, in percent: `97.8 [95.5, 99.5]`. Without the interval for a
    report.json written before per-label intervals existed, as `histner compare` may read."""
    if "ci95" not in strict:
        return _pct(strict["f1"])
    lo, hi = strict["ci95"]
    return f"{_pct(strict['f1'])} [{_pct(lo)}, {_pct(hi)}]"


def report_markdown(ev: Evaluation) -> str:
    names = list(ev.sets)
    systems = [("model", ev.sets)] + ([("baseline", ev.baseline)] if ev.baseline_model else [])
    lines = [f"# Evaluation: {ev.model}", "",
             f"Split **{ev.split}**, {ev.date}. Baseline: {ev.baseline_model or 'none'}. "
             "Scores in per cent; strict F1 with a 95 % bootstrap interval over documents (1000 resamples, seed 0).",
             "", "## Strict F1", "",
             "| system | " + " | ".join(f"{n} P | {n} R | {n} F1 [95 % CI]" for n in names) + " |",
             "|---|" + "---:|" * (3 * len(names))]
    for sys_name, sets in systems:
        cells = []
        for n in names:
            scores = sets[n].scores
            cells += [_pct(scores["strict"]["precision"]), _pct(scores["strict"]["recall"]), strict_f1_text(scores["strict"])]
        lines.append(f"| {sys_name} | " + " | ".join(cells) + " |")

    for sys_name, sets in systems:
        scored = {n: sets[n].scores for n in names}
        lines += ["", f"## {sys_name.capitalize()}: all schemas (P / R / F1)", "",
                  "| schema | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for schema in SCHEMAS:
            lines.append(f"| {schema} | " + " | ".join(
                f"{_pct(scored[n][schema]['precision'])} / {_pct(scored[n][schema]['recall'])} / "
                f"{_pct(scored[n][schema]['f1'])}" for n in names) + " |")
        lines.append("| macro strict | " + " | ".join(
            f"{_pct(scored[n]['macro']['strict']['precision'])} / {_pct(scored[n]['macro']['strict']['recall'])} / "
            f"{_pct(scored[n]['macro']['strict']['f1'])}" for n in names) + " |")

        lines += ["", f"### {sys_name.capitalize()}: strict, per label (P / R / F1 [95 % interval], gold spans)", "",
                  "| label | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for label in LABELS:
            lines.append(f"| {label} | " + " | ".join(
                f"{_pct(scored[n]['per_label'][label]['strict']['precision'])} / "
                f"{_pct(scored[n]['per_label'][label]['strict']['recall'])} / "
                f"{strict_f1_text(scored[n]['per_label'][label]['strict'])} "
                f"({scored[n]['per_label'][label]['gold_spans']})"
                for n in names) + " |")

        lines += ["", f"### {sys_name.capitalize()}: counts", "",
                  "| set | schema | correct | incorrect | partial | missed | spurious | possible | actual |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for n in names:
            for schema in SCHEMAS:
                c = scored[n]["counts"][schema]
                lines.append(f"| {n} | {schema} | {c['correct']} | {c['incorrect']} | {c['partial']} | {c['missed']} | "
                             f"{c['spurious']} | {c['possible']} | {c['actual']} |")
        lines += ["", f"### {sys_name.capitalize()}: strict errors by kind", "",
                  "| set | " + " | ".join(ERROR_KINDS) + " |", "|---|" + "---:|" * len(ERROR_KINDS)]
        for n in names:
            lines.append(f"| {n} | " + " | ".join(str(scored[n]["errors"][k]) for k in ERROR_KINDS) + " |")
    lines += ["", "Gold files: " + ", ".join(f"`{g['path']}` (sha256 {g['sha256'][:12]}…)" for g in ev.gold_files.values()),
              "", "Every error of the model is shown in context in `report.html`.", ""]
    return "\n".join(lines)


def error_window(text: str, error: SpanError, spans: Sequence[Span], context: int = CONTEXT_CHARS) -> tuple[int, int]:
    """A stretch of `text` around the error, widened at word breaks and so no span in it is cut."""
    around = [s for s in (error.gold, error.pred) if s is not None]
    start = max(0, min(s[0] for s in around) - context)
    end = min(len(text), max(s[1] for s in around) + context)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    changed = True
    while changed:
        changed = False
        for s, e, _ in spans:
            if s < start < e:
                start, changed = s, True
            if s < end < e:
                end, changed = e, True
    return start, end


def _displacy(text: str, spans: Sequence[Span], start: int, end: int, title: str) -> str:
    from spacy import displacy

    ents = [{"start": s - start, "end": e - start, "label": lab} for s, e, lab in spans if start <= s and e <= end]
    return displacy.render({"text": text[start:end], "ents": ents, "title": title}, style="ent", manual=True,
                           page=False, jupyter=False)


def _describe(text: str, error: SpanError) -> str:
    def show(span: Span | None) -> str:
        return "—" if span is None else f"“{html.escape(text[span[0]:span[1]])}” {span[2]} [{span[0]}, {span[1]})"
    return f"gold {show(error.gold)} · predicted {show(error.pred)}"


def report_html(ev: Evaluation) -> str:
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>histner errors: {html.escape(ev.model)} on {ev.split}</title>",
             "<style>body{font-family:sans-serif;max-width:70em;margin:auto}"
             ".err{border-top:1px solid #ccc;margin:1em 0}.what{font-size:90%;color:#333}</style></head><body>",
             f"<h1>Errors of {html.escape(ev.model)} on the {ev.split} split</h1>",
             "<p>Strict-schema errors. For each: the gold entities (first) and the predicted entities (second) "
             "on the same stretch of the document text.</p>"]
    for name, s in ev.sets.items():
        grouped: dict[str, list[tuple[Document, DocumentMatch, SpanError]]] = {k: [] for k in ERROR_KINDS}
        for doc, m in zip(s.documents, s.matches):
            for error in span_errors(m):
                grouped[error.kind].append((doc, m, error))
        parts.append(f"<h2>{html.escape(name)}</h2><p>" +
                     ", ".join(f"<a href='#{name}-{k.replace(' ', '-')}'>{k}: {len(v)}</a>" for k, v in grouped.items())
                     + "</p>")
        for kind, items in grouped.items():
            parts.append(f"<h3 id='{name}-{kind.replace(' ', '-')}'>{name}: {kind} ({len(items)})</h3>")
            for doc, m, error in items:
                start, end = error_window(doc.text, error, [*m.gold, *m.pred])
                parts.append(f"<div class='err'><p class='what'>{html.escape(doc.id)}: {_describe(doc.text, error)}</p>")
                parts.append(_displacy(doc.text, m.gold, start, end, "gold"))
                parts.append(_displacy(doc.text, m.pred, start, end, "predicted"))
                parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(ev: Evaluation, directory: Path) -> dict[str, Path]:
    """report.json, report.md and report.html in `directory`, each written atomically."""
    directory = Path(directory)
    files = {"json": directory / "report.json", "md": directory / "report.md", "html": directory / "report.html"}
    texts = {"json": json.dumps(report_json(ev), indent=2, ensure_ascii=False) + "\n",
             "md": report_markdown(ev), "html": report_html(ev)}  # all built before any file is touched
    for key, path in files.items():
        with atomic_output(path) as fh:
            fh.write(texts[key])
    return files
