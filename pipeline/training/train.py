"""`histner train`: convert the gold set, then train with spaCy's own training loop.

The config says everything about the pipeline; this module only feeds it data. The gold is converted
with the tokenizer of the pipeline being trained (built from the same config and overrides), written
as DocBins into a work folder beside the target, and `spacy.cli.train.train` runs with the overrides
passed through (seed from `[system]`, progress table on stdout). The best model on dev (spaCy's
`model-best`, with its `meta.json` performance) is renamed to the target only when training finished,
so a failure never leaves a half-written model where a good one was.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from thinc.api import Config

from pipeline import paths
from pipeline.errors import HistnerError
from pipeline.model import check_output, package_name, replace_dir, work_dir_beside
from pipeline.training.convert import TrainingCorpus, build_corpus, read_gold, write_corpus


@dataclass
class TrainResult:
    output: Path
    scores: dict[str, Any]  # spaCy's dev performance from meta.json
    corpus: dict[str, Any]
    seconds: float


def load_training_config(config_path: Path, overrides: dict[str, Any] | None = None) -> Config:
    """The config with overrides applied (not interpolated); a clear error when it cannot be read."""
    from spacy.util import load_config

    config_path = Path(config_path)
    if not config_path.is_file():
        raise HistnerError("no such config", path=config_path)
    try:
        return load_config(config_path, overrides=dict(overrides or {}), interpolate=False)
    except Exception as exc:  # confection raises several kinds for bad syntax or unknown override keys
        raise HistnerError(f"cannot read config: {exc}", path=config_path) from None


def tokenizer_pipeline(config: Config) -> Language:
    """A pipeline with the config's language and tokenizer but no components: its `make_doc` is what
    training will use, so gold spans are checked against the very tokens the model will see."""
    from spacy.util import load_model_from_config

    import pipeline.components  # noqa: F401  (registered functions the config may name)

    resolved = config.interpolate()
    nlp_only = Config({"nlp": {**resolved["nlp"], "pipeline": [], "disabled": []}, "components": {}})
    return load_model_from_config(nlp_only, auto_fill=True, validate=True)


def prepare_corpus(config: Config, *, gold_files: Sequence[Path] | None = None, with_transcript: bool = False,
                   misaligned: str = "error") -> TrainingCorpus:
    """Validate the gold files and make the train/dev docs with the config's tokenizer."""
    records = read_gold(list(gold_files or [paths.GOLD_ARTICLE]), with_transcript=with_transcript)
    return build_corpus(tokenizer_pipeline(config).make_doc, records, policy=misaligned)


PACKAGE_PATH_PREFIX = "pkg:"


def package_path_overrides(config: Config) -> dict[str, str]:
    """`[paths]` values written `pkg:PACKAGE/FOLDER` → overrides with that folder of the installed package.

    Lets a config name weights shipped inside a registry package (e.g. the MiniLM encoder) without
    hard-coding where site-packages is on this machine.
    """
    import importlib.util

    resolved = {}
    for key, value in dict(config.get("paths", {})).items():
        if not (isinstance(value, str) and value.startswith(PACKAGE_PATH_PREFIX)):
            continue
        package, _, folder = value[len(PACKAGE_PATH_PREFIX):].partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            raise HistnerError(f"paths.{key} names package {package!r}, which is not installed "
                               f"(see README: the trf extra)")
        path = Path(spec.origin).parent / folder
        if not path.exists():
            raise HistnerError(f"paths.{key}: {path} does not exist in package {package!r}")
        resolved[f"paths.{key}"] = str(path)
    return resolved


def run_spacy_training(config_path: Path, config: Config, train_path: Path, dev_path: Path, output_dir: Path,
                       overrides: dict[str, Any] | None = None) -> Path:
    """spaCy's training on the given DocBins; returns the `model-best` folder. `config` is the file
    already read with `overrides` (for its `pkg:` paths); spaCy reads the file itself again."""
    from spacy.cli.train import train as spacy_train

    import pipeline.components.lookups  # noqa: F401  (histner.source_lookups.v1 for [initialize.lookups])

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # weights come from installed packages, never a hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    overrides = dict(overrides or {})
    package_paths = package_path_overrides(config)
    all_overrides = {**package_paths, **overrides, "paths.train": str(train_path), "paths.dev": str(dev_path)}
    try:
        spacy_train(config_path, output_dir, use_gpu=-1, overrides=all_overrides)
    except SystemExit as exc:  # spaCy's CLI helpers exit on config errors after printing why
        if isinstance(exc.code, int) and exc.code >= 128:
            raise  # stopped by a signal (SIGTERM): not a training error
        if exc.code not in (0, None):
            raise HistnerError(f"spaCy training failed (exit {exc.code}); see its messages above",
                               path=config_path) from None
    best = output_dir / "model-best"
    if not (best / "meta.json").is_file():
        raise HistnerError("spaCy training produced no model-best (no evaluation on dev ran?)", path=config_path)
    return best


def train_model(config_path: Path, output: Path, *, gold_files: Sequence[Path] | None = None,
                with_transcript: bool = False, overrides: dict[str, Any] | None = None,
                misaligned: str = "error", corpus_dir: Path | None = None) -> TrainResult:
    """Train the pipeline of `config_path` on the gold set and save the best model on dev at `output`.

    `corpus_dir` with ready `train.spacy`/`dev.spacy` (from `histner train-convert`) skips conversion.
    """
    config_path, output = Path(config_path), Path(output)
    config = load_training_config(config_path, overrides)
    check_output(output)
    if corpus_dir is not None:
        corpus_dir = Path(corpus_dir)
        for name in ("train.spacy", "dev.spacy"):
            if not (corpus_dir / name).is_file():
                raise HistnerError(f"no {name} here (run histner train-convert first)", path=corpus_dir)
        corpus_summary = json.loads((corpus_dir / "corpus.json").read_text()) if (corpus_dir / "corpus.json").is_file() else {}
    else:
        corpus = prepare_corpus(config, gold_files=gold_files, with_transcript=with_transcript, misaligned=misaligned)
        corpus_summary = corpus.summary()
    started = time.monotonic()
    with work_dir_beside(output, suffix=".training") as work:
        if corpus_dir is None:
            train_path, dev_path = write_corpus(corpus, work / "corpus")
        else:
            train_path, dev_path = corpus_dir / "train.spacy", corpus_dir / "dev.spacy"
        best = run_spacy_training(config_path, config, train_path, dev_path, work / "spacy", overrides)
        seconds = time.monotonic() - started
        meta_path = best / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["name"] = package_name(output)
        meta["histner"] = {
            "config": paths.project_relative(config_path),
            "overrides": dict(overrides or {}),
            "gold": ([paths.project_relative(p) for p in (gold_files or [paths.GOLD_ARTICLE])]
                     if corpus_dir is None else paths.project_relative(corpus_dir)),
            "with_transcript": with_transcript,
            "misaligned_policy": misaligned,
            "corpus": corpus_summary,
            "training_seconds": round(seconds, 1),
            "trained": time.strftime("%Y-%m-%d"),
        }
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        replace_dir(best, output)
    return TrainResult(output, meta.get("performance", {}), corpus_summary, seconds)


def convert_gold(config_path: Path, out_dir: Path, *, gold_files: Sequence[Path] | None = None,
                 with_transcript: bool = False, overrides: dict[str, Any] | None = None,
                 misaligned: str = "error") -> dict[str, Any]:
    """Write `train.spacy`, `dev.spacy` and a `corpus.json` summary to `out_dir` (for workflows)."""
    from pipeline.schema import atomic_output

    config = load_training_config(Path(config_path), overrides)
    corpus = prepare_corpus(config, gold_files=gold_files, with_transcript=with_transcript, misaligned=misaligned)
    write_corpus(corpus, Path(out_dir))
    summary = {**corpus.summary(), "misaligned": [m.describe() for m in corpus.misaligned]}
    with atomic_output(Path(out_dir) / "corpus.json") as fh:
        fh.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary
