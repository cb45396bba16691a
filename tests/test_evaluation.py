"""Evaluation: our matcher against nervaluate 1.2.1 on real gold, hand-computed cases, the command end to end."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from pipeline import LABELS, paths
from pipeline.evaluation.aggregate import bootstrap_f1, score, summarise, total
from pipeline.evaluation.load import gold_documents
from pipeline.evaluation.match import NERVALUATE_NAMES, SCHEMAS, Counts, match_document, match_spans, span_errors
from tests.conftest import run_histner


def perturb(text: str, spans: list, rng: random.Random) -> list:
    """Predictions made from gold by dropping, shifting a boundary, changing the type, adding spurious spans."""
    out = []
    for start, end, label in spans:
        r = rng.random()
        if r < 0.15:
            continue  # dropped → missed
        if r < 0.30:
            start = max(0, start + rng.choice([-6, -2, 1, 3]))  # shifted start → wrong boundary / partial
            start = min(start, end - 1)
        elif r < 0.40:
            end = min(len(text), max(start + 1, end + rng.choice([-3, -1, 2, 8])))
        elif r < 0.55:
            label = rng.choice([l for l in LABELS if l != label])  # wrong type
        out.append((start, end, label))
    for _ in range(rng.randint(0, 3)):  # spurious, sometimes overlapping gold spans
        start = rng.randrange(0, max(1, len(text) - 12))
        out.append((start, start + rng.randint(1, 12), rng.choice(LABELS)))
    if rng.random() < 0.3:
        rng.shuffle(out)  # nervaluate and we both visit predictions in the order given
    else:
        out.sort()
    return out


def nervaluate_results(gold_docs: list[list], pred_docs: list[list]) -> dict:
    def as_dicts(docs):  # nervaluate's ends are inclusive
        return [[{"label": l, "start": s, "end": e - 1} for s, e, l in doc] for doc in docs]
    return Evaluator(as_dicts(gold_docs), as_dicts(pred_docs), tags=list(LABELS), loader="dict").evaluate()


def assert_same_as_nervaluate(gold_docs: list[list], pred_docs: list[list]) -> None:
    matches = [match_document(g, p) for g, p in zip(gold_docs, pred_docs)]
    theirs = nervaluate_results(gold_docs, pred_docs)
    for schema in SCHEMAS:
        name = NERVALUATE_NAMES[schema]
        for key, their in [("overall", theirs["overall"][name])] + [(l, theirs["entities"][l][name])
                                                                    for l in theirs["entities"]]:
            ours = total(matches, schema, key)
            assert ours.to_json() == {k: getattr(their, k) for k in ours.to_json()}, (schema, key)
            s = score(ours, schema)
            assert (s.precision, s.recall, s.f1) == pytest.approx((their.precision, their.recall, their.f1), abs=1e-12)
        for label in set(LABELS) - set(theirs["entities"]):
            assert total(matches, schema, label) == Counts()


@pytest.mark.parametrize("gold_file, seed", [(paths.GOLD_ARTICLE, 1), (paths.GOLD_ARTICLE, 2),
                                             (paths.GOLD_TRANSCRIPT, 3)])
def test_counts_and_scores_equal_nervaluate_on_perturbed_real_gold(gold_file, seed):
    docs = gold_documents(gold_file, "all")
    rng = random.Random(seed)
    gold = [d.spans() for d in docs]
    pred = [perturb(d.text, d.spans(), rng) for d in docs]
    matches = [match_document(g, p) for g, p in zip(gold, pred)]
    strict = total(matches, "strict")
    assert strict.missed and strict.spurious and strict.incorrect and strict.correct  # every outcome occurs
    assert total(matches, "partial").partial
    assert_same_as_nervaluate(gold, pred)


spans_strategy = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8), st.sampled_from(LABELS)).map(
    lambda t: (t[0], t[0] + t[1], t[2])), max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(spans_strategy, spans_strategy), min_size=1, max_size=4))
def test_counts_equal_nervaluate_on_arbitrary_overlapping_spans(docs):
    assert_same_as_nervaluate([g for g, _ in docs], [p for _, p in docs])


def kinds(gold, pred, schema):
    return sorted(o.kind for o in match_spans(gold, pred, schema))


def test_correct():
    for schema in SCHEMAS:
        assert kinds([(0, 5, "PERSON")], [(0, 5, "PERSON")], schema) == ["correct"]


def test_incorrect_type_only():
    gold, pred = [(0, 5, "PERSON")], [(0, 5, "ORG")]
    assert kinds(gold, pred, "strict") == ["incorrect"]
    assert kinds(gold, pred, "exact") == ["correct"]
    assert kinds(gold, pred, "partial") == ["correct"]
    assert kinds(gold, pred, "type") == ["incorrect"]
    per_label = match_document(gold, pred).counts["strict"]  # per label: spans of each label alone
    assert per_label["PERSON"] == Counts(missed=1) and per_label["ORG"] == Counts(spurious=1)


def test_partial_boundary_overlap():
    gold, pred = [(0, 10, "ORG")], [(0, 5, "ORG")]
    assert kinds(gold, pred, "strict") == ["incorrect"]
    assert kinds(gold, pred, "exact") == ["incorrect"]
    assert kinds(gold, pred, "partial") == ["partial"]
    assert kinds(gold, pred, "type") == ["correct"]
    assert score(match_document(gold, pred).counts["partial"]["overall"], "partial").f1 == 0.5


def test_missed_and_spurious():
    for schema in SCHEMAS:
        assert kinds([(0, 5, "LOC")], [], schema) == ["missed"]
        assert kinds([], [(3, 7, "DATE")], schema) == ["spurious"]
        # end is exclusive: touching spans do not overlap
        assert kinds([(0, 5, "LOC")], [(5, 9, "LOC")], schema) == ["missed", "spurious"]


def test_hand_computed_scores_of_a_mixed_document():
    gold = [(0, 5, "PERSON"), (10, 20, "ORG"), (30, 35, "LOC")]
    pred = [(0, 5, "PERSON"), (10, 15, "ORG"), (30, 35, "DATE"), (40, 45, "LOC")]
    c = match_document(gold, pred).counts
    assert c["strict"]["overall"] == Counts(correct=1, incorrect=2, spurious=1)
    assert c["partial"]["overall"] == Counts(correct=2, partial=1, spurious=1)
    assert c["type"]["overall"] == Counts(correct=2, incorrect=1, spurious=1)
    strict = score(c["strict"]["overall"], "strict")
    assert (strict.precision, strict.recall) == (1 / 4, 1 / 3)
    partial = score(c["partial"]["overall"], "partial")
    assert (partial.precision, partial.recall) == (2.5 / 4, 2.5 / 3)
    assert [e.kind for e in span_errors(match_document(gold, pred))] == ["wrong boundary", "wrong type", "spurious"]


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    docs = gold_documents(paths.GOLD_ARTICLE, "all")
    rng = random.Random(5)
    matches = [match_document(d.spans(), perturb(d.text, d.spans(), rng)) for d in docs]
    per_doc = [m.counts["strict"]["overall"] for m in matches]
    lo, hi = bootstrap_f1(per_doc, seed=0)
    f1 = score(total(matches, "strict"), "strict").f1
    assert lo < f1 < hi and hi - lo < 0.2
    assert bootstrap_f1(per_doc, seed=0) == (lo, hi) and bootstrap_f1(per_doc, seed=1) != (lo, hi)
    assert bootstrap_f1([Counts(correct=3)] * 10) == (1.0, 1.0)
    assert summarise(matches)["strict"]["ci95"] == [lo, hi]


def test_gold_split_selection():
    dev = gold_documents(paths.GOLD_TRANSCRIPT, "dev")
    everything = gold_documents(paths.GOLD_TRANSCRIPT, "all")
    assert dev and all(d.meta["split"] == "dev" for d in dev)
    assert {d.meta["split"] for d in everything} <= {"train", "dev", "test"}


def test_baseline_predictions_speak_histner_labels():
    from pipeline.components.label_map import ONTONOTES_TO_HISTNER
    from pipeline.evaluation.load import load_baseline, predict

    docs = gold_documents(paths.GOLD_ARTICLE, "dev")[:5]
    preds = predict(load_baseline(), docs, ONTONOTES_TO_HISTNER)
    spans = [(d.text[s:e], lab) for d in preds for s, e, lab in d.label]
    assert spans and {lab for _, lab in spans} <= set(LABELS)
    assert ("North Korea", "LOC") in spans or ("Korea", "LOC") in spans  # GPE became LOC


def test_evaluate_command_on_dev(tmp_path):
    report = tmp_path / "report"
    result = run_histner("evaluate", "--split", "dev", "--sets", "article", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "baseline" in result.stdout and "report.html" in result.stdout
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert data["split"] == "dev" and set(data["gold_files"]) == {"article"}
    article = data["sets"]["article"]
    dev_spans = sum(len(d.label) for d in gold_documents(paths.GOLD_ARTICLE, "dev"))
    assert article["counts"]["strict"]["possible"] == dev_spans == article["gold_spans"]
    for system in (article, data["baseline"]["article"]):
        for schema in SCHEMAS:
            assert 0 <= system[schema]["f1"] <= 1
        lo, hi = system["strict"]["ci95"]
        assert 0 <= lo <= system["strict"]["f1"] <= hi <= 1
        assert set(system["per_label"]) == set(LABELS)
    md = (report / "report.md").read_text(encoding="utf-8")
    assert "| model |" in md and "| baseline |" in md and "| PERSON |" in md
    page = (report / "report.html").read_text(encoding="utf-8")
    errors = sum(article["errors"].values())
    assert errors > 0 and page.count("class='err'") == errors
    assert page.count('class="entities"') == 2 * errors  # gold and predicted for each error


def test_evaluate_rejects_a_bad_split_before_writing(tmp_path):
    result = run_histner("evaluate", "--split", "validation", "--report", str(tmp_path / "r"))
    assert result.returncode == 1 and "unknown split 'validation'" in result.stderr
    assert not (tmp_path / "r").exists()
