"""Repairs of McCune-Reischauer romanization: the aspiration mark, damaged vowel breves, apostrophe forms.

Decisions rest on MR syllable structure (`pipeline.text.romanization`) and an English frequency
list, so `P yŏngyang`, `Ch oe`, `Kūmsōng`, `Chosön` are repaired while German (`Günter`) and
Japanese (`Kantō`) words keep their marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.text.lexicon import is_english
from pipeline.text.offsets import Edit
from pipeline.text.romanization import APOSTROPHE_VARIANTS, MR_APOSTROPHE, is_hepburn_word, is_mr_word
from pipeline.text.steps import step

_LETTERS = r"[^\W\d_ʻʼ]"
_MR_BREVE = re.compile("[ŏŭŎŬ]")

# `P yŏngyang`, `Ch oe`, `Inch ŏn`, `Chuch e`: a syllable ending in an aspirable consonant, a space
# where the apostrophe was, and the rest of the word.
_ASPIRATE_SEED = re.compile(r"(?:ch|Ch|[ptkPTK]) [a-zŏŭ]")
_STEM = re.compile(rf"(?<![\w'’]){_LETTERS}*$")
_REST = re.compile(rf"{_LETTERS}+")


def _not_a_word(part: str) -> bool:
    return not is_english(part) or (len(part) == 1 and part.casefold() not in "ai")


@step("mr_aspiration.v1")
def mr_aspiration(text: str) -> Iterator[Edit]:
    """Restore the MR aspiration mark a transcript turned into a space: `P yŏngyang` → `P'yŏngyang`.

    Only when the joined form is one MR word, the first piece is not (`P`, `Inch`, `Sŏngch` end where
    no MR syllable can), and the pieces are not English words on their own (a breve in the second
    piece is evidence enough). Two whole MR words (`choguk yŏksa`) are left apart.
    """
    for seed in _ASPIRATE_SEED.finditer(text):
        space = seed.end() - 2
        stem_m = _STEM.search(text, max(0, space - 30), space)
        if stem_m is None or not stem_m.group():
            continue
        stem, rest = stem_m.group(), _REST.match(text, space + 1).group()
        if is_mr_word(stem) or not is_mr_word(stem + MR_APOSTROPHE + rest):
            continue
        single_initial = len(stem) <= 2 and stem[0].isupper()
        if _MR_BREVE.search(rest) or ((single_initial or _not_a_word(stem)) and _not_a_word(rest)):
            yield Edit(space, space + 1, MR_APOSTROPHE)


_DAMAGED_VOWEL = str.maketrans("öōüūÖŌÜŪ", "ŏŏŭŭŎŎŬŬ")
_WORD = re.compile(rf"{_LETTERS}(?:[{_LETTERS[1:-1]}{APOSTROPHE_VARIANTS}]*{_LETTERS})?")
_DAMAGED_SEED = re.compile("[öōüūÖŌÜŪ]")
_WORD_HEAD = re.compile(rf"(?:{_LETTERS}+[{APOSTROPHE_VARIANTS}])*{_LETTERS}*$")
_WORD_TAIL = re.compile(rf"{_LETTERS}*(?:[{APOSTROPHE_VARIANTS}]{_LETTERS}+)*")
_CONTEXT = 5  # words either side that may vouch for a word being Korean
_CONTEXT_CHARS = 80


def _korean_evidence(word: str) -> bool:
    """A word that only romanized Korean would contain: a breve, or MR syllables that are not Japanese."""
    if _MR_BREVE.search(word):
        return True
    repaired = word.translate(_DAMAGED_VOWEL)
    return repaired != word and is_mr_word(repaired) and not is_hepburn_word(word)


@step("mr_vowels.v1")
def mr_vowels(text: str) -> Iterator[Edit]:
    """`ö ō` → `ŏ`, `ü ū` → `ŭ` in romanized Korean damaged by conversion (`Kim Ilsöng`, `Kūmsōng`).

    A word is repaired when it becomes MR syllables and is not English. A word that is also valid
    Japanese (macrons are Hepburn's long vowels: `Kantō`) is repaired only when a neighbouring word
    is unmistakably Korean. German `ö ü` words rarely parse as MR (`Günter`: no MR syllable `ter`).
    """
    end = 0
    for seed in _DAMAGED_SEED.finditer(text):
        if seed.start() < end:
            continue
        start = _WORD_HEAD.search(text, max(0, seed.start() - 40), seed.start()).start()
        end = _WORD_TAIL.match(text, seed.start() + 1).end()
        word = text[start:end]
        repaired = word.translate(_DAMAGED_VOWEL)
        if not is_mr_word(repaired) or is_english(word):
            continue
        if is_hepburn_word(word):
            before = [w.group() for w in _WORD.finditer(text, max(0, start - _CONTEXT_CHARS), start)]
            after = [w.group() for w in _WORD.finditer(text, end, end + _CONTEXT_CHARS)]
            if not any(_korean_evidence(w) for w in before[-_CONTEXT:] + after[:_CONTEXT]):
                continue
        for j, (old, new) in enumerate(zip(word, repaired)):
            if old != new:
                yield Edit(start + j, start + j + 1, new)


_INNER_APOSTROPHE = re.compile(rf"(?<={_LETTERS})[{APOSTROPHE_VARIANTS}](?={_LETTERS})")


@step("mr_apostrophe.v1")
def mr_apostrophe(text: str) -> Iterator[Edit]:
    """Unify the MR apostrophe (`’ ‘ ʻ ʼ` backtick, acute) inside romanized words to `'` (MR_APOSTROPHE)."""
    for m in _INNER_APOSTROPHE.finditer(text):
        if m.group() == MR_APOSTROPHE:
            continue
        left = re.search(rf"{_LETTERS}+$", text[max(0, m.start() - 30):m.start()])
        right = re.match(rf"{_LETTERS}+", text[m.end():m.end() + 30])
        if left and right and is_mr_word(left.group() + MR_APOSTROPHE + right.group()):
            yield Edit(m.start(), m.end(), MR_APOSTROPHE)
