"""Loading the tagging pipeline: a named spaCy package, a model folder, or the shipped default.

The default is described by `configs/histner_sm.cfg` and assembled into `models/histner-sm` the first
time it is needed (sourcing the pretrained components takes a few seconds); after that it is an
ordinary spaCy model folder that `spacy.load` opens without `--code`, because histner's components
are registered through entry points.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from pipeline import paths
from pipeline.errors import HistnerError

DEFAULT_CONFIG = paths.CONFIGS / "histner_sm.cfg"
DEFAULT_MODEL = paths.MODELS / "histner-sm"


def assemble(config: Path = DEFAULT_CONFIG, output: Path = DEFAULT_MODEL) -> Path:
    """Build a pipeline from a config (sourcing pretrained components) and save it to `output`."""
    from spacy.util import load_config, load_model_from_config

    import pipeline.components.lookups  # noqa: F401  (registers histner.source_lookups.v1)

    if not config.is_file():
        raise HistnerError("no such config", path=config)
    cfg = load_config(config)
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    # Sourced components keep their trained weights: initialise only the others (and the vocab).
    sourced = [name for name, comp in cfg["components"].items() if "source" in comp]
    with nlp.select_pipes(disable=sourced):
        nlp.initialize()
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def load(model: str | None = None) -> Language:
    """The pipeline named by `model` (package name or folder); None means the shipped default."""
    if model is None:
        if not (DEFAULT_MODEL / "config.cfg").is_file():
            assemble()
        model = str(DEFAULT_MODEL)
    try:
        return spacy.load(model)
    except OSError as exc:
        raise HistnerError(f"cannot load model {model!r}: {exc}") from None
