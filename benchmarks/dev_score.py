"""Strict per-label F1 of the default pipeline on a gold split, stage by stage.

What each component adds: for each stage (the pipeline with later components disabled) tag the
split's documents of every gold set (article, transcript, and the written probe when built), and score
them with `histner evaluate`'s own loader and strict matcher.

    .venv/bin/python benchmarks/dev_score.py                 # dev split, all stages
    .venv/bin/python benchmarks/dev_score.py --errors rules  # also list the errors of one stage
    .venv/bin/python benchmarks/dev_score.py --model configs/histner_sm.cfg  # the same over the stock NER
"""

from __future__ import annotations

import argparse

from pipeline import LABELS, model
from pipeline.evaluation.load import GOLD_SETS, GoldSet, gold_documents, predict
from pipeline.evaluation.run import score_set

# stage name → pipes disabled for it (the components after the NER + label map)
STAGES = {
    "stock": ["histner_gazetteer", "histner_guideline_rules"],
    "gazetteer": ["histner_guideline_rules"],
    "rules": ["histner_gazetteer"],
    "all": [],
}


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
        gold = GoldSet(name, path, gold_documents(path, args.split))
        for stage in args.stages:
            disable = [p for p in STAGES[stage] if p in nlp.pipe_names]
            with nlp.select_pipes(disable=disable):
                pred = predict(nlp, gold.documents)
            scores = score_set(gold, pred).scores
            strict = scores["strict"]
            cells = " ".join(f"{label} {scores['per_label'][label]['strict']['f1']:.3f}" for label in LABELS)
            print(f"{name:10s} {args.split} {stage:9s} P {strict['precision']:.3f} R {strict['recall']:.3f} "
                  f"F1 {strict['f1']:.3f} | {cells}")
            if stage == args.errors:
                for g, d in zip(gold.documents, pred):
                    gs, ps = set(g.spans()), set(d.spans())
                    for s, e, lab in sorted(ps - gs):
                        print(f"   FP {g.id} {lab:6s} {g.text[s:e]!r}")
                    for s, e, lab in sorted(gs - ps):
                        print(f"   FN {g.id} {lab:6s} {g.text[s:e]!r}")


if __name__ == "__main__":
    main()
