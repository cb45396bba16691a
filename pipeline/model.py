"""Loading the tagging pipeline: a named spaCy package, a model folder, a config, or the shipped default.

The shipped default is `models/histner` (committed), assembled from `configs/histner.cfg`: the trained
NER of `models/histner-cnn` with the gazetteer and guideline rules. A config given as the model
(`--model configs/histner_sm.cfg`) is assembled once into `models/.assembled/NAME` and reassembled only
when the config changes. Saved pipelines are ordinary spaCy folders that `spacy.load` opens without
`--code`, because histner's components are registered through entry points.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline import paths
from pipeline.errors import HistnerError
from pipeline.schema import file_sha256

DEFAULT_CONFIG = paths.CONFIGS / "histner.cfg"
DEFAULT_MODEL = paths.MODELS / "histner"
ASSEMBLED = paths.MODELS / ".assembled"


def assemble(config: Path = DEFAULT_CONFIG, output: Path = DEFAULT_MODEL) -> Path:
    """Build a pipeline from a config (sourcing trained components) and save it to `output`.

    A `source` that is not an installed package is a model folder relative to the project, so the
    same config assembles from any working directory.
    """
    from spacy.util import is_package, load_config, load_model_from_config

    import pipeline.components.lookups  # noqa: F401  (registers histner.source_lookups.v1)

    if not config.is_file():
        raise HistnerError("no such config", path=config)
    cfg = load_config(config)
    for name, comp in cfg["components"].items():
        source = comp.get("source")
        if source and not is_package(source) and not Path(source).is_absolute():
            if not (paths.ROOT / source).is_dir():
                raise HistnerError(f"component {name!r}: source {source!r} is neither an installed package "
                                   f"nor a model folder in {paths.ROOT}", path=config)
            comp["source"] = str(paths.ROOT / source)
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    # Sourced components keep their trained weights: initialise only the others (and the vocab).
    sourced = [name for name, comp in cfg["components"].items() if "source" in comp]
    with nlp.select_pipes(disable=sourced):
        nlp.initialize()
    nlp.meta["name"] = package_name(output)
    nlp.meta.setdefault("histner", {})["assembled_from"] = {"config": paths.project_relative(config),
                                                           "sha256": file_sha256(config)}
    # Built beside the target and renamed into place: an interrupted assembly, or several processes
    # (batch workers) assembling at once, never leave a half-written model at `output`.
    check_output(output)
    with work_dir_beside(output, suffix=".assembling") as work:
        nlp.to_disk(work / output.name)
        replace_dir(work / output.name, output)
    return output


def resolve(model: str | None) -> str:
    """What `spacy.load` should open for `model`: a package name or a folder; configs are assembled first."""
    if model is None:
        if not (DEFAULT_MODEL / "config.cfg").is_file():
            assemble()
        return str(DEFAULT_MODEL)
    if model.endswith(".cfg"):
        config = Path(model)
        target = ASSEMBLED / config.stem
        if not config.is_file():
            raise HistnerError("no such config", path=config)
        if _assembled_sha256(target) != file_sha256(config):
            assemble(config, target)
        return str(target)
    return model


def load(model: str | None = None) -> Language:
    """The pipeline named by `model` (package name, folder or config); None means the shipped default."""
    name = resolve(model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise HistnerError(f"cannot load model {model!r}: {exc}") from None


def package_name(folder: Path) -> str:
    """The meta.json name of a model saved at `folder` (`histner-cnn` → `histner_cnn`), as `spacy package`
    needs it; spaCy's own default is "pipeline"."""
    return folder.name.replace("-", "_")


def _assembled_sha256(folder: Path) -> str | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("histner", {}).get("assembled_from", {}).get("sha256")


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
