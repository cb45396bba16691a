"""What runs on a Dask worker: the model, loaded once per worker process, and tagging one partition.

Workers keep loaded pipelines in a per-process cache, so a model is loaded on a worker's first partition
(or by `warm_model`) and reused for every later one; a worker the nanny restarts loads it again.
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from pipeline.schema import Document, atomic_output
from pipeline.tagging import tag_documents

_models: dict[str, Language] = {}


def model_for(model: str) -> Language:
    if model not in _models:
        from pipeline.model import load

        _models[model] = load(model)
    return _models[model]


def warm_model(model: str) -> int:
    """Load the model on this worker now; returns the process's resident memory in bytes."""
    import psutil

    model_for(model)
    return psutil.Process().memory_info().rss


def tag_partition(model: str, documents: list[Document], shard: str, batch_size: int = 32) -> tuple[int, int]:
    """Tag `documents` and write them to `shard` exactly as annotate writes lines; (documents, spans)."""
    nlp = model_for(model)
    n_docs = n_spans = 0
    with atomic_output(Path(shard)) as fh:
        for doc in tag_documents(nlp, documents, batch_size=batch_size):
            fh.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            n_docs += 1
            n_spans += len(doc.label)
    return n_docs, n_spans


def worker_memory() -> tuple[int, int]:
    """(resident, peak resident) bytes of this worker process."""
    import resource

    import psutil

    return psutil.Process().memory_info().rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
