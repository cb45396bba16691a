"""The command line as a user runs it: subcommands, stubs that say so, annotate on the real transcript."""

from __future__ import annotations

import json

import pytest

from pipeline import LABELS, paths
from tests.conftest import run_histner


def test_help_lists_every_subcommand():
    result = run_histner("--help")
    assert result.returncode == 0
    for command in ("clean", "annotate", "evaluate", "agreement", "train", "doccano", "gold"):
        assert command in result.stdout


def test_annotate_the_transcript_by_line(tmp_path, transcript_text):
    out = tmp_path / "transcript.jsonl"
    result = run_histner("annotate", str(paths.RAW_TRANSCRIPT), "--by-line", "-o", str(out))
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    lines = [(n, line) for n, line in enumerate(transcript_text.split("\n"), 1) if line.strip()]
    assert [(d["id"], d["text"]) for d in docs] == [(f"article_transcript_scraped:L{n}", t) for n, t in lines]
    spans = [(d, s, e, lab) for d in docs for s, e, lab in d["label"]]
    assert len(spans) > 300
    for doc, start, end, label in spans:
        assert label in LABELS and 0 <= start < end <= len(doc["text"])
    surfaces = {d["text"][s:e] for d, s, e, _ in spans}
    assert "Kim Il Sung" in surfaces and "Stalin" in surfaces


def test_annotate_keeps_jsonl_ids_and_meta(tmp_path, article_gold):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": d["id"], "text": d["text"], "meta": {"k": i}}, ensure_ascii=False) + "\n"
                           for i, d in enumerate(article_gold[:20])), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_histner("annotate", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["id"], d["text"], d["meta"]) for d in docs] == [(g["id"], g["text"], {"k": i})
                                                               for i, g in enumerate(article_gold[:20])]


@pytest.mark.parametrize("content, problem", [
    (b'{"text": "Kim Il Sung"}\n{"text": broken\n', ":2: malformed JSON"),
    (b'{"text": "Kim Il Sung"}\n{"id": 2}\n', ":2: missing field 'text'"),
    (b'{"text": "Kim \xff Il Sung"}\n', ":1: not valid UTF-8"),
    (b"", "empty"),
])
def test_annotate_bad_input_fails_clearly_and_writes_nothing(tmp_path, content, problem):
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    result = run_histner("annotate", str(src), "-o", str(out))
    assert result.returncode == 1
    assert str(src) in result.stderr and problem in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def test_annotate_binary_txt_is_refused(tmp_path):
    src = tmp_path / "scan.txt"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run_histner("annotate", str(src), "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1 and "binary" in result.stderr and f"{src}:1" in result.stderr
