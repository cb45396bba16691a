"""Strict per-label F1 of the default pipeline on a gold split, stage by stage.

What each component adds: for each stage (the pipeline with later components disabled) tag the
split's documents of every gold set (article, transcript, and the written probe when built), and count
exact (start, end, label) matches in input-text offsets.

    .venv/bin/python benchmarks/dev_score.py                 # dev split, all stages
    .venv/bin/python benchmarks/dev_score.py --errors rules  # also list the errors of one stage
    .venv/bin/python benchmarks/dev_score.py --model configs/histner_sm.cfg  # the same over the stock NER
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from pipeline import LABELS, model
from pipeline.evaluation.load import GOLD_SETS
from pipeline.schema import read_documents
from pipeline.tagging import tag_documents

# stage name → pipes disabled for it (the components after the NER + label map)
STAGES = {
    "stock": ["histner_gazetteer", "histner_guideline_rules"],
    "gazetteer": ["histner_guideline_rules"],
    "rules": ["histner_gazetteer"],
    "all": [],
}


def score(gold_docs, predicted_docs) -> dict[str, Counter]:
    """tp/fp/fn per label for exact span matches."""
    counts = {label: Counter() for label in LABELS}
    for gold, pred in zip(gold_docs, predicted_docs):
        g, p = set(gold.spans()), set(pred.spans())
        for s in g & p:
            counts[s[2]]["tp"] += 1
        for s in p - g:
            counts.setdefault(s[2], Counter())["fp"] += 1
        for s in g - p:
            counts[s[2]]["fn"] += 1
    return counts


def f1(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--stages", nargs="*", default=list(STAGES))
    parser.add_argument("--errors", help="list this stage's errors")
    parser.add_argument("--merge", help="gazetteer merge strategy to try, e.g. histner.longest_wins.v1")
    parser.add_argument("--model", default=None, help="model folder or config (default: the shipped models/histner)")
    args = parser.parse_args()
    nlp = model.load(args.model)
    if args.merge:
        from spacy.util import registry

        nlp.get_pipe("histner_gazetteer").merge = registry.misc.get(args.merge)()
    for name, path in GOLD_SETS.items():
        if not path.is_file():
            continue
        gold = [d for _line, d in read_documents(path) if d.meta.get("split") == args.split]
        for stage in args.stages:
            disable = [p for p in STAGES[stage] if p in nlp.pipe_names]
            with nlp.select_pipes(disable=disable):
                pred = list(tag_documents(nlp, gold))
            counts = score(gold, pred)
            total = sum(counts.values(), Counter())
            cells = " ".join(f"{label} {f1(counts[label])[2]:.3f}" for label in LABELS)
            p, r, f = f1(total)
            print(f"{name:10s} {args.split} {stage:9s} P {p:.3f} R {r:.3f} F1 {f:.3f} | {cells}")
            if stage == args.errors:
                for g, d in zip(gold, pred):
                    gs, ps = set(g.spans()), set(d.spans())
                    for s, e, lab in sorted(ps - gs):
                        print(f"   FP {g.id} {lab:6s} {g.text[s:e]!r}")
                    for s, e, lab in sorted(gs - ps):
                        print(f"   FN {g.id} {lab:6s} {g.text[s:e]!r}")


if __name__ == "__main__":
    main()
