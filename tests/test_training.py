"""Training through the real path: gold → DocBin → spaCy training → a model folder spacy.load opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline import LABELS, paths
from pipeline.text.clean import clean
from pipeline.training.convert import build_corpus, read_gold
from pipeline.training.curve import CurvePoint, nested_subsets, verdict_of
from tests.conftest import load_jsonl, run_histner

SMOKE = str(paths.CONFIGS / "ner_smoke.cfg")


def write_gold(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_smoke_training_writes_a_loadable_model_and_nothing_else(tmp_path):
    """The real path, as a user runs it: config → convert (cleaning tokenizer) → spaCy training → folder."""
    target = tmp_path / "models" / "smoke"
    result = run_histner("train", SMOKE, "-o", str(target), "--training.max_steps", "12")
    assert result.returncode == 0, result.stderr
    assert "dev ents_f" in result.stdout and "ENTS_F" in result.stdout  # spaCy's progress table is shown
    nlp = spacy.load(target)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(LABELS)
    meta = json.loads((target / "meta.json").read_text())
    assert "ents_f" in meta["performance"]
    corpus = meta["histner"]["corpus"]
    assert corpus["train"]["docs"] == 234 and corpus["dev"]["docs"] == 19  # the article's train/dev lines
    assert meta["histner"]["overrides"] == {"training.max_steps": 12} and meta["name"] == "smoke"
    assert meta["histner"]["gold"] == ["corpus/gold/article.jsonl"] and meta["histner"]["corpus"]["misaligned_spans"] == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["smoke"]  # no work folders left behind
    doc = nlp("Kim Il Sung met Stalin in Moscow in March 1949.")
    assert all(ent.label_ in LABELS for ent in doc.ents)


def test_convert_puts_every_aligned_gold_span_on_the_docs_and_marks_the_rest_unknown(article_gold):
    records = read_gold([paths.GOLD_ARTICLE])
    corpus = build_corpus(spacy.blank("en").make_doc, records, policy="missing")
    train_gold = [g for g in article_gold if g["meta"]["split"] == "train"]
    assert len(corpus.train) == len(train_gold)
    misaligned = {(m.line, m.start, m.end) for m in corpus.misaligned}
    assert misaligned, "with the plain tokenizer, footnote markers stay glued to entities (China,\"¹⁰)"
    for line, (gold, doc) in enumerate(zip(train_gold, corpus.train)):
        expected = [(s, e, lab) for s, e, lab in gold["label"]]
        got = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
        assert set(got) <= set(expected)
        for s, e, lab in set(expected) - set(got):  # only unplaceable spans are missing, as unknown tokens
            tokens = [t for t in doc if t.idx < e and s < t.idx + len(t)]
            assert tokens and all(t.ent_iob_ == "" for t in tokens)
    assert any(t.ent_iob_ == "O" for t in corpus.train[0])


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d["label"].append([0, 5, "GPE"]), "unknown label 'GPE'"),
    (lambda d: d["label"].append([d["label"][0][0], d["label"][0][0] + 2, "ORG"]), "overlapping spans"),
    (lambda d: d["label"].append([0, 10_000, "ORG"]), "outside the text"),
    (lambda d: d["meta"].update(split="training"), "meta.split is 'training'"),
    (lambda d: d["label"][0].__setitem__(1, d["label"][0][1] - 1), "does not fall on token boundaries"),
])
def test_bad_gold_stops_before_training_with_file_and_line(tmp_path, article_gold, mutate, problem):
    records = json.loads(json.dumps(article_gold[:40]))
    line = next(i for i, r in enumerate(records) if r["label"] and r["meta"]["split"] == "train") + 1
    mutate(records[line - 1])
    gold = write_gold(tmp_path / "gold.jsonl", records)
    target = tmp_path / "m"
    result = run_histner("train", SMOKE, "-o", str(target), "--gold", str(gold))
    assert result.returncode == 1
    assert f"{gold}:{line}: " in result.stderr and problem in result.stderr
    assert "Training pipeline" not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl"]


def test_missing_gold_file_and_missing_config_are_clear_errors(tmp_path):
    result = run_histner("train", SMOKE, "-o", str(tmp_path / "m"), "--gold", str(tmp_path / "nope.jsonl"))
    assert result.returncode == 1 and f"{tmp_path / 'nope.jsonl'}: no such file" in result.stderr
    result = run_histner("train", str(tmp_path / "none.cfg"), "-o", str(tmp_path / "m"))
    assert result.returncode == 1 and "none.cfg: no such config" in result.stderr
    result = run_histner("train", SMOKE, "-o", str(tmp_path / "m"), "--max-epochs", "3")
    assert result.returncode == 1 and "unknown option '--max-epochs'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_training_leaves_the_previous_model_in_place(tmp_path):
    target = tmp_path / "model"
    target.mkdir()
    (target / "config.cfg").write_text("previous model\n")
    result = run_histner("train", SMOKE, "-o", str(target),
                         "--components.ner.model.hidden_width", "not-a-number")
    assert result.returncode == 1 and "spaCy training failed" in result.stderr
    assert (target / "config.cfg").read_text() == "previous model\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_transcript_lines_join_train_only(tmp_path):
    result = run_histner("train-convert", SMOKE, "-o", str(tmp_path), "--with-transcript")
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "corpus.json").read_text())
    transcript_train = [d for d in load_jsonl(paths.GOLD_TRANSCRIPT) if d["meta"]["split"] == "train"]
    assert summary["noisy_train_docs"] == len(transcript_train) == 5
    assert summary["train"]["docs"] == 234 + 5 and summary["dev"]["docs"] == 19
    assert summary["misaligned"] == []  # behind the cleaning tokenizer every gold span falls on tokens
    train = list(spacy.tokens.DocBin().from_disk(tmp_path / "train.spacy").get_docs(spacy.blank("en").vocab))
    # the docs hold the text the model sees: the transcript lines as the cleaning tokenizer repairs them
    assert [d.text for d in train[-5:]] == [clean(d["text"]).text for d in transcript_train]
    assert sum(len(d.ents) for d in train[-5:]) == sum(len(d["label"]) for d in transcript_train)


def test_curve_subsets_are_seeded_and_nested():
    subsets = nested_subsets(234, (0.25, 0.5, 0.75, 1.0), seed=0)
    assert [len(s) for s in subsets] == [59, 117, 176, 234]
    assert all(set(a) <= set(b) for a, b in zip(subsets, subsets[1:]))
    assert subsets == nested_subsets(234, (0.25, 0.5, 0.75, 1.0), seed=0) != nested_subsets(234, (0.25, 0.5, 0.75, 1.0), 1)


def test_curve_verdict_reads_the_last_step():
    def pt(words, f):
        return CurvePoint(0, 0, words, f, f, f)
    assert "still paying off" in verdict_of([pt(1000, 0.80), pt(2000, 0.85)])
    assert "no longer clearly paying off" in verdict_of([pt(1000, 0.80), pt(2000, 0.805)])


def test_train_curve_writes_table_json_and_chart(tmp_path):
    result = run_histner("train-curve", SMOKE, "-o", str(tmp_path),
                         "--training.max_steps", "6", "--training.eval_frequency", "3")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train_curve.json", "train_curve.md", "train_curve.png"]
    data = json.loads((tmp_path / "train_curve.json").read_text())
    assert [p["fraction"] for p in data["points"]] == [0.25, 0.5, 0.75, 1.0]
    assert [p["docs"] for p in data["points"]] == [59, 117, 176, 234]
    assert (tmp_path / "train_curve.png").read_bytes()[:4] == b"\x89PNG"
    assert "| 100% | 234 |" in (tmp_path / "train_curve.md").read_text() and "paying off" in result.stdout
