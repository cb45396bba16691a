"""Loading models: the committed default is what its config assembles; configs as --model are cached."""

from __future__ import annotations

import json
import os

import pytest

from pipeline import model, paths
from pipeline.errors import HistnerError


def test_committed_default_is_what_its_config_assembles(tmp_path):
    """models/histner is rebuilt from configs/histner.cfg, models/histner-cnn and the gold train split;
    a change to any of them without `histner assemble` fails here, not silently in users' hands."""
    fresh = model.assemble(model.DEFAULT_CONFIG, tmp_path / "histner")
    committed = model.DEFAULT_MODEL
    for part in ("config.cfg", "ner/model", "ner/moves", "histner_gazetteer/entries.jsonl", "tokenizer"):
        assert (fresh / part).read_bytes() == (committed / part).read_bytes(), f"models/histner/{part} is stale"
    assert (committed / "ner/model").read_bytes() == (paths.MODELS / "histner-cnn/ner/model").read_bytes()
    meta = json.loads((committed / "meta.json").read_text(encoding="utf-8"))
    assert meta["histner"]["assembled_from"]["config"] == "configs/histner.cfg"
    assert meta["pipeline"] == ["ner", "histner_label_map", "histner_gazetteer", "histner_guideline_rules"]


def test_a_config_as_model_is_assembled_once_and_again_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(model, "ASSEMBLED", tmp_path / "assembled")
    config = tmp_path / "rules_over_stock.cfg"
    config.write_text((paths.CONFIGS / "histner_sm.cfg").read_text(encoding="utf-8"), encoding="utf-8")
    first = model.resolve(str(config))
    assert first == str(tmp_path / "assembled" / "rules_over_stock")
    stamp = os.stat(os.path.join(first, "meta.json")).st_mtime_ns
    assert model.resolve(str(config)) == first
    assert os.stat(os.path.join(first, "meta.json")).st_mtime_ns == stamp  # reused, not rebuilt
    config.write_text(config.read_text(encoding="utf-8").replace("max_tokens = 10", "max_tokens = 8"),
                      encoding="utf-8")
    model.resolve(str(config))
    assert "max_tokens = 8" in (tmp_path / "assembled" / "rules_over_stock" / "config.cfg").read_text(encoding="utf-8")
    nlp = model.load(str(config))
    assert nlp.pipe_names[-1] == "histner_guideline_rules"


def test_a_source_that_is_neither_package_nor_folder_is_named(tmp_path):
    config = tmp_path / "broken.cfg"
    config.write_text(model.DEFAULT_CONFIG.read_text(encoding="utf-8").replace(
        'source = "models/histner-cnn"', 'source = "models/no-such-model"'), encoding="utf-8")
    with pytest.raises(HistnerError, match="no-such-model") as err:
        model.assemble(config, tmp_path / "out")
    assert "broken.cfg" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_missing_config_is_an_error():
    with pytest.raises(HistnerError, match="no such config"):
        model.load("configs/no_such.cfg")
