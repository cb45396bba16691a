"""Word-level repairs of transcription damage: broken hyphenation, joined compounds, lost apostrophes.

Each decision asks an English word-frequency list (pipeline.text.lexicon), so it carries over to texts
the rules were not written from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.text.lexicon import is_english, is_known, zipf
from pipeline.text.offsets import Edit
from pipeline.text.romanization import is_mr_word
from pipeline.text.steps import step

_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])(-[ \t]*\n[ \t]*)(?=[^\W\d_])")
_WORD_END = re.compile(r"[^\W\d_]+$")
_WORD_START = re.compile(r"[^\W\d_]+")


@step("hyphenation.v1")
def hyphenation(text: str) -> Iterator[Edit]:
    """Rejoin words hyphenated across line ends: `Ko-\\nrea` → `Korea`, `self-\\nreliance` → `self-reliance`.

    The hyphen goes when the joined word is an English word (or occurs unbroken elsewhere in the
    text); otherwise it was a real compound hyphen and only the line break goes.
    """
    words = None
    for m in _LINE_END_HYPHEN.finditer(text):
        left = _WORD_END.search(text, max(0, m.start() - 40), m.start()).group()
        right = _WORD_START.match(text, m.end()).group()
        joined = left + right
        if words is None:
            words = set(re.findall(r"[^\W\d_]+", text.casefold()))
        if is_known(joined) or joined.casefold() in words:
            yield Edit(m.start(), m.end(), "")
        else:
            yield Edit(m.start() + 1, m.end(), "")


_LONG_WORD = re.compile(r"(?<![\w./@-])[a-z]{6,}(?![\w/@-]|\.\w)")  # lower-case, not part of a URL or address
_MIN_PART = 2


@step("joined_compounds.v1")
def joined_compounds(text: str) -> Iterator[Edit]:
    """Put back the hyphen a transcript dropped from a compound: `thirtyeighth` → `thirty-eighth`.

    Only words English does not use at all, that are not romanized Korean, and that split into two
    common English words; the split with the most common rarer half wins.
    """
    for m in _LONG_WORD.finditer(text):
        word = m.group()
        if is_known(word) or is_mr_word(word):
            continue
        best, where = 0.0, 0
        for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
            a, b = word[:i], word[i:]
            if is_english(a) and is_english(b):
                score = min(zipf(a.casefold()), zipf(b))
                if score > best:
                    best, where = score, i
        if where:
            yield Edit(m.start() + where, m.start() + where, "-")


# A lone `s` / `t` / `ll` … after a word and a space: the apostrophe was stripped (`North Korea s`).
_LOST_APOSTROPHE = re.compile(r"(?<=[^\W_])[ ](s|t|ll|re|ve|d|m)(?![\w'’])")
_WORD_BEFORE = re.compile(r"[^\W_]+$")


@step("dropped_apostrophes.v1")
def dropped_apostrophes(text: str) -> Iterator[Edit]:
    """`North Korea s` → `North Korea's`, `don t` → `don't`, `we re` → `we're`; the space becomes `'`.

    `s` is always a possessive or contraction when it stands alone after a word; the other endings
    only when the contracted form is common English (`don't`, `we're`, not `Kim d`).
    """
    for m in _LOST_APOSTROPHE.finditer(text):
        ending = m.group(1)
        if ending != "s":
            before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if before is None or not is_english(before.group() + "'" + ending, 3.5):
                continue
        yield Edit(m.start(), m.start() + 1, "'")
