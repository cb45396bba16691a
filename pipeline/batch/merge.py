"""Joining a batch folder's shards into one `<stem>.jsonl` per completed input file.

Shards hold annotate's lines, so concatenating a file's shards in partition order gives byte for byte
the file `histner annotate` writes for it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.manifest import Manifest
from pipeline.schema import atomic_output


@dataclass
class MergeReport:
    merged: list[Path] = field(default_factory=list)
    not_merged: list[str] = field(default_factory=list)  # "input: why", one a file not complete


def merge_file(manifest: Manifest, key: str) -> Path:
    entry = manifest.files[key]
    target = manifest.out_dir / entry["output"]
    with atomic_output(target, "wb") as out:
        for index in range(entry["partitions"]):
            with manifest.shard(key, index).open("rb") as shard:
                shutil.copyfileobj(shard, out)
    return target


def merge_outputs(out_dir: Path, keys: list[str] | None = None) -> MergeReport:
    """Merge the completed files of the manifest in `out_dir` (all, or those in `keys`)."""
    manifest = Manifest.load(out_dir)
    report = MergeReport()
    for key, entry in manifest.files.items():
        if keys is not None and key not in keys:
            continue
        if entry["status"] != "done":
            why = entry["error"] or "; ".join(entry["failed"].values()) or "not finished (rerun the batch)"
            report.not_merged.append(f"{entry['path']}: not merged: {why}")
            continue
        missing = [i for i in range(entry["partitions"]) if not manifest.shard(key, i).is_file()]
        if missing:
            report.not_merged.append(f"{entry['path']}: not merged: {len(missing)} shards missing (rerun the batch)")
            continue
        report.merged.append(merge_file(manifest, key))
    return report
