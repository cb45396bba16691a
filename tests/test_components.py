"""histner's spaCy components: registered by entry points, so saved pipelines load without --code."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline import model, paths


def test_saved_default_pipeline_loads_with_plain_spacy(tmp_path):
    """A fresh interpreter that never imports `pipeline` can spacy.load the model (entry points)."""
    target = model.assemble(output=tmp_path / "m")
    code = ("import json, spacy; nlp = spacy.load(%r); "
            "d = nlp('Kim Il Sung spent almost the entire month of April 1950 in Moscow and met Stalin.'); "
            "print(json.dumps([nlp.pipe_names, [(e.text, e.label_) for e in d.ents]]))") % str(target)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    pipe_names, ents = json.loads(result.stdout)
    assert pipe_names == ["ner", "histner_label_map", "histner_gazetteer", "histner_guideline_rules"]
    assert {label for _t, label in ents} <= {"PERSON", "ORG", "LOC", "DATE"}
    assert ["Moscow", "LOC"] in ents  # GPE mapped to LOC
    assert ["Kim Il Sung", "PERSON"] in ents


def test_label_map_drops_labels_outside_the_guidelines():
    nlp = model.load(None)
    doc = nlp("The Chinese premier met 200 Soviet advisers in Beijing on July 27, 1953.")
    labels = {e.label_ for e in doc.ents}
    assert labels <= {"PERSON", "ORG", "LOC", "DATE"}
    assert "NORP" not in labels and "CARDINAL" not in labels
    assert ("Beijing", "LOC") in {(e.text, e.label_) for e in doc.ents}
