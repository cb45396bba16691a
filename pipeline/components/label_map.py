"""Map a statistical NER's label scheme onto histner's four labels, as a pipeline component.

The pretrained English model speaks OntoNotes (GPE, NORP, FAC, …); the guidelines know PERSON, ORG,
LOC and DATE. Doing the mapping inside the pipeline keeps a saved model self-describing: what
`spacy.load` returns already speaks histner's labels.
"""

# No `from __future__ import annotations` here: spaCy validates factory arguments from real type hints.
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# OntoNotes → guidelines. NORP (nationalities), EVENT, LAW, WORK_OF_ART, numbers, money, TIME are not
# tagged under the guidelines, so they are absent and dropped.
ONTONOTES_TO_HISTNER: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "DATE": "DATE",
}


class LabelMapper:
    """Relabel `doc.ents` with `mapping`; entities whose label is not in it are removed."""

    def __init__(self, name: str, mapping: dict[str, str]) -> None:
        self.name = name
        self.mapping = dict(mapping)

    def __call__(self, doc: Doc) -> Doc:
        kept = []
        for ent in doc.ents:
            target = self.mapping.get(ent.label_)
            if target is not None:
                kept.append(Span(doc, ent.start, ent.end, label=target))
        doc.ents = filter_spans(kept)
        return doc


@Language.factory(
    "histner_label_map",
    default_config={"mapping": ONTONOTES_TO_HISTNER},
)
def make_label_map(nlp: Language, name: str, mapping: dict[str, str]) -> LabelMapper:
    return LabelMapper(name, mapping)
