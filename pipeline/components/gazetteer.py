"""`histner_gazetteer`: names seen in the gold train split, found again in any spelling variant.

The pretrained NER misses or mislabels names it never saw (`Hoeryŏng` as PERSON, `KWP` absent). The
gazetteer remembers each train name with its label and finds it in new text through `mr_key`, so the
train entry `Kim Il Sung` also matches `Kim Ilsŏng`, `KIM IL-SUNG` and `Kim Il-sung`: token windows are
compared by the key of their text, whatever the tokenisation of the variant.

Entries are filtered for safety: a key with two labels in the gold is dropped, one-word entries that
are ordinary English words are dropped (wordfreq; acronyms and romanized Korean excepted, since they
only match in their own shape), and very short keys are dropped. How matches combine with the NER's
entities is a registered, versioned strategy (`merge` in the config).
"""

# No `from __future__ import annotations` here: spaCy validates factory arguments from real type hints.
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from pipeline import paths
from pipeline.schema import Document, read_documents
from pipeline.text.lexicon import zipf
from pipeline.text.romanization import is_mr_word, mr_key

ENTRIES_FILE = "entries.jsonl"
PART = "histner_gazetteer:part"  # kb_id marking a match of a surname entry
NAME_LABELS = ("PERSON", "ORG", "LOC")  # dates are patterns, not names: the rules handle them


@dataclass(frozen=True)
class Entry:
    """One gazetteer name: its key, label, a surface form seen in train, and the case shape to match."""

    key: str
    label: str
    text: str
    shape: str  # "upper": match all-caps text only; "title": must start upper-case; "any"
    part: bool = False  # a surname taken from a full name: never cuts a longer entity (see Gazetteer)

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "text": self.text, "shape": self.shape, "part": self.part}


def shape_of(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return "upper"
    if text[:1].isupper():
        return "title"
    return "any"


def is_ordinary_word(text: str, max_zipf: float) -> bool:
    """A one-word name that is also a common English word (`Worker`, `Council`, `Park`).

    wordfreq folds case, so this also catches well-known places (`London`); the NER knows those
    anyway. Acronyms and romanized Korean words (`Kim`, `Pak`) are kept: they match in their own shape.
    """
    if " " in text.strip() or shape_of(text) == "upper" or is_mr_word(text):
        return False
    return zipf(text.lower()) >= max_zipf


def build_entries(documents: Iterable[Document], *, min_key_chars: int = 3, max_zipf: float = 4.3,
                  name_parts: bool = True) -> list[Entry]:
    """The safe entries from the name spans of `documents` (the caller chooses the split)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        for start, end, label in doc.spans():
            if label not in NAME_LABELS:
                continue
            text = doc.text[start:end]
            key = mr_key(text)
            labels[key][label] += 1
            forms[key][text] += 1
    entries = []
    for key, counts in sorted(labels.items()):
        if len(counts) > 1:
            continue  # the gold itself gives this key two labels: not safe to impose one
        text = forms[key].most_common(1)[0][0]
        shape = shape_of(text)
        if len(key) < (2 if shape == "upper" else min_key_chars) or is_ordinary_word(text, max_zipf):
            continue
        entries.append(Entry(key, next(iter(counts)), text, shape))
    if name_parts:
        entries += surname_entries(forms, labels, {e.key for e in entries}, min_key_chars, max_zipf)
    return entries


def surname_entries(forms: dict[str, Counter], labels: dict[str, Counter], known: set[str],
                    min_key_chars: int, max_zipf: float) -> list[Entry]:
    """D7: a bare surname is PERSON. The first word of a many-word train PERSON (Korean and Chinese
    order: `Pak Hŏnyŏng` → `Pak`) and its last word (`Syngman Rhee` → `Rhee`) become PERSON entries
    when no full entry has that key, no other label claims it, and they pass the same safety filters."""
    parts: dict[str, str] = {}
    for key, counts in labels.items():
        if set(counts) != {"PERSON"}:
            continue
        words = forms[key].most_common(1)[0][0].replace(",", " ").split()
        if len(words) < 2:
            continue
        for word in (words[0], words[-1]):
            parts.setdefault(mr_key(word), word)
    out = []
    for key, word in sorted(parts.items()):
        if key in known or key in labels or len(key) < min_key_chars or word.endswith("."):
            continue
        if shape_of(word) != "title" or is_ordinary_word(word, max_zipf):
            continue
        out.append(Entry(key, "PERSON", word, "title", part=True))
    return out


def gold_split_documents(split: str, files: Iterable[Path]) -> Iterable[Document]:
    for path in files:
        for _line, doc in read_documents(path):
            if doc.meta.get("split") == split:
                yield doc


@registry.misc("histner.gazetteer_entries_from_gold.v1")
def entries_from_gold(split: str = "train", min_key_chars: int = 3, max_zipf: float = 4.3,
                      name_parts: bool = True, files: Optional[list[str]] = None) -> list[dict]:
    """Entries from one split of the gold files (default: article and transcript, train split)."""
    gold = [Path(f) for f in files] if files else [paths.GOLD_ARTICLE, paths.GOLD_TRANSCRIPT]
    docs = gold_split_documents(split, gold)
    return [e.to_json() for e in build_entries(docs, min_key_chars=min_key_chars, max_zipf=max_zipf,
                                                  name_parts=name_parts)]


def _shape_fits(text: str, shape: str) -> bool:
    if shape == "upper":
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)
    if shape == "title":
        return text[:1].isupper()
    return True


class GazetteerIndex:
    """Finds entries in a Doc: every token window whose text has an entry's key and fits its shape."""

    def __init__(self, entries: Iterable[Entry], max_tokens: int = 10) -> None:
        self.entries = {e.key: e for e in entries}
        self.prefixes = {e.key[:i] for e in self.entries.values() for i in range(1, len(e.key) + 1)}
        self.max_tokens = max_tokens

    def find(self, doc: Doc) -> list[Span]:
        """All matches (they may overlap), as labelled Spans."""
        found = []
        text = doc.text
        for i, first in enumerate(doc):
            if not first.text[:1].isalnum():
                continue
            for j in range(i, min(i + self.max_tokens, len(doc))):
                last = doc[j]
                key = mr_key(text[first.idx:last.idx + len(last.text)])
                if key and key not in self.prefixes:
                    break
                entry = self.entries.get(key)
                if entry is not None and last.text[-1:].isalnum():
                    surface = text[first.idx:last.idx + len(last.text)]
                    if _shape_fits(surface, entry.shape):
                        found.append(Span(doc, i, j + 1, label=entry.label, kb_id=PART if entry.part else ""))
        return found


# Merge strategies: (existing entities, gazetteer matches) → entities. Registered under versioned names
# so a config names the policy it was measured with.
MergeStrategy = Callable[[Iterable[Span], Iterable[Span]], list[Span]]


@registry.misc("histner.gazetteer_wins.v1")
def make_gazetteer_wins() -> MergeStrategy:
    """Gazetteer matches (longest first) replace every entity they overlap; other entities stay."""

    def merge(ents: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        chosen = filter_spans(list(matches))
        taken = {i for span in chosen for i in range(span.start, span.end)}
        kept = [e for e in ents if not any(i in taken for i in range(e.start, e.end))]
        return sorted(chosen + kept, key=lambda s: s.start)

    return merge


@registry.misc("histner.longest_wins.v1")
def make_longest_wins() -> MergeStrategy:
    """The longest span wins among entities and matches together; a tie goes to the gazetteer."""

    def merge(ents: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        return sorted(filter_spans(list(matches) + list(ents)), key=lambda s: s.start)

    return merge


@registry.misc("histner.ner_wins.v1")
def make_ner_wins() -> MergeStrategy:
    """Matches only fill the gaps between the NER's entities."""

    def merge(ents: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        ents = list(ents)
        taken = {i for span in ents for i in range(span.start, span.end)}
        free = [m for m in filter_spans(list(matches)) if not any(i in taken for i in range(m.start, m.end))]
        return sorted(ents + free, key=lambda s: s.start)

    return merge


def _inside_longer(span: Span, ents: list[Span]) -> bool:
    """Whether an entity strictly longer than `span` covers it (`Andrei` inside `Andrei Vyshinsky`)."""
    return any(e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in ents)


class Gazetteer:
    """The pipeline component: entries live in the saved model (to_disk / from_disk)."""

    def __init__(self, name: str, merge: MergeStrategy, max_tokens: int) -> None:
        self.name = name
        self.merge = merge
        self.max_tokens = max_tokens
        self.set_entries([])

    def set_entries(self, entries: Iterable[Entry]) -> None:
        self.index = GazetteerIndex(entries, self.max_tokens)

    @property
    def entries(self) -> list[Entry]:
        return list(self.index.entries.values())

    def initialize(self, get_examples: Optional[Callable] = None, *, nlp: Optional[Language] = None,
                   entries: Optional[list[dict]] = None) -> None:
        """Take the entries built by the config's `[initialize.components.<name>] entries` function."""
        self.set_entries(Entry(**e) for e in (entries or []))

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        matches = [m for m in self.index.find(doc) if m.kb_id_ != PART or not _inside_longer(m, ents)]
        if matches:
            doc.ents = self.merge(doc.ents, matches)
        return doc

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / ENTRIES_FILE, [e.to_json() for e in self.entries])

    def from_disk(self, path, *, exclude=tuple()) -> "Gazetteer":
        self.set_entries(Entry(**e) for e in srsly.read_jsonl(Path(path) / ENTRIES_FILE))
        return self


@Language.factory(
    "histner_gazetteer",
    default_config={"merge": {"@misc": "histner.longest_wins.v1"}, "max_tokens": 10},
)
def make_gazetteer(nlp: Language, name: str, merge: MergeStrategy, max_tokens: int) -> Gazetteer:
    return Gazetteer(name, merge, max_tokens)


