"""`histner train-curve`: is more annotation still paying off?

Trains the same config on seeded, nested subsets (25/50/75/100 %) of the train documents, reads each
best model's dev ents_f from spaCy's meta.json, and writes a table (Markdown and JSON) and a PNG of
dev F1 against training words. The verdict uses the slope of the last step: F1 points gained by the
last quarter of the data.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.schema import atomic_output
from pipeline.training.convert import write_docbin
from pipeline.model import work_dir_beside
from pipeline.training.train import load_training_config, prepare_corpus, run_spacy_training

FRACTIONS = (0.25, 0.5, 0.75, 1.0)
# A last step that still gains at least this many F1 points means more annotation is still paying off.
PAYING_OFF_POINTS = 1.0


@dataclass
class CurvePoint:
    fraction: float
    docs: int
    words: int
    ents_f: float
    ents_p: float
    ents_r: float


@dataclass
class CurveResult:
    points: list[CurvePoint]
    verdict: str
    markdown: str
    files: list[Path] = field(default_factory=list)


def nested_subsets(n: int, fractions: Sequence[float], seed: int) -> list[list[int]]:
    """Indices of each subset: one seeded shuffle, then prefixes, so every subset contains the smaller ones."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[:max(1, math.ceil(f * n))]) for f in fractions]


def verdict_of(points: list[CurvePoint]) -> str:
    """Whether the last step of data still raised dev F1 enough to keep annotating."""
    if len(points) < 2:
        return "only one point: no slope to judge"
    a, b = points[-2], points[-1]
    gain = 100 * (b.ents_f - a.ents_f)
    per_1k = gain / max(1, b.words - a.words) * 1000
    if gain >= PAYING_OFF_POINTS:
        return (f"more annotation is still paying off: the last {b.words - a.words:,} words raised dev F1 by "
                f"{gain:+.1f} points ({per_1k:+.2f} per 1,000 words)")
    return (f"more annotation is no longer clearly paying off: the last {b.words - a.words:,} words changed dev "
            f"F1 by {gain:+.1f} points ({per_1k:+.2f} per 1,000 words; threshold {PAYING_OFF_POINTS:+.1f})")


def markdown_table(points: list[CurvePoint]) -> str:
    rows = ["| train share | documents | words | dev F1 | dev P | dev R |", "|---:|---:|---:|---:|---:|---:|"]
    rows += [f"| {p.fraction:.0%} | {p.docs} | {p.words:,} | {100 * p.ents_f:.1f} | {100 * p.ents_p:.1f} | "
             f"{100 * p.ents_r:.1f} |" for p in points]
    return "\n".join(rows)


def plot(points: list[CurvePoint], path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([p.words for p in points], [100 * p.ents_f for p in points], marker="o")
    for p in points:
        ax.annotate(f"{100 * p.ents_f:.1f}", (p.words, 100 * p.ents_f), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=8)
    ax.set_xlabel("training words")
    ax.set_ylabel("dev F1 (strict, spaCy ents_f) %")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    with atomic_output(path, "wb") as fh:
        fig.savefig(fh, format="png", dpi=110)
    plt.close(fig)
    return path


def train_curve(config_path: Path, out_dir: Path, *, gold_files: Sequence[Path] | None = None,
                with_transcript: bool = False, overrides: dict[str, Any] | None = None, misaligned: str = "error",
                seed: int = 0, fractions: Sequence[float] = FRACTIONS) -> CurveResult:
    """Train on each subset and write `train_curve.md`, `train_curve.json` and `train_curve.png` to `out_dir`."""
    config_path, out_dir = Path(config_path), Path(out_dir)
    config = load_training_config(config_path, overrides)
    corpus = prepare_corpus(config, gold_files=gold_files, with_transcript=with_transcript, misaligned=misaligned)
    points = []
    with work_dir_beside(out_dir / "train_curve", suffix=".training") as work:
        dev_path = write_docbin(corpus.dev, work / "dev.spacy")
        for fraction, indices in zip(fractions, nested_subsets(len(corpus.train), fractions, seed)):
            docs = [corpus.train[i] for i in indices]
            train_path = write_docbin(docs, work / f"train-{fraction:.2f}.spacy")
            best = run_spacy_training(config_path, config, train_path, dev_path, work / f"model-{fraction:.2f}",
                                      overrides)
            perf = json.loads((best / "meta.json").read_text(encoding="utf-8")).get("performance", {})
            words = sum(1 for d in docs for t in d if not t.is_space and not t.is_punct)
            points.append(CurvePoint(fraction, len(docs), words, float(perf.get("ents_f", 0.0)),
                                     float(perf.get("ents_p", 0.0)), float(perf.get("ents_r", 0.0))))
    verdict = verdict_of(points)
    table = markdown_table(points)
    markdown = f"# Train curve: {config_path.name}\n\n{table}\n\n{verdict}\n"
    files = [out_dir / "train_curve.md", out_dir / "train_curve.json", out_dir / "train_curve.png"]
    with atomic_output(files[0]) as fh:
        fh.write(markdown)
    with atomic_output(files[1]) as fh:
        fh.write(json.dumps({"config": str(config_path), "seed": seed, "overrides": dict(overrides or {}),
                             "with_transcript": with_transcript, "misaligned_policy": misaligned,
                             "dev": corpus.summary()["dev"], "points": [p.__dict__ for p in points],
                             "verdict": verdict}, indent=2) + "\n")
    plot(points, files[2], f"{config_path.name}: dev F1 vs training data (seed {seed})")
    return CurveResult(points, verdict, table, files)
