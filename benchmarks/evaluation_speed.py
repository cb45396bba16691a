"""How long matching and the bootstrap take on the whole gold (perturbed predictions, no model).

    .venv/bin/python benchmarks/evaluation_speed.py

Prints wall-clock seconds for matching every gold document under the four schemas (overall and per
label) and for the 1000-replicate document bootstrap on strict F1.
"""

from __future__ import annotations

import random
import time

from pipeline import LABELS, paths
from pipeline.evaluation.aggregate import bootstrap_f1, score, total
from pipeline.evaluation.load import gold_documents
from pipeline.evaluation.match import match_document


def perturbed(spans, rng):
    out = []
    for s, e, lab in spans:
        r = rng.random()
        if r < 0.1:
            continue
        if r < 0.2:
            s = min(e - 1, s + 1)
        elif r < 0.3:
            lab = rng.choice(LABELS)
        out.append((s, e, lab))
    return out


def main() -> None:
    rng = random.Random(0)
    docs = gold_documents(paths.GOLD_ARTICLE, "all") + gold_documents(paths.GOLD_TRANSCRIPT, "all")
    pairs = [(d.spans(), perturbed(d.spans(), rng)) for d in docs]
    spans = sum(len(g) for g, _ in pairs)
    t0 = time.perf_counter()
    matches = [match_document(g, p) for g, p in pairs]
    t1 = time.perf_counter()
    lo, hi = bootstrap_f1([m.counts["strict"]["overall"] for m in matches], reps=1000, seed=0)
    t2 = time.perf_counter()
    f1 = score(total(matches, "strict"), "strict").f1
    print(f"{len(docs)} documents, {spans} gold spans")
    print(f"match (4 schemas, overall + per label): {t1 - t0:.3f} s")
    print(f"bootstrap (1000 reps over documents):   {t2 - t1:.3f} s  strict F1 {f1:.3f} [{lo:.3f}, {hi:.3f}]")


if __name__ == "__main__":
    main()
