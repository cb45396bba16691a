"""The gold set: complete, valid, reproducible from its sources, consistent, and split without leaks."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline import LABELS, paths
from pipeline.errors import GoldError
from pipeline.gold.check import check_file
from pipeline.gold.source import compile_block, parse_source
from pipeline.gold.workflow import build_gold
from tests.conftest import run_histner


def test_article_gold_has_every_non_empty_line(article_text, article_gold):
    lines = article_text.split("\n")
    expected = [(f"001:L{n}", line) for n, line in enumerate(lines, 1) if line.strip()]
    assert [(d["id"], d["text"]) for d in article_gold] == expected
    assert len(article_gold) == 277
    assert sum(len(d["text"].split()) for d in article_gold) == 19232


def test_transcript_gold_has_every_line_after_the_marker(transcript_text, transcript_gold):
    lines = transcript_text.split("\n")
    marker = lines.index("Transcription:") + 1
    expected = [(f"000:L{n}", line) for n, line in enumerate(lines, 1) if n > marker and line.strip()]
    assert [(d["id"], d["text"]) for d in transcript_gold] == expected
    assert not any("Similar documents" in d["text"] for d in transcript_gold)


@pytest.mark.parametrize("gold", [paths.GOLD_ARTICLE, paths.GOLD_TRANSCRIPT, paths.GOLD_PROBE])
def test_gold_files_are_valid(gold):
    assert check_file(gold) == []


def test_gold_is_reproducible_from_the_annotation_sources(tmp_path):
    """The committed gold is exactly what the reviewable sources compile to."""
    report = build_gold(projected_path=tmp_path / "projected.ann", out_article=tmp_path / "a.jsonl",
                        out_transcript=tmp_path / "t.jsonl", out_probe=tmp_path / "p.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == paths.GOLD_ARTICLE.read_bytes()
    assert (tmp_path / "t.jsonl").read_bytes() == paths.GOLD_TRANSCRIPT.read_bytes()
    assert (tmp_path / "p.jsonl").read_bytes() == paths.GOLD_PROBE.read_bytes()
    assert report.probe_docs == 40
    assert (tmp_path / "projected.ann").read_text() == paths.TRANSCRIPT_PROJECTED.read_text()
    assert report.projection["projected"] > 600 and report.straddling == []


def test_span_form_follows_the_guidelines(article_gold, transcript_gold):
    for doc in article_gold + transcript_gold:
        for start, end, label in doc["label"]:
            surface = doc["text"][start:end]
            assert label in LABELS
            assert not re.match(r"(?i)the\s", surface), (doc["id"], surface)  # rule 2
            assert not re.search(r"['’]s$", surface), (doc["id"], surface)  # no possessive
            assert not re.search(r"[*⁰¹²³⁴⁵⁶⁷⁸⁹]", surface), (doc["id"], surface)  # D1, D2
            assert surface[-1] not in ".,;:)" or re.search(r"\b[A-Z]\.$", surface), (doc["id"], surface)


def test_same_surface_form_gets_the_same_label(article_gold):
    seen = defaultdict(set)
    for doc in article_gold:
        for start, end, label in doc["label"]:
            seen[doc["text"][start:end]].add(label)
    assert {s: labs for s, labs in seen.items() if len(labs) > 1} == {}


def test_guideline_examples_are_tagged_as_the_guidelines_say(article_gold):
    by_surface = defaultdict(set)
    for doc in article_gold:
        for start, end, label in doc["label"]:
            by_surface[doc["text"][start:end]].add(label)
    expected = {"Kim Il Sung": "PERSON", "Zhihua Shen": "PERSON", "J. Stalin": "PERSON", "A. V. Torkunov": "PERSON",
                "KWP": "ORG", "CPVA": "ORG", "Soviet 64th Air Corps": "ORG", "Soviet Council of Ministers": "ORG",
                "APRF": "ORG", "Archive of the Bulgarian Foreign Ministry": "ORG", "Nodong Sinmun": "ORG",
                "DPRK": "LOC", "Soviet Union": "LOC", "P'yŏngyang": "LOC", "Korean peninsula": "LOC",
                "thirty-eighth parallel": "LOC", "North Hamgyŏng Province": "LOC", "Yalu River": "LOC",
                "July 27, 1953": "DATE", "late 1949": "DATE", "1954–1956": "DATE", "spring of 1950": "DATE",
                "New Year’s Eve": "DATE"}
    assert {s: by_surface.get(s) for s in expected} == {s: {lab} for s, lab in expected.items()}
    for not_tagged in ("Korean War", "Soviet", "Sino-Soviet", "the Soviet Union", "Korea's", "Great Leap Forward"):
        assert not_tagged not in by_surface


def test_splits_are_contiguous_blocks_of_about_70_15_15(article_gold):
    splits = [d["meta"]["split"] for d in article_gold]
    blocks = [s for i, s in enumerate(splits) if i == 0 or s != splits[i - 1]]
    assert blocks == ["train", "dev", "test", "train"]
    words = defaultdict(int)
    for d in article_gold:
        words[d["meta"]["split"]] += len(d["text"].split())
    total = sum(words.values())
    assert 0.65 <= words["train"] / total <= 0.75
    assert 0.13 <= words["dev"] / total <= 0.17 and 0.13 <= words["test"] / total <= 0.17


def test_no_test_text_reaches_training_in_either_form(article_gold, transcript_gold):
    split_of_line = {d["meta"]["line"]: d["meta"]["split"] for d in article_gold}
    for doc in transcript_gold:
        lines = doc["meta"]["article_lines"]
        assert lines, doc["id"]
        splits = {split_of_line[n] for n in lines}
        assert doc["meta"]["split"] == (splits.pop() if len(splits) == 1 else "straddle")
    assert {d["meta"]["split"] for d in transcript_gold} >= {"train", "dev", "test"}


def test_transcript_meta_records_projection_and_review(transcript_gold):
    totals = defaultdict(int)
    for doc in transcript_gold:
        counts = doc["meta"]["projection"]
        assert counts["kept"] + counts["corrected"] + counts["added"] <= len(doc["label"]) + counts["corrected"]
        for key, value in counts.items():
            totals[key] += value
    assert totals["projected"] == totals["kept"] + totals["corrected"] + totals["dropped"]
    assert sum(len(d["label"]) for d in transcript_gold) == totals["kept"] + totals["corrected"] + totals["added"]


def test_transcript_spans_follow_rule_10(transcript_gold):
    """Damaged forms are tagged as they stand."""
    surfaces = {d["text"][s:e] for d in transcript_gold for s, e, _l in d["label"]}
    assert {"P yŏngyang", "Democratic People s Republic of Korea", "1954 1956", "Kim Ilsŏng"} <= surfaces


def test_running_headers_carry_no_spans(transcript_gold):
    header = re.compile(r"North Korea s Alliances and the Unfinished Korean War \d{3}|\d{3} Avram Agov")
    for doc in transcript_gold:
        for m in header.finditer(doc["text"]):
            assert not [s for s in doc["label"] if s[0] < m.end() and m.start() < s[1]], (doc["id"], m.group())


def test_source_compiler_fails_loudly_on_a_string_it_cannot_find(tmp_path, article_text):
    src = tmp_path / "bad.ann"
    src.write_text("@L28\nLOC\tNorth Korea\nLOC\tAtlantis\n", encoding="utf-8")
    block = parse_source(src)[0]
    with pytest.raises(GoldError, match=r"bad\.ann:3: L28: LOC 'Atlantis'"):
        compile_block(article_text.split("\n")[27], block, src)


def test_source_compiler_refuses_a_span_inside_a_word(tmp_path, article_text):
    src = tmp_path / "bad.ann"
    src.write_text("@L28\nLOC\tKore\n", encoding="utf-8")  # only ever inside 'Korea'/'Korean'
    with pytest.raises(GoldError, match="not found as a whole word"):
        compile_block(article_text.split("\n")[27], parse_source(src)[0], src)


def test_gold_check_names_file_line_and_span(tmp_path, article_gold):
    bad = tmp_path / "bad.jsonl"
    docs = [dict(d) for d in article_gold[:30]]
    docs[3] = {**docs[3], "label": [[0, 5, "PERSON"], [3, 9, "LOC"]]}  # overlap
    docs[5] = {**docs[5], "label": [[0, 1, "EVENT"]]}
    text = docs[7]["text"]
    space = text.index(" ")
    docs[7] = {**docs[7], "label": [[0, space + 1, "ORG"]]}  # trailing space
    docs[9] = {**docs[9], "text": docs[9]["text"] + "x"}
    bad.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    result = run_histner("gold", "check", str(bad))
    assert result.returncode == 1
    assert f"{bad}:4: span [3, 9, 'LOC']" in result.stderr and "overlaps" in result.stderr
    assert f"{bad}:6: span [0, 1, 'EVENT']: label 'EVENT'" in result.stderr
    assert f"{bad}:8: span" in result.stderr and "trailing whitespace" in result.stderr
    assert f"{bad}:10: id '{docs[9]['id']}': text differs" in result.stderr


def test_gold_check_and_stats_commands_on_the_real_gold():
    result = run_histner("gold", "check", str(paths.GOLD_ARTICLE), str(paths.GOLD_TRANSCRIPT))
    assert result.returncode == 0, result.stderr
    stats = run_histner("gold", "stats", "--markdown")
    assert stats.returncode == 0, stats.stderr
    assert "| **article** | **all** | **277** | **19,232** |" in stats.stdout


def test_gold_agrees_with_the_independent_annotation():
    """Two annotators who saw only the guidelines annotated 31 lines; the gold must agree (≥ 0.95)."""
    from pipeline.gold.agreement import STUDIES, independent_study, strict_f1

    lines, gold, independent = independent_study()
    assert len(lines) == 31 and len(gold) > 250
    assert strict_f1(gold, independent) >= 0.95
    lines, gold, independent = independent_study(*STUDIES["probe"][:1], text_path=STUDIES["probe"][1],
                                                 gold_dir=STUDIES["probe"][2])
    assert len(lines) == 40 and len(gold) == 501
    assert strict_f1(gold, independent) >= 0.95


def test_probe_is_dev_only_and_outside_the_article(article_gold):
    """The written probe chooses between pipelines: all dev, never trained on, mostly new names."""
    from pipeline.schema import read_documents

    probe = [d for _n, d in read_documents(paths.GOLD_PROBE)]
    assert len(probe) == 40 and {d.meta["split"] for d in probe} == {"dev"}
    article_surfaces = {d["text"][s:e] for d in article_gold for s, e, _l in d["label"]}
    surfaces = [d.text[s:e] for d in probe for s, e, _l in d.spans()]
    assert len(surfaces) > 400
    assert sum(s not in article_surfaces for s in surfaces) / len(surfaces) > 0.7
