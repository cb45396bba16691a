"""`histner batch` on a real Dask LocalCluster (2 worker processes) and the real corpus: output equal to
annotate's, a worker killed mid-run, a killed run resumed, bad files among good ones."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.annotate import annotate_file
from pipeline.batch.manifest import MANIFEST, SHARDS
from pipeline.batch.run import run_batch
from pipeline.errors import HistnerError
from tests.conftest import histner_cmd, load_jsonl, run_histner

distributed = pytest.importorskip("distributed")

RAW = [paths.RAW_ARTICLE, paths.RAW_TRANSCRIPT]


@pytest.fixture(scope="module")
def scheduler():
    """One local cluster of 2 worker processes shared by the tests that pass --scheduler."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """What `histner annotate` writes for an input (the function the command calls), cached per input."""
    folder = tmp_path_factory.mktemp("annotate")
    cache: dict[tuple[Path, bool], bytes] = {}

    def expected(path: Path, by_line: bool = False) -> bytes:
        if (path, by_line) not in cache:
            target = folder / f"{len(cache)}.jsonl"
            annotate_file(path, target, by_line=by_line)
            cache[path, by_line] = target.read_bytes()
        return cache[path, by_line]

    return expected


def done_partitions(out_dir: Path) -> int:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return 0
    return sum(len(entry["done"]) for entry in manifest["files"].values())


def test_batch_equals_annotate_on_the_article_and_transcript_by_line(tmp_path, scheduler, annotated):
    out = tmp_path / "out"
    args = [*map(str, RAW), "--by-line", "-o", str(out), "--partition-size", "40", "--merge", "--scheduler", scheduler]
    result = run_histner("batch", *args)
    assert result.returncode == 0, result.stderr
    assert "396 documents tagged" in result.stdout and "10 partitions" in result.stdout
    for raw in RAW:
        assert (out / f"{raw.stem}.jsonl").read_bytes() == annotated(raw, by_line=True)
    assert len(annotated(paths.RAW_ARTICLE, True).splitlines()) == 277
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted((e["status"], e["partitions"], e["documents"]) for e in manifest["files"].values()) == [
        ("done", 3, 119), ("done", 7, 277)]

    again = run_histner("batch", *args)  # everything is done: nothing is tagged twice
    assert again.returncode == 0, again.stderr
    assert "0 documents tagged" in again.stdout and "10 partitions (396 documents) already done" in again.stdout
    for raw in RAW:
        assert (out / f"{raw.stem}.jsonl").read_bytes() == annotated(raw, by_line=True)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(tmp_path, scheduler, annotated):
    out = tmp_path / "out"
    with distributed.Client(scheduler) as client:
        pids_before = client.run(os.getpid)
    victim = sorted(pids_before.values())[0]
    seen_at_kill: list[int] = []
    finished = threading.Event()

    def kill_when_started():
        shards = out / SHARDS
        while not seen_at_kill and not finished.is_set():
            count = sum(1 for _ in shards.glob("*/*.jsonl")) if shards.is_dir() else 0
            if count >= 3:
                os.kill(victim, signal.SIGKILL)
                seen_at_kill.append(count)
            time.sleep(0.005)

    killer = threading.Thread(target=kill_when_started, daemon=True)
    killer.start()
    report = run_batch([str(p) for p in RAW], out, scheduler=scheduler, by_line=True, partition_size=10, merge=True,
                       show_progress=False)
    finished.set()
    killer.join(timeout=5)
    assert seen_at_kill and seen_at_kill[0] < 40, "the worker was not killed mid-run"
    assert report.ok, report.problems
    assert report.documents == 396 and report.partitions == 40
    for raw in RAW:
        assert (out / f"{raw.stem}.jsonl").read_bytes() == annotated(raw, by_line=True)
    with distributed.Client(scheduler) as client:
        client.wait_for_workers(2, timeout=60)
        assert victim not in client.run(os.getpid).values()


def test_a_killed_run_resumes_where_it_stopped(tmp_path, annotated):
    # ~1,400 article lines (the gold article five times, ids made unique): long enough to interrupt.
    archive = tmp_path / "archive.jsonl"
    gold = load_jsonl(paths.GOLD_ARTICLE)
    archive.write_text("".join(json.dumps({"id": f"{copy}/{d['id']}", "text": d["text"]}, ensure_ascii=False) + "\n"
                               for copy in range(5) for d in gold), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [*histner_cmd(), "batch", str(archive), "-o", str(out), "--partition-size", "20", "--workers", "2",
           "--merge"]
    run = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while done_partitions(out) < 4 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the client, its local cluster, every worker
        run.communicate()
    done_at_kill = done_partitions(out)
    assert 4 <= done_at_kill < 70, "the run was not interrupted mid-way"
    assert not (out / "archive.jsonl").exists()

    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    counts = re.search(r"(\d+) documents tagged .*; (\d+) partitions \((\d+) documents\) already done", result.stdout)
    tagged, skipped, skipped_docs = map(int, counts.groups())
    assert skipped >= done_at_kill and tagged + skipped_docs == 1385
    assert (out / "archive.jsonl").read_bytes() == annotated(archive)


def test_bad_files_are_reported_and_the_rest_completes(tmp_path, scheduler, annotated):
    good = tmp_path / "transcript_gold.jsonl"
    good.write_bytes(paths.GOLD_TRANSCRIPT.read_bytes())
    lines = paths.GOLD_ARTICLE.read_text(encoding="utf-8").splitlines(keepends=True)
    late_bad = tmp_path / "late_bad.jsonl"  # 25 good lines, then a broken one: two partitions already tagged
    late_bad.write_text("".join(lines[:25]) + '{"text": broken\n' + "".join(lines[25:40]), encoding="utf-8")
    bad_txt = tmp_path / "scan.txt"
    bad_txt.write_bytes("Kim Il Sung met Stalin.\nP'y\xf6ngyang".encode("latin-1"))
    out = tmp_path / "out"
    result = run_histner("batch", str(good), str(late_bad), str(bad_txt), str(paths.RAW_TRANSCRIPT), "--by-line",
                         "-o", str(out), "--partition-size", "10", "--merge", "--scheduler", scheduler)
    assert result.returncode == 1
    assert f"{late_bad}:26: malformed JSON" in result.stderr
    assert f"{bad_txt}:2: not valid UTF-8" in result.stderr
    assert "files: 2 done, 2 failed" in result.stdout
    assert (out / good.name).read_bytes() == annotated(good)
    assert (out / "article_transcript_scraped.jsonl").read_bytes() == annotated(paths.RAW_TRANSCRIPT, by_line=True)
    assert not (out / late_bad.name).exists() and not (out / bad_txt.name).exists()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    failed = {Path(e["path"]).name: e for e in manifest["files"].values() if e["status"] == "failed"}
    assert sorted(failed) == ["late_bad.jsonl", "scan.txt"]
    assert failed["late_bad.jsonl"]["error"].endswith(":26: malformed JSON: Expecting value at column 10")

    merged = run_histner("batch", "merge", str(out))
    assert merged.returncode == 1
    assert f"{late_bad}: not merged" in merged.stderr and f"{good.name}" in merged.stdout


def test_a_changed_input_is_retagged_only_where_it_changed(tmp_path, scheduler, annotated):
    source = tmp_path / "transcript.jsonl"
    docs = load_jsonl(paths.GOLD_TRANSCRIPT)
    write = lambda: source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")  # noqa: E731
    write()
    out = tmp_path / "out"
    first = run_batch([str(source)], out, scheduler=scheduler, partition_size=5, merge=True, show_progress=False)
    assert first.ok and (first.partitions, first.documents) == (4, 17)

    docs[7]["text"] = docs[7]["text"].replace("Kim Il Sung", "Syngman Rhee")  # a document of partition 1
    assert "Syngman Rhee" in docs[7]["text"]
    write()
    second = run_batch([str(source)], out, scheduler=scheduler, partition_size=5, merge=True, show_progress=False)
    assert second.ok and (second.partitions, second.skipped_partitions) == (1, 3)
    assert (out / "transcript.jsonl").read_bytes() == annotated(source)
    assert len(list((out / SHARDS).glob("*/*.jsonl"))) == 4  # the replaced shard is gone

    with pytest.raises(HistnerError, match="other settings"):
        run_batch([str(source)], out, scheduler=scheduler, partition_size=6, show_progress=False)
