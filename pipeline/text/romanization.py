"""McCune-Reischauer (MR) romanization: syllable structure, the MR apostrophe, and a spelling-variant key.

The repairs that touch romanized Korean decide from the *structure* of MR syllables (initial, vowel,
final), not from a list of words: a word is romanized Korean when it segments into MR syllables and
is not an ordinary English word. The same structure tells a Japanese Hepburn word (`Kantō`: open
syllables, long vowels with macrons) from a Korean one whose breve was damaged into a macron
(`Kūmsōng`: closed syllables in -m, -ng that Japanese does not have).
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# The one documented form of the MR aspiration mark after cleaning: the ASCII apostrophe, the form most
# sources (and keyboards) use. Its variants are unified to it; `mr_key` ignores them all.
MR_APOSTROPHE = "'"
APOSTROPHE_VARIANTS = "'’‘ʻʼ`´"

_INITIAL = r"(?:tch|ch'|k'|t'|p'|ch|kk|tt|pp|ss|sh|[kgntdrlmpbsjh])?"
_VOWEL = r"(?:yae|wae|ae|ya|yŏ|ye|yo|yu|wa|wŏ|we|wi|oe|ŭi|a|ŏ|e|o|u|ŭ|i)"
_FINAL = r"(?:ng|[kntlmp])?"
_MR_WORD = re.compile(rf"(?:{_INITIAL}{_VOWEL}{_FINAL}'?)+")
# Hepburn morae: optional consonant (+y), a vowel (long vowels with macron), or the moraic n;
# doubled consonants for geminates.
_HEPBURN_WORD = re.compile(r"(?:(?:[kgszjtdcnhfbpmyrw]|sh|ch|ts)?y?[aeiouāēīōū]|n(?![aeiouy])|([kgsztdcbp])(?=\1))+")


def _plain(word: str) -> str:
    """Lower-case with every apostrophe variant as the MR apostrophe."""
    return re.sub(f"[{APOSTROPHE_VARIANTS}]", MR_APOSTROPHE, word.casefold())


@lru_cache(maxsize=65536)
def is_mr_word(word: str) -> bool:
    """Whether `word` segments wholly into MR syllables (`P'yŏngyang`, `Kŭmsŏng`, `sahoejuŭi`)."""
    return bool(word) and _MR_WORD.fullmatch(_plain(word)) is not None


@lru_cache(maxsize=65536)
def is_hepburn_word(word: str) -> bool:
    """Whether `word` segments wholly into Japanese Hepburn morae (`Kantō`, `Tōkyō`)."""
    return bool(word) and _HEPBURN_WORD.fullmatch(word.casefold()) is not None


def mr_key(text: str) -> str:
    """One folding key for the spelling variants of a romanized Korean name.

    `P'yŏngyang`, `Pyongyang`, `P yŏngyang`, `Pʻyŏngyang` share a key; so do `Kim Il Sung`, `Kim Ilsŏng`,
    `Kim Il-sung`; so do `Chosŏn`, `Choson` and the Revised `Joseon`. Built on unidecode (diacritics off);
    then spaces, hyphens and apostrophes go, Revised Romanization vowels (`eo`, `eu`) fold to MR's, the
    common `-ung` spelling of `-ŏng` folds to `ong`, voiced initials (`g d b j`) fold to voiceless
    (`k t p ch`), `sh` to `s`, and doubled letters to one. The key is for matching, never for display.
    """
    key = re.sub(r"[^a-z]", "", unidecode(text).lower())
    key = key.replace("eo", "o").replace("eu", "u")
    key = key.replace("ung", "ong")
    key = key.replace("ng", "\0")  # protect the final -ng from g→k
    key = key.replace("j", "ch").translate(str.maketrans("gdb", "ktp")).replace("sh", "s")
    key = key.replace("\0", "ng")
    return re.sub(r"(.)\1+", r"\1", key)
