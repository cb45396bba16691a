"""Tagging documents with a pipeline, with spans reported in the coordinates of the input text.

A histner pipeline may clean the text before tokenising it (the cleaning tokenizer), so `doc.text` can
differ from the text the user gave. Every consumer — annotate, evaluate, batch, training conversion —
goes through these functions to move between the two coordinate systems, never through `doc.text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.schema import Document

CLEANED_ATTR = "histner_cleaned"  # Doc extension set by the cleaning tokenizer: a CleanedText


def cleaned_of(doc: Doc):
    """The CleanedText the cleaning tokenizer attached to `doc`, or None for a plain pipeline."""
    if Doc.has_extension(CLEANED_ATTR):
        return getattr(doc._, CLEANED_ATTR)
    return None


def original_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """`doc.ents` as (start, end, label) in the input text's offsets."""
    cleaned = cleaned_of(doc)
    spans = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        if cleaned is not None:
            start, end = cleaned.to_original(start, end)
        spans.append((start, end, ent.label_))
    return spans


def doc_char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """An input-text span [start, end) in `doc.text` coordinates (for putting gold onto cleaned docs)."""
    cleaned = cleaned_of(doc)
    if cleaned is None:
        return start, end
    return cleaned.to_cleaned(start, end)


def tag_documents(nlp: Language, documents: Iterable[Document], *, batch_size: int = 32) -> Iterator[Document]:
    """Each document with `label` set to the pipeline's entities, in input order, streamed."""
    for sdoc, doc in nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=batch_size):
        yield Document(doc.id, doc.text, [[s, e, lab] for s, e, lab in original_spans(sdoc)], doc.meta)
