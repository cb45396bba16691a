"""Loading the tagging pipeline: a named spaCy package, a model folder, or the shipped default.

The default is described by `configs/histner_sm.cfg` and assembled into `models/histner-sm` the first
time it is needed (sourcing the pretrained components takes a few seconds); after that it is an
ordinary spaCy model folder that `spacy.load` opens without `--code`, because histner's components
are registered through entry points.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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
    # Built beside the target and renamed into place: an interrupted assembly, or several processes
    # (batch workers) assembling the default at once, never leave a half-written model at `output`.
    check_output(output)
    with work_dir_beside(output, suffix=".assembling") as work:
        nlp.to_disk(work / output.name)
        replace_dir(work / output.name, output)
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


@contextmanager
def work_dir_beside(target: Path, *, suffix: str) -> Iterator[Path]:
    """A temporary folder on the target's file system (so the final rename is atomic), always removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_output(output: Path) -> None:
    """Refuse to replace anything at `output` but a model folder (or an empty folder)."""
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / "config.cfg").is_file())):
        raise HistnerError("exists and is not a model folder; not replacing it", path=output)


def replace_dir(new: Path, target: Path) -> None:
    """Put folder `new` at `target`, replacing an existing model folder there."""
    check_output(target)
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)
