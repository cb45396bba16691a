"""Round trip of N documents through a real doccano server: time to push, time to pull, spans lost.

Starts its own server (temporary state folder, free port on 127.0.0.1; doccano's virtualenv is the
project's `.doccano/venv`, installed on first use), pushes the gold documents repeated with distinct
ids until there are N, pulls them back, compares, and stops the server.

    .venv/bin/python benchmarks/doccano_roundtrip.py [--documents 1000] [--batch-size 500]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="histner-doccano-bench-") as tmp:
        os.environ["HISTNER_DOCCANO_DIR"] = str(Path(tmp) / "state")
        os.environ["HISTNER_DOCCANO_PORT"] = str(free_port())
        os.environ.pop("HISTNER_DOCCANO_USER", None)
        os.environ.pop("HISTNER_DOCCANO_PASSWORD", None)
        from pipeline import paths
        from pipeline.doccano import loop, server

        gold = [json.loads(line) for p in (paths.GOLD_ARTICLE, paths.GOLD_TRANSCRIPT)
                for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = []
        while len(docs) < args.documents:
            rep = len(docs) // len(gold)
            for g in gold[: args.documents - len(docs)]:
                docs.append({**g, "id": f"r{rep}:{g['id']}"})
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")

        t0 = time.perf_counter()
        state = server.serve(say=lambda m: print(m, file=sys.stderr))
        t_serve = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            pushed = loop.push_file(src, "benchmark", batch_size=args.batch_size)
            t_push = time.perf_counter() - t0
            out = Path(tmp) / "out.jsonl"
            t0 = time.perf_counter()
            loop.pull_file("benchmark", out)
            t_pull = time.perf_counter() - t0
        finally:
            server.stop()

        back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        sent = {(d["id"], s, e, lab) for d in docs for s, e, lab in d["label"]}
        got = {(d["id"], s, e, lab) for d in back for s, e, lab in d["label"]}
        n_spans = sum(len(d["label"]) for d in docs)
        print(f"server: {state.url} (serve took {t_serve:.1f} s)")
        print(f"documents pushed {pushed.documents}, pulled {len(back)}; spans pushed {n_spans}")
        print(f"spans lost {len(sent - got)}, spans added {len(got - sent)}; "
              f"documents identical (id, text, spans, meta, order): {back == docs}")
        print(f"push {t_push:.1f} s ({len(docs) / t_push:.0f} docs/s, batch size {args.batch_size}); "
              f"pull {t_pull:.1f} s ({len(back) / t_pull:.0f} docs/s)")
        return 0 if back == docs else 1


if __name__ == "__main__":
    sys.exit(main())
