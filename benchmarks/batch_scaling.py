"""How `histner batch` scales: documents/s with 1 and 2 local workers, memory per worker, the serial
fraction (Karp–Flatt) from the measured speedup, and Amdahl projections for larger clusters.

    .venv/bin/python benchmarks/batch_scaling.py [--copies 4] [--partition-size 100] [--repeats 2]

The corpus is the real one: every gold article line and transcript line, written `--copies` times into
as many JSONL files (ids made unique). Each configuration runs `--repeats` times into a fresh folder;
the fastest run counts (the machine is shared, and other jobs only ever slow a run down). "tagging s" is
run_batch's own clock, from the first partition sent to the last one recorded (workers already hold the
model); "wall s" adds cluster start-up and model loading.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from pipeline import paths
from pipeline.batch.inputs import expand_inputs, read_partitions
from pipeline.batch.run import resolved_model, run_batch

MiB = 1024 * 1024


def write_corpus(folder: Path, copies: int) -> list[Path]:
    docs = []
    for gold in (paths.GOLD_ARTICLE, paths.GOLD_TRANSCRIPT):
        docs += [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = []
    for copy in range(copies):
        path = folder / f"archive{copy}.jsonl"
        path.write_text("".join(json.dumps({"id": f"{copy}/{d['id']}", "text": d["text"]}, ensure_ascii=False) + "\n"
                                for d in docs), encoding="utf-8")
        files.append(path)
    return files


def client_read_seconds(files: list[Path], size: int) -> float:
    """The client's own serial work per run: reading, parsing and fingerprinting every partition."""
    start = time.perf_counter()
    for _ in read_partitions(expand_inputs([str(f) for f in files]), by_line=False, size=size):
        pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    resolved_model(None)  # assemble the default model once, outside every timing
    with tempfile.TemporaryDirectory(prefix="histner-bench-") as tmp:
        files = write_corpus(Path(tmp), args.copies)
        n_docs = sum(1 for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
        print(f"corpus: {len(files)} JSONL files, {n_docs:,} documents (gold article + transcript lines "
              f"×{args.copies}), partition size {args.partition_size}; {os.cpu_count()} CPUs, "
              f"load average before {os.getloadavg()[0]:.2f}")
        read_s = client_read_seconds(files, args.partition_size)
        print(f"client-side read + fingerprint of all partitions: {read_s:.3f} s")
        print(f"{'workers':>7} {'run':>3} {'wall s':>7} {'tagging s':>9} {'docs/s':>7} {'RSS/worker MiB':>14} "
              f"{'peak MiB':>8}")
        best: dict[int, dict] = {}
        for workers in args.workers:
            for run in range(1, args.repeats + 1):
                out = Path(tmp) / f"out-{workers}-{run}"
                start = time.perf_counter()
                report = run_batch([str(f) for f in files], out, workers=workers,
                                   partition_size=args.partition_size, show_progress=False)
                wall = time.perf_counter() - start
                assert report.ok and report.documents == n_docs, report.problems
                rss = max(m[0] for m in report.worker_memory.values()) / MiB
                peak = max(m[1] for m in report.worker_memory.values()) / MiB
                rate = n_docs / report.seconds
                print(f"{workers:>7} {run:>3} {wall:>7.1f} {report.seconds:>9.2f} {rate:>7.0f} {rss:>14.0f} {peak:>8.0f}")
                if workers not in best or report.seconds < best[workers]["seconds"]:
                    best[workers] = {"seconds": report.seconds, "docs_per_s": rate, "wall": wall,
                                     "rss_mib": rss, "peak_mib": peak}
    if 1 not in best or len(best) < 2:
        print("need runs with 1 worker and with more to estimate the serial fraction")
        return 0
    p = max(best)
    speedup = best[1]["seconds"] / best[p]["seconds"]
    # Karp–Flatt: the serial fraction that explains the measured speedup on p workers.
    serial = (1 / speedup - 1 / p) / (1 - 1 / p)
    print(f"\nspeedup on {p} workers: {speedup:.2f} (efficiency {speedup / p:.0%})")
    print(f"Karp–Flatt serial fraction e = {serial:.3f}")
    figures = {"documents": n_docs, "partition_size": args.partition_size, "best": best, "speedup": speedup,
               "serial_fraction": serial, "client_read_s": read_s, "projection": {}}
    print("Amdahl projection (same per-worker speed, e fixed; one core a worker):")
    for n in (8, 32, 128):
        s_n = 1 / (serial + (1 - serial) / n) if serial > 0 else n
        rate = best[1]["docs_per_s"] * s_n
        figures["projection"][n] = {"speedup": s_n, "docs_per_s": rate}
        print(f"  {n:>4} workers: speedup {s_n:5.1f}, ~{rate:,.0f} documents/s")
    if serial > 0:
        print(f"  ceiling 1/e = {1 / serial:.1f}× whatever the cluster size")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
