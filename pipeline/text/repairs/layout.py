"""Page furniture: web boilerplate, running headers with page numbers, footnote reference markers.

None of these is found from a list of this article's strings. Boilerplate is recognised by the
headings document-sharing sites put around a transcript; a running header is a phrase that opens
three or more lines next to a page number that grows; footnote references are the small numbers in
the flow that form the sequence 1, 2, 3 … through the text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from pipeline.text.offsets import Edit
from pipeline.text.steps import step

# Headings of document-sharing sites (docplayer, studylib, …) around the transcript of an upload.
_RELATED_HEADING = re.compile(r"^[ \t]*(?:similar|related|recommended|more) documents[ \t]*$", re.I | re.M)
_TRANSCRIPT_MARKER = re.compile(r"^[ \t]*(?:transcription|transcript|document transcript)[ \t]*:?[ \t]*\n*", re.I | re.M)


@step("web_boilerplate.v1")
def web_boilerplate(text: str) -> Iterator[Edit]:
    """Drop a site's list of related documents up to its transcript marker, and stray headings/markers."""
    marker = _TRANSCRIPT_MARKER.search(text)
    heading = _RELATED_HEADING.search(text)
    covered = 0
    if heading and marker and heading.start() < marker.start():
        yield Edit(heading.start(), marker.end(), "")
        covered = marker.end()
    for m in sorted([*_RELATED_HEADING.finditer(text, covered), *_TRANSCRIPT_MARKER.finditer(text, covered)],
                    key=lambda m: m.start()):
        if m.start() >= covered:
            yield Edit(m.start(), m.end(), "")
            covered = m.end()


_LINE_START = re.compile(r"(?:^|(?<=\n)|(?<=\f))[ \t]*(?=\S)")
_TOKEN = re.compile(r"\S+")
_PAGE_NUMBER = re.compile(r"\d{1,4}")
_MAX_HEADER_WORDS = 14
_MIN_REPEATS = 3
_SENTENCE_END = ".!?:;\"”’)]"


def _line_tokens(text: str, start: int) -> list[re.Match]:
    tokens = []
    for m in _TOKEN.finditer(text, start):
        if "\n" in text[start:m.start()] or len(tokens) > _MAX_HEADER_WORDS:
            break
        tokens.append(m)
    return tokens


def _mostly_increasing(numbers: list[int]) -> bool:
    pairs = list(zip(numbers, numbers[1:]))
    return bool(pairs) and sum(b > a for a, b in pairs) >= 0.67 * len(pairs)


@step("running_headers.v1")
def running_headers(text: str) -> Iterator[Edit]:
    """Remove `Title 227` / `228 Author` phrases that open three or more lines with a growing page number.

    A title first needs two words or more; an author-style phrase after the number is the longest
    that repeats as often as its first word. Where the line before ends mid-sentence (a page break in
    running text), the break is closed with a space so the text reads on.
    """
    title_first: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
    number_first: list[tuple[int, int, list[re.Match]]] = []
    for line in _LINE_START.finditer(text):
        tokens = _line_tokens(text, line.start())
        for k, tok in enumerate(tokens):
            if _PAGE_NUMBER.fullmatch(tok.group()):
                if k >= 2:
                    title_first[tuple(t.group() for t in tokens[:k])].append((line.start(), tok.end(), int(tok.group())))
                elif k == 0:
                    number_first.append((line.start(), int(tok.group()), tokens[1:9]))
                break
    found: list[tuple[int, int]] = []
    for phrase, hits in title_first.items():
        if len(hits) >= _MIN_REPEATS and _mostly_increasing([n for _, _, n in hits]):
            found.extend((s, e) for s, e, _ in hits)
    counts = Counter(tuple(t.group() for t in toks[:j]) for _, _, toks in number_first for j in range(1, len(toks) + 1))
    for start, number, toks in number_first:
        if not toks or not toks[0].group()[:1].isupper():
            continue
        first = counts[(toks[0].group(),)]
        best = 0
        for j in range(1, len(toks) + 1):
            if counts[tuple(t.group() for t in toks[:j])] >= max(_MIN_REPEATS, 0.8 * first):
                best = j
        if best:
            found.append((start, toks[best - 1].end()))
    last = 0
    for start, end in sorted(set(found)):
        if start < last:
            continue
        while end < len(text) and text[end] in " \t":
            end += 1
        before = start
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if (before > last and text[before:start].strip(" \t") and text[before - 1] not in _SENTENCE_END
                and end < len(text) and text[end] != "\n"):
            yield Edit(before, end, " ")  # a page break in running text: read on
        else:
            yield Edit(start, end, "")
        last = end


_SUPERSCRIPT_REFS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<sup>\s*\d{1,3}\s*</sup>|\[\^\d{1,3}\]")
# A number in the flow: after a word or closing punctuation and a space (`people. 1 According`), or
# glued to closing punctuation (`people.1 According`); followed by a space and more text.
_INLINE_REF = re.compile(r"(?:(?<=[^\s\d])[ \t](\d{1,3})|(?<=[a-z][.,;:!?\"”’)])(\d{1,3}))(?=[ \t]*\n|\s+(?!(?:percent|per|million|billion|thousand|hundred)\b)[^\W\d_“\"‘(])")
# Words after which a number is part of a reference, not a footnote marker.
_CITATION_WORDS = re.compile(r"(?:\b(?:no|nos|vol|pp?|page|pages|volume|number|chapter|section|article|fig|figure|table|art|opis|delo|fond|list|file|box)\.?|[:–-])\s*$", re.I)
_MIN_CHAIN = 3


def _longest_chain(cands: list[tuple[int, int, int, bool]]) -> list[int]:
    """Indices of the longest run of candidates whose numbers go up by 1 (or 2, a marker lost)."""
    best: dict[int, tuple[int, int]] = {}  # number → (chain length, candidate index)
    parent: list[int] = []
    length: list[int] = []
    for i, (_, _, n, _) in enumerate(cands):
        prev = max((best[v] for v in (n - 1, n - 2) if v in best), default=(0, -1))
        parent.append(prev[1])
        length.append(prev[0] + 1)
        if length[i] > best.get(n, (0, -1))[0]:
            best[n] = (length[i], i)
    if not length:
        return []
    i = max(range(len(length)), key=length.__getitem__)
    chain = []
    while i >= 0:
        chain.append(i)
        i = parent[i]
    return chain[::-1]


@step("footnote_refs.v1")
def footnote_refs(text: str) -> Iterator[Edit]:
    """Take footnote reference markers out of the flow: superscripts always, inline numbers in sequence.

    A number right after sentence punctuation is a strong candidate; after a bare word (a transcript
    that lost the closing quote: `a fart 8 during`) a weak one. A sequence is taken only when at least
    half of it is strong, so `between 20 and 30 percent … 22 … October 23` never passes for notes.
    """
    for m in _SUPERSCRIPT_REFS.finditer(text):
        yield Edit(m.start(), m.end(), "")
    cands = []
    for m in _INLINE_REF.finditer(text):
        number = m.group(1) or m.group(2)
        if _CITATION_WORDS.search(text[max(0, m.start() - 12):m.start()]):
            continue
        strong = text[m.start() - 1] in _SENTENCE_END if m.group(1) else True
        cands.append((m.start(), m.end(), int(number), strong))
    while True:
        chain = _longest_chain(cands)
        if len(chain) < _MIN_CHAIN or sum(cands[i][3] for i in chain) < 0.5 * len(chain):
            break
        lo, hi = cands[chain[0]][0], cands[chain[-1]][1]
        for i in chain:
            yield Edit(cands[i][0], cands[i][1], "")
        cands = [c for c in cands if c[1] <= lo or c[0] >= hi]
