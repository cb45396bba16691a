"""`histner agreement`: span F1 and token kappa between two annotation files of the same real texts."""

from __future__ import annotations

import json

import pytest

from pipeline import paths
from pipeline.evaluation.agreement import agreement_files, cohen_kappa
from tests.conftest import run_histner


def write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_identical_files_agree_perfectly(tmp_path):
    report = tmp_path / "agreement.md"
    result = run_histner("agreement", str(paths.GOLD_TRANSCRIPT), str(paths.GOLD_TRANSCRIPT), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "kappa: 1.0000" in result.stdout
    text = report.read_text(encoding="utf-8")
    assert "**1.0000**" in text and "| **all** | 654 | 654 | 1.0000 | 1.0000 |" in text


LANKOV = "001:L250"  # '18. Andrei Lankov, *From Stalin to Kim Il Sung*, 41.'


def test_a_known_perturbation_gives_the_hand_computed_values(tmp_path, article_gold):
    doc = next(d for d in article_gold if d["id"] == LANKOV)
    text = doc["text"]
    assert doc["label"] == [[4, 17, "PERSON"], [25, 31, "PERSON"], [35, 46, "PERSON"]]
    # B keeps Andrei Lankov, calls Stalin an ORG, cuts Kim Il Sung to Kim Il, and adds 41 as a DATE.
    b_spans = [[4, 17, "PERSON"], [25, 31, "ORG"], [35, 41, "PERSON"], [49, 51, "DATE"]]
    assert [text[s:e] for s, e, _ in b_spans] == ["Andrei Lankov", "Stalin", "Kim Il", "41"]
    a = write_jsonl(tmp_path / "a.jsonl", [doc])
    b = write_jsonl(tmp_path / "b.jsonl", [{**doc, "label": b_spans}])
    result = agreement_files(a, b)
    # strict: 1 correct, 2 incorrect, 1 spurious → P 1/4, R 1/3, F1 2/7
    assert result.f1("strict") == pytest.approx(2 / 7)
    # partial (type-blind): Lankov and Stalin correct, Kim Il partial, 41 spurious → P 2.5/4, R 2.5/3, F1 5/7
    assert result.f1("partial") == pytest.approx(5 / 7)
    # PERSON alone: 1 correct, 1 incorrect, 1 missed → strict F1 0.4; partial P .75, R .5 → 0.6
    assert result.f1("strict", "PERSON") == pytest.approx(0.4)
    assert result.f1("partial", "PERSON") == pytest.approx(0.6)
    assert result.f1("strict", "ORG") == 0 and result.labels == ["PERSON", "ORG", "DATE"]
    # 16 tokens; A: 6 PERSON, 10 O; B: 4 PERSON, 1 ORG, 1 DATE, 10 O; 13 agree.
    # p_o = 13/16, p_e = (6·4 + 10·10)/256 = 124/256 → kappa = (21/64)/(33/64) = 7/11
    assert result.tokens == 16
    assert result.kappa == pytest.approx(7 / 11)


def test_cohen_kappa_by_hand():
    assert cohen_kappa(["A", "A", "O", "O"], ["A", "O", "O", "O"]) == pytest.approx(0.5)
    assert cohen_kappa(["O", "O"], ["O", "O"]) == 1.0
    assert cohen_kappa(["A", "O"], ["O", "A"]) == pytest.approx(-1.0)


def test_mismatched_text_is_an_error_naming_file_and_line(tmp_path, transcript_gold):
    docs = transcript_gold[:4]
    a = write_jsonl(tmp_path / "a.jsonl", docs)
    changed = [dict(d) for d in docs]
    changed[2]["text"] = changed[2]["text"][:100] + "X" + changed[2]["text"][101:]
    b = write_jsonl(tmp_path / "b.jsonl", changed)
    report = tmp_path / "agreement.md"
    result = run_histner("agreement", str(a), str(b), "--report", str(report))
    assert result.returncode == 1
    assert f"{b}:3: id '{docs[2]['id']}': text differs from {a}:3 at character 100" in result.stderr
    assert not report.exists()


def test_unmatched_id_and_bad_span_are_errors(tmp_path, transcript_gold):
    a = write_jsonl(tmp_path / "a.jsonl", transcript_gold[:3])
    b = write_jsonl(tmp_path / "b.jsonl", transcript_gold[:2])
    result = run_histner("agreement", str(a), str(b))
    assert result.returncode == 1 and f"{a}:3: id '{transcript_gold[2]['id']}' is not in {b}" in result.stderr
    bad = write_jsonl(tmp_path / "bad.jsonl", [transcript_gold[0], {**transcript_gold[1], "label": [[5, 999999, "LOC"]]}])
    result = run_histner("agreement", str(a), str(bad))
    assert result.returncode == 1 and f"{bad}:2: id" in result.stderr and "outside the text" in result.stderr


def test_gold_agreement_study_uses_the_shared_matcher():
    """pipeline.gold.agreement's strict F1 counts an overlap with the wrong boundary as an error, line by line."""
    from pipeline.gold.agreement import strict_f1

    a = {(1, 0, 5, "PERSON"), (1, 10, 20, "ORG"), (2, 0, 5, "LOC")}
    b = {(1, 0, 5, "PERSON"), (1, 10, 15, "ORG"), (3, 0, 5, "LOC")}
    assert strict_f1(a, b) == pytest.approx(2 * 1 / 6)
    assert strict_f1(set(), set()) == 1.0
