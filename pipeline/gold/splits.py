"""Deterministic train/dev/test splits: contiguous blocks of the article, shared by both its forms.

Test and dev must be scored on the article and on the transcript alike, so both blocks lie in the
part of the article the transcript covers, and their boundaries fall where a transcript page begins:
then no transcript line straddles two splits. Test is the block that ends with the transcript's
coverage and holds closest to `test_share` of the article's words; dev is the block just before it,
closest to `dev_share`; everything else is train. Each transcript line takes the split of the article
lines it aligns to; one that aligns to two splits is marked `straddle` and left out of scoring.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from pipeline.schema import Document

# Article lines that receive fewer aligned characters than this from a transcript line are noise
# (a stray matched word), not text the transcript line reproduces.
MIN_ALIGNED_CHARS = 20


@dataclass(frozen=True)
class SplitPlan:
    test: tuple[int, int]  # first and last article line, inclusive
    dev: tuple[int, int]
    words: dict[str, int]

    def split_of(self, line: int) -> str:
        if self.test[0] <= line <= self.test[1]:
            return "test"
        if self.dev[0] <= line <= self.dev[1]:
            return "dev"
        return "train"


def aligned_article_lines(inverse: tuple[int, ...], article_lines: list[Document], start: int, end: int) -> list[int]:
    """Article line numbers that the transcript text [start, end) reproduces (sorted).

    `inverse` is `CharAlignment.target_to_source()` of the article→transcript alignment, computed once
    by the caller for all transcript lines.
    """
    starts = [d.meta["offset"] for d in article_lines]
    counts: Counter = Counter()
    for pos in range(start, end):
        src = inverse[pos]
        if src >= 0:
            idx = bisect.bisect_right(starts, src) - 1
            if idx >= 0:
                counts[article_lines[idx].meta["line"]] += 1
    return sorted(n for n, c in counts.items() if c >= MIN_ALIGNED_CHARS)


def plan_splits(article: list[Document], transcript_lines: list[list[int]],
                test_share: float = 0.15, dev_share: float = 0.15) -> SplitPlan:
    """Choose the dev and test blocks (see the module docstring)."""
    numbers = [d.meta["line"] for d in article]
    words = {d.meta["line"]: len(d.text.split()) for d in article}
    total = sum(words.values())
    covered = [lines for lines in transcript_lines if lines]
    boundaries = sorted({lines[0] for lines in covered})
    end = max(lines[-1] for lines in covered)

    def block_words(first: int, last: int) -> int:
        return sum(w for n, w in words.items() if first <= n <= last)

    def closest(last: int, share: float) -> int:
        options = [b for b in boundaries if b <= last]
        return min(options, key=lambda b: (abs(block_words(b, last) - share * total), -b))

    test_first = closest(end, test_share)
    before = [n for n in numbers if n < test_first]
    dev_last = before[-1]
    dev_first = closest(dev_last, dev_share)
    plan = SplitPlan((test_first, end), (dev_first, dev_last), {})
    counted: Counter = Counter()
    for n, w in words.items():
        counted[plan.split_of(n)] += w
    return SplitPlan(plan.test, plan.dev, dict(counted))


def transcript_split(plan: SplitPlan, lines: list[int]) -> tuple[str, list[str]]:
    """The split of a transcript line, or 'straddle' with the splits it touches."""
    splits = sorted({plan.split_of(n) for n in lines}) or ["train"]
    return (splits[0] if len(splits) == 1 else "straddle"), splits
