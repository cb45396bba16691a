"""Gold JSONL → spaCy training docs, split by `meta.split`, made by the tokenizer of the pipeline trained.

Every gold span is put on the doc through `pipeline.tagging.doc_char_span` (the pipeline may clean the
text inside its tokenizer) and `doc.char_span(..., alignment_mode="strict")`. A span that does not fall
on token boundaries is an error naming file, line and span, unless the caller chooses a policy:
`missing` marks its tokens as unannotated (no loss either way, nothing taught wrongly) and `expand`
widens it to whole tokens; both are counted and reported. The test split is never converted.
Validation (missing file, unknown label, overlapping or out-of-range spans, bad split) runs over every
file before any doc is made, so a bad gold file stops training before it starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span

from pipeline import LABELS, paths
from pipeline.errors import HistnerError
from pipeline.schema import Document, atomic_output, read_documents
from pipeline.tagging import doc_char_span

MISALIGNED_POLICIES = ("error", "missing", "expand")
TRAINING_SPLITS = ("train", "dev")
KNOWN_SPLITS = ("train", "dev", "test")


class TrainingDataError(HistnerError):
    """Gold that cannot become training data: unknown label, overlap, span off token boundaries."""


@dataclass(frozen=True)
class GoldRecord:
    """One gold document with the file and line it came from (for error messages)."""

    path: Path
    line: int
    doc: Document
    noisy: bool = False  # a transcript line added to train as a noisy example

    @property
    def split(self) -> str:
        return str(self.doc.meta.get("split", ""))


@dataclass(frozen=True)
class Misaligned:
    """A gold span that did not fall on the pipeline's token boundaries."""

    path: Path
    line: int
    start: int
    end: int
    label: str
    surface: str

    def describe(self) -> str:
        return f"{self.path}:{self.line}: span [{self.start}, {self.end}, {self.label}] {self.surface!r}"


@dataclass
class TrainingCorpus:
    """spaCy docs for train and dev, with what happened on the way."""

    train: list[Doc] = field(default_factory=list)
    dev: list[Doc] = field(default_factory=list)
    misaligned: list[Misaligned] = field(default_factory=list)
    noisy_train_docs: int = 0

    def summary(self) -> dict:
        def words(docs: list[Doc]) -> int:
            return sum(1 for d in docs for t in d if not t.is_space and not t.is_punct)

        return {
            "train": {"docs": len(self.train), "words": words(self.train), "spans": sum(len(d.ents) for d in self.train)},
            "dev": {"docs": len(self.dev), "words": words(self.dev), "spans": sum(len(d.ents) for d in self.dev)},
            "noisy_train_docs": self.noisy_train_docs,
            "misaligned_spans": len(self.misaligned),
        }


def validate_record(path: Path, line: int, doc: Document) -> None:
    """Raise a TrainingDataError naming file and line for a span or split training cannot use."""
    split = doc.meta.get("split")
    if split not in KNOWN_SPLITS:
        raise TrainingDataError(f"meta.split is {split!r}; expected one of {', '.join(KNOWN_SPLITS)}", path=path, line=line)
    spans = []
    for raw in doc.label:
        if not (isinstance(raw, (list, tuple)) and len(raw) == 3):
            raise TrainingDataError(f"span {raw!r} is not [start, end, LABEL]", path=path, line=line)
        start, end, label = raw
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise TrainingDataError(f"span {raw!r} has non-integer offsets", path=path, line=line)
        if label not in LABELS:
            raise TrainingDataError(f"unknown label {label!r} in span [{start}, {end}, {label}]; "
                                    f"expected one of {', '.join(LABELS)}", path=path, line=line)
        if not 0 <= start < end <= len(doc.text):
            raise TrainingDataError(f"span [{start}, {end}, {label}] is outside the text "
                                    f"(length {len(doc.text)})", path=path, line=line)
        spans.append((start, end, label))
    spans.sort()
    for (s1, e1, l1), (s2, e2, l2) in zip(spans, spans[1:]):
        if s2 < e1:
            raise TrainingDataError(f"overlapping spans [{s1}, {e1}, {l1}] {doc.text[s1:e1]!r} and "
                                    f"[{s2}, {e2}, {l2}] {doc.text[s2:e2]!r}", path=path, line=line)


def read_gold(gold_files: Sequence[Path], *, with_transcript: bool = False) -> list[GoldRecord]:
    """Every gold document of `gold_files`, validated; plus the transcript's train lines if asked."""
    if not gold_files:
        raise TrainingDataError("no gold files given")
    records: list[GoldRecord] = []
    sources = [(Path(p), False) for p in gold_files]
    if with_transcript and paths.GOLD_TRANSCRIPT.resolve() not in {p.resolve() for p, _ in sources}:
        sources.append((paths.GOLD_TRANSCRIPT, True))
    for path, noisy in sources:
        for line, doc in read_documents(path):
            validate_record(path, line, doc)
            if noisy and doc.meta.get("split") != "train":
                continue  # transcript lines only ever add training examples; dev stays the clean article
            records.append(GoldRecord(path, line, doc, noisy))
    return records


def gold_doc(make_doc: Callable[[str], Doc], record: GoldRecord, policy: str, misaligned: list[Misaligned]) -> Doc:
    """The record's text as a doc of the pipeline being trained, with its gold spans as `doc.ents`."""
    doc = make_doc(record.doc.text)
    ents: list[Span] = []
    unknown: list[Span] = []
    for start, end, label in sorted(record.doc.spans()):
        span = None
        mapped = doc_char_span(doc, start, end)
        if mapped is not None:
            span = doc.char_span(mapped[0], mapped[1], label=label, alignment_mode="strict")
        if span is not None:
            ents.append(span)
            continue
        bad = Misaligned(record.path, record.line, start, end, label, record.doc.text[start:end])
        if policy == "error":
            raise TrainingDataError(
                f"span [{start}, {end}, {label}] {bad.surface!r} does not fall on token boundaries of the "
                f"pipeline's tokenizer (context {record.doc.text[max(0, start - 15):end + 15]!r}); fix the "
                f"span or the tokenizer, or train with --misaligned missing|expand",
                path=record.path, line=record.line)
        misaligned.append(bad)
        if mapped is None:
            continue  # the cleaner removed the whole span: nothing left to label
        widened = doc.char_span(mapped[0], mapped[1], label=label, alignment_mode="expand")
        if widened is None:
            continue
        if policy == "expand" and not any(e.start < widened.end and widened.start < e.end for e in ents):
            ents.append(widened)
        else:
            unknown.append(widened)
    unknown = [u for u in unknown if not any(e.start < u.end and u.start < e.end for e in ents)]
    # Tokens outside every span are "outside" (O), except those of spans we could not place: unknown.
    doc.set_ents(sorted(ents, key=lambda s: s.start), missing=unknown, default="outside")
    return doc


def build_corpus(make_doc: Callable[[str], Doc], records: Iterable[GoldRecord], *, policy: str = "error") -> TrainingCorpus:
    """Train and dev docs of `records` (test records are skipped: they are never trained on)."""
    if policy not in MISALIGNED_POLICIES:
        raise TrainingDataError(f"unknown --misaligned policy {policy!r}; expected one of {', '.join(MISALIGNED_POLICIES)}")
    corpus = TrainingCorpus()
    for record in records:
        if record.split not in TRAINING_SPLITS:
            continue
        doc = gold_doc(make_doc, record, policy, corpus.misaligned)
        if record.split == "train":
            corpus.train.append(doc)
            corpus.noisy_train_docs += record.noisy
        else:
            corpus.dev.append(doc)
    if not corpus.train:
        raise TrainingDataError("the gold files have no documents with meta.split 'train'")
    if not corpus.dev:
        raise TrainingDataError("the gold files have no documents with meta.split 'dev' (needed to pick the best model)")
    return corpus


def write_docbin(docs: Iterable[Doc], path: Path) -> Path:
    """Docs as a spaCy DocBin file, written atomically."""
    bin_ = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE", "SPACY"], store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    with atomic_output(path, "wb") as fh:
        fh.write(bin_.to_bytes())
    return path


def write_corpus(corpus: TrainingCorpus, out_dir: Path) -> tuple[Path, Path]:
    """`train.spacy` and `dev.spacy` in `out_dir`."""
    out_dir = Path(out_dir)
    return write_docbin(corpus.train, out_dir / "train.spacy"), write_docbin(corpus.dev, out_dir / "dev.spacy")
