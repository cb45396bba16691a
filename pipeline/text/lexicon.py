"""Evidence about English words, from wordfreq's bundled frequency lists (no download at run time).

Repairs that join, split or re-punctuate words ask whether a form is an ordinary English word; a
frequency list generalises to texts the rules were never written from, where a list of this
article's words would not.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

COMMON = 3.0  # Zipf 3 ≈ once per million words: ordinary vocabulary


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Zipf frequency of `word` in English (0 when unknown)."""
    return zipf_frequency(word, "en")


def is_english(word: str, threshold: float = COMMON) -> bool:
    return zipf(word.casefold()) >= threshold


def is_known(word: str) -> bool:
    """Whether English text uses `word` at all (any non-zero frequency)."""
    return zipf(word.casefold()) > 0
