"""histner_gazetteer: train names only, matched in any MR spelling variant, saved inside the model."""

from __future__ import annotations

import json
import subprocess
import sys

import spacy

from pipeline import model
from pipeline.components.gazetteer import (Gazetteer, build_entries, entries_from_gold, make_gazetteer_wins,
                                          make_longest_wins)
from pipeline.schema import Document
from pipeline.text.romanization import mr_key


def split_keys(gold: list[dict], split: str) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for d in gold:
        if d["meta"]["split"] == split:
            for s, e, label in d["label"]:
                keys.setdefault(mr_key(d["text"][s:e]), set()).add(label)
    return keys


def gazetteer_from_train(merge=make_gazetteer_wins) -> Gazetteer:
    gaz = Gazetteer("histner_gazetteer", merge(), max_tokens=10)
    gaz.initialize(entries=entries_from_gold())
    return gaz


def test_entries_come_from_the_train_split_only(article_gold, transcript_gold):
    gold = article_gold + transcript_gold
    train = split_keys(gold, "train")
    entries = entries_from_gold()
    assert len(entries) > 200
    full = [e for e in entries if not e["part"]]
    assert all(e["key"] in train and e["label"] in train[e["key"]] for e in full)
    # surname entries (D7) are words of train PERSON names
    train_person_words = {mr_key(w) for d in gold if d["meta"]["split"] == "train"
                          for s, e, label in d["label"] if label == "PERSON"
                          for w in d["text"][s:e].replace(",", " ").split()}
    assert all(e["key"] in train_person_words and e["label"] == "PERSON" for e in entries if e["part"])
    # names of the dev split that train never mentions are unknown to the gazetteer
    dev_only = set(split_keys(gold, "dev")) - set(train)
    assert mr_key("Hoeryŏng") in dev_only and mr_key("Terentii Shtykov") in dev_only
    assert not dev_only & {e["key"] for e in full}


def test_unsafe_entries_are_filtered(article_gold):
    keys = {e["key"]: e for e in entries_from_gold()}
    assert "taean" not in keys  # gold has it as LOC (Tae'an work system) and as ORG (D31): ambiguous
    assert mr_key("Worker") not in keys  # an ordinary English word (D34's gloss)
    assert keys[mr_key("Kim")]["label"] == "PERSON"  # romanized Korean is kept although frequent
    assert keys[mr_key("DPRK")]["shape"] == "upper"
    docs = [Document("x", "Agov met Yi in P'yŏngyang", [[0, 4, "PERSON"], [9, 11, "PERSON"], [15, 25, "LOC"]])]
    assert {e.key for e in build_entries(docs)} == {"akov", "pyongyang"}  # `Yi`: shorter than 3


def test_a_train_spelling_matches_its_variants():
    nlp = spacy.blank("en")
    gaz = gazetteer_from_train()
    for text, name in [("the 1949 memoirs of Kim Ilsŏng were", "Kim Ilsŏng"),
                       ("KIM IL-SUNG SPEAKS", "KIM IL-SUNG"),
                       ("speech by Kim Il-sung in", "Kim Il-sung"),
                       ("arrived in P yŏngyang on", "P yŏngyang"),
                       ("arrived in Pyongyang on", "Pyongyang")]:
        doc = gaz(nlp(text))
        assert [(e.text) for e in doc.ents if e.label_ in ("PERSON", "LOC")] == [name], text


def test_case_shape_guards_common_words():
    nlp = spacy.blank("en")
    gaz = gazetteer_from_train()
    doc = gaz(nlp("let us see what the kim said"))  # `us` is no `US`; lower-case `kim` no name
    assert list(doc.ents) == []


def test_gazetteer_wins_over_the_entities_it_overlaps():
    nlp = spacy.blank("en")
    gaz = gazetteer_from_train()
    doc = nlp("the CPVA crossed the Yalu River near Sinŭiju")
    doc.ents = [spacy.tokens.Span(doc, 1, 2, label="LOC")]  # a wrong NER label
    assert [(e.text, e.label_) for e in gaz(doc).ents][0] == ("CPVA", "ORG")


def test_longest_wins_keeps_new_full_names_and_still_fixes_labels():
    """On text outside the article a train surname (`Kim`) or a name's tail (`Party of South Korea`)
    must not cut the NER's longer entity (probe L21, L41); a same-length match still fixes the label."""
    nlp = spacy.blank("en")
    gaz = gazetteer_from_train(make_longest_wins)
    text = "boycotted by the left and by Kim Ku. The National Assembly chose Syngman Rhee"
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index("Kim Ku"), text.index("Kim Ku") + 6, label="PERSON")]
    assert ("Kim Ku", "PERSON") in [(e.text, e.label_) for e in gaz(doc).ents]
    assert ("Kim", "PERSON") in [(e.text, e.label_) for e in gazetteer_from_train()(nlp(text)).ents]  # the old policy cut it
    text = "leaders of the Workers' Party of South Korea were tried"
    doc = nlp(text)
    start = text.index("Workers")
    doc.ents = [doc.char_span(start, text.index(" were"), label="ORG")]
    assert [(e.text, e.label_) for e in gaz(doc).ents] == [("Workers' Party of South Korea", "ORG")]
    doc = nlp("the CPVA crossed the Yalu River near Sinŭiju")
    doc.ents = [spacy.tokens.Span(doc, 1, 2, label="LOC")]
    assert [(e.text, e.label_) for e in gaz(doc).ents][0] == ("CPVA", "ORG")


def test_saved_model_round_trips_without_importing_pipeline(tmp_path):
    """Entries live in the model folder; a fresh interpreter loads it through entry points only."""
    target = model.assemble(output=tmp_path / "m")
    stored = (target / "histner_gazetteer" / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(stored) == len(entries_from_gold())
    code = ("import json, spacy; nlp = spacy.load(%r); "
            "d = nlp('Kim Ilsŏng and the KWP met in P yŏngyang.'); "
            "print(json.dumps([nlp.pipe_names, len(nlp.get_pipe('histner_gazetteer').entries), "
            "[(e.text, e.label_) for e in d.ents]]))") % str(target)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pipe_names, n_entries, ents = json.loads(result.stdout)
    assert pipe_names[-2:] == ["histner_gazetteer", "histner_guideline_rules"]
    assert n_entries == len(stored)
    assert ["Kim Ilsŏng", "PERSON"] in ents and ["KWP", "ORG"] in ents and ["P'yŏngyang", "LOC"] in ents  # the cleaning tokenizer repaired it
