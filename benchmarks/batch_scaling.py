"""How `histner batch` scales: documents/s with 1 and 2 local workers, memory per worker, the serial
fraction (Karp–Flatt) from the measured speedup, and Amdahl projections for larger clusters.

    .venv/bin/python benchmarks/batch_scaling.py [--copies 4] [--partition-size 100] [--repeats 2]

The corpus is the real one: every gold article line and transcript line, written `--copies` times into
as many JSONL files (ids made unique). Each configuration runs `--repeats` times into a fresh folder on
a fresh LocalCluster; the fastest run counts (other jobs on a shared machine only ever slow a run down).
"tagging s" is run_batch's own clock, from the first partition sent to the last one recorded (workers
already hold the model); "wall s" adds cluster start-up and model loading.

On a machine other jobs are also using, the workers do not get a core each. The benchmark therefore
also measures the CPU time the workers received during tagging ("cores got" = worker CPU s / tagging
s) and the CPU time of this process (client and scheduler, the serial side). Besides Karp–Flatt on the
measured wall-clock speedup, it gives Karp–Flatt on a CPU-time model of a run where each worker owns a
core: T(p) = worker CPU s / p + client CPU s (the client's share counted as wholly serial, although it
overlaps the workers, so e is overstated). Project with the model when the load average during the
runs exceeds the core count; with the measured figure when the machine was quiet.
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
from pipeline.batch.worker import warm_model

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


def worker_cpu_seconds() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return times.user + times.system


def measured_run(files: list[Path], out: Path, workers: int, size: int) -> dict:
    """One run on a fresh local cluster, with the CPU time workers and client got while tagging."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        start = time.perf_counter()
        client.run(warm_model, resolved_model(None))  # model loaded before the CPU clocks start
        cpu_before = sum(client.run(worker_cpu_seconds).values())
        own_before = time.process_time()
        report = run_batch([str(f) for f in files], out, scheduler=cluster.scheduler_address, partition_size=size,
                           show_progress=False)
        own = time.process_time() - own_before
        cpu = sum(client.run(worker_cpu_seconds).values()) - cpu_before
        wall = time.perf_counter() - start
    assert report.ok, report.problems
    return {"report": report, "wall": wall, "worker_cpu": cpu, "client_cpu": own}


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
        print(f"{'workers':>7} {'run':>3} {'wall s':>7} {'tagging s':>9} {'docs/s':>7} {'worker CPU s':>12} "
              f"{'cores got':>9} {'client CPU s':>12} {'RSS/worker MiB':>14} {'peak MiB':>8} {'load':>5}")
        best: dict[int, dict] = {}
        for workers in args.workers:
            for run in range(1, args.repeats + 1):
                out = Path(tmp) / f"out-{workers}-{run}"
                run_figures = measured_run(files, out, workers, args.partition_size)
                report = run_figures["report"]
                assert report.documents == n_docs
                rss = max(m[0] for m in report.worker_memory.values()) / MiB
                peak = max(m[1] for m in report.worker_memory.values()) / MiB
                rate = n_docs / report.seconds
                cores = run_figures["worker_cpu"] / report.seconds
                load = os.getloadavg()[0]
                print(f"{workers:>7} {run:>3} {run_figures['wall']:>7.1f} {report.seconds:>9.2f} {rate:>7.0f} "
                      f"{run_figures['worker_cpu']:>12.1f} {cores:>9.2f} {run_figures['client_cpu']:>12.2f} "
                      f"{rss:>14.0f} {peak:>8.0f} {load:>5.1f}", flush=True)
                if workers not in best or report.seconds < best[workers]["seconds"]:
                    best[workers] = {"seconds": report.seconds, "docs_per_s": rate, "wall": run_figures["wall"],
                                     "worker_cpu": run_figures["worker_cpu"], "cores_got": cores,
                                     "client_cpu": run_figures["client_cpu"], "rss_mib": rss, "peak_mib": peak,
                                     "load_after": load}
    if 1 not in best or len(best) < 2:
        print("need runs with 1 worker and with more to estimate the serial fraction")
        return 0
    p = max(best)
    figures = {"documents": n_docs, "partition_size": args.partition_size, "best": best, "client_read_s": read_s}

    def karp_flatt(label: str, t1: float, tp: float, per_worker_rate: float) -> None:
        speedup = t1 / tp
        serial = (1 / speedup - 1 / p) / (1 - 1 / p)  # the serial fraction that explains this speedup
        print(f"\n{label}: speedup on {p} workers {speedup:.2f} (efficiency {speedup / p:.0%}), "
              f"Karp–Flatt serial fraction e = {serial:.3f}")
        projection = {}
        for n in (8, 32, 128):
            s_n = 1 / (serial + (1 - serial) / n) if serial > 0 else float(n)
            projection[n] = {"speedup": s_n, "docs_per_s": per_worker_rate * s_n}
            print(f"  Amdahl, {n:>3} workers: speedup {s_n:6.1f}, ~{per_worker_rate * s_n:,.0f} documents/s")
        if serial > 0:
            print(f"  ceiling 1/e = {1 / serial:.1f}× the one-worker rate, whatever the cluster size")
        figures[label] = {"speedup": speedup, "serial_fraction": serial, "projection": projection}

    karp_flatt("measured", best[1]["seconds"], best[p]["seconds"], best[1]["docs_per_s"])
    # Had each worker owned a core: the workers' CPU time shared out over p cores, plus the client's and
    # scheduler's CPU time counted as entirely serial (it in fact overlaps the workers: an upper bound on e).
    owned = {w: best[w]["worker_cpu"] / w + best[w]["client_cpu"] for w in (1, p)}
    karp_flatt("CPU-time model", owned[1], owned[p], n_docs / owned[1])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
