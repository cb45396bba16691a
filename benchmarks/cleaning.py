"""Benchmark of `clean`: what it repairs on the two seeds, what it keeps, how exact and how fast.

    python benchmarks/cleaning.py            # prints a Markdown report

Figures (see the cleaning issue): running headers, dropped 's, inline footnote numbers, words outside
the clean article's vocabulary, content words kept, character error rate of the transcript against
the aligned clean article (before/after), MR vowel marks on the Markdown seed, speed in MB/s on one core.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import paths  # noqa: E402
from pipeline.text.alignment import align_texts  # noqa: E402
from pipeline.text.clean import CleanedText, clean  # noqa: E402

HEADER = re.compile(r"North Korea s Alliances and the Unfinished Korean War \d{3}|\b2\d\d Avram Agov\b")
LOST_S = re.compile(r"(?<=[^\W\d_]) (?=s\b)")
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
DAMAGED = re.compile(r"[öōüū]")
FOREIGN = {"Günter", "Kantō"}
LAYOUT_STEPS = {"web_boilerplate.v1", "running_headers.v1", "footnote_refs.v1"}


def vocabulary(text: str) -> set[str]:
    return {t.casefold().replace("’", "'") for t in TOKEN.findall(text)}


def oov(text: str, vocab: set[str]) -> int:
    return sum(1 for t in TOKEN.findall(text) if t.casefold().replace("’", "'") not in vocab)


def letters(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalpha())


def content_kept(c: CleanedText) -> tuple[int, int]:
    """(kept, total) content words of the original outside what layout steps removed on purpose."""
    removed = [(r.start, r.end) for r in c.repairs if r.step in LAYOUT_STEPS]
    kept = total = 0
    for m in TOKEN.finditer(c.original):
        word = m.group()
        if len(word) < 3 or word.casefold() in STOP_WORDS:
            continue
        if any(s <= m.start() and m.end() <= e for s, e in removed):
            continue
        total += 1
        there = c.to_cleaned(m.start(), m.end())
        if there and letters(c.text[there[0]:there[1]]).startswith(letters(word)[:1]) and \
                len(letters(c.text[there[0]:there[1]])) >= len(letters(word)):
            kept += 1
    return kept, total


def cer(reference: str, segments: list[str]) -> float:
    """Edit distance of each segment to the stretch of `reference` it aligns with, over that length."""
    errors = length = 0
    for seg in segments:
        al = align_texts(seg, reference)
        hits = sorted(t for t in al.source_to_target if t >= 0)
        if not hits:
            continue
        # the stretch of the reference this segment tells: the longest run of hits without a big jump
        runs, first = [], 0
        for i in range(1, len(hits) + 1):
            if i == len(hits) or hits[i] - hits[i - 1] > 300:
                runs.append((hits[first], hits[i - 1] + 1))
                first = i
        lo, hi = max(runs, key=lambda r: r[1] - r[0])
        errors += Levenshtein.distance(reference[lo:hi], seg)
        length += hi - lo
    return errors / length


def main() -> None:
    transcript, article = paths.RAW_TRANSCRIPT.read_text(encoding="utf-8"), paths.RAW_ARTICLE.read_text(encoding="utf-8")
    ct, ca = clean(transcript), clean(article)
    vocab = vocabulary(ca.text)
    print("## Cleaning benchmark (`python benchmarks/cleaning.py`)\n")
    print("### Transcript seed (`corpus/raw/article_transcript_scraped.txt`)\n")
    print("| measure | before | after | |\n|---|---|---|---|")
    h0, h1 = len(HEADER.findall(transcript)), len(HEADER.findall(ct.text))
    print(f"| running headers | {h0} | {h1} | |")
    body_start = transcript.index("Transcription:")
    headers = [(r.start, r.end) for r in ct.repairs if r.step == "running_headers.v1"]
    lost = [m.start() for m in LOST_S.finditer(transcript, body_start)
            if not any(s <= m.start() < e for s, e in headers)]  # not those inside removed headers
    restored = {r.start for r in ct.repairs if r.step == "dropped_apostrophes.v1" and r.replacement == "'"}
    n_restored = sum(1 for p in lost if p in restored)
    print(f"| dropped `'s` in the transcript body | {len(lost)} | {len(lost) - n_restored} | "
          f"{n_restored / len(lost):.1%} restored |")
    notes = sorted(int(r.original.strip()) for r in ct.footnotes)
    gaps = sorted(set(range(1, notes[-1] + 1)) - set(notes))
    print(f"| inline footnote numbers (1…{notes[-1]}) | {notes[-1]} | {len(gaps)} | removed {len(notes)}; "
          f"not in the flow of the transcript's text: {gaps} |")
    o0, o1 = oov(transcript, vocab), oov(ct.text, vocab)
    b0, b1 = oov(transcript[body_start:], vocab), oov(ct.text[ct.to_cleaned(body_start, body_start + 20)[0]:], vocab)
    print(f"| words outside the clean article's vocabulary (whole file) | {o0} | {o1} | −{1 - o1 / o0:.1%} |")
    print(f"| same, transcript body only | {b0} | {b1} | −{1 - b1 / b0:.1%} |")
    k, n = content_kept(ct)
    print(f"| content words kept (outside removed boilerplate/headers/notes) | {n} | {k} | {k / n:.2%} |")
    lines = [ln for ln in transcript[body_start:].split("\n")[2:] if ln.strip()]
    starts = [transcript.index(ln, body_start) for ln in lines]
    after = []
    for s, ln in zip(starts, lines):
        span = ct.to_cleaned(s, s + len(ln))
        after.append(ct.text[span[0]:span[1]] if span else "")
    c0, c1 = cer(ca.text, lines), cer(ca.text, after)
    print(f"| character error rate vs the aligned clean article ({len(lines)} page lines) | {c0:.2%} | {c1:.2%} | |")

    print("\n### Markdown seed (`corpus/raw/article_markdown.txt`)\n")
    print("| measure | before | after |\n|---|---|---|")
    words0 = re.findall(r"\w*[öōüū]\w*", article)
    marks0 = sum(len(DAMAGED.findall(w)) for w in words0 if w not in FOREIGN)
    words1 = re.findall(r"\w*[öōüū]\w*", ca.text)
    marks1 = sum(len(DAMAGED.findall(w)) for w in words1 if w not in FOREIGN)
    print(f"| damaged MR vowel marks in romanized Korean | {marks0} | {marks1} ({[w for w in words1 if w not in FOREIGN]}) |")
    print(f"| `Günter`, `Kantō` | {sum(article.count(w) for w in FOREIGN)} | {sum(ca.text.count(w) for w in FOREIGN)} |")
    print(f"| superscript footnote markers | {len(re.findall('[⁰¹²³⁴⁵⁶⁷⁸⁹]+', article))} | {len(re.findall('[⁰¹²³⁴⁵⁶⁷⁸⁹]+', ca.text))} |")
    k, n = content_kept(ca)
    print(f"| content words kept | {n} | {k} ({k / n:.2%}) |")

    sample = (transcript + article) * 8
    clean(transcript + article)  # warm: word-frequency tables load once per process
    t0 = time.perf_counter()
    clean(sample)
    dt = time.perf_counter() - t0
    print(f"\n### Speed\n\n{len(sample.encode('utf-8')) / 1e6:.2f} MB of the two seeds (×8) cleaned in {dt:.2f} s on one "
          f"core: **{len(sample.encode('utf-8')) / 1e6 / dt:.2f} MB/s**.")


if __name__ == "__main__":
    main()
