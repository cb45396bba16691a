"""The manifest of a batch folder: settings of the run and, per input file, the partitions done or failed.

It is the only record a rerun trusts. It is written atomically, and a partition enters it only after its
shard is on disk, so after a kill at any moment the manifest never claims more than exists; a partition
done but not yet recorded is simply done again (its shard is rewritten with the same content).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.inputs import InputFile
from pipeline.errors import HistnerError
from pipeline.schema import atomic_output

FORMAT = "histner-batch/1"
MANIFEST = "manifest.json"
SHARDS = "shards"


def shard_path(out_dir: Path, key: str, index: int, digest: str) -> Path:
    """Named by its input's digest too: a late write from an older run of a changed file (a task still
    running on a shared cluster) lands beside the current shard, never over it."""
    return out_dir / SHARDS / key / f"{index:06d}-{digest[:12]}.jsonl"


@dataclass
class Manifest:
    out_dir: Path
    settings: dict[str, Any]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.out_dir / MANIFEST

    @classmethod
    def open(cls, out_dir: Path, settings: dict[str, Any]) -> "Manifest":
        """The folder's manifest, or a new one; a folder made with other settings is refused."""
        path = out_dir / MANIFEST
        if not path.is_file():
            return cls(out_dir, settings)
        found = cls.load(out_dir)
        if found.settings != settings:
            theirs = ", ".join(f"{k}={v!r}" for k, v in found.settings.items())
            raise HistnerError(f"this folder holds a batch run with other settings ({theirs}); rerun with those "
                               "or use another output folder", path=path)
        return found

    @classmethod
    def load(cls, out_dir: Path) -> "Manifest":
        path = out_dir / MANIFEST
        if not path.is_file():
            raise HistnerError("no batch manifest here (not a `histner batch` output folder)", path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HistnerError(f"unreadable manifest: {exc}", path=path) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise HistnerError(f"not a {FORMAT} manifest", path=path)
        return cls(out_dir, data["settings"], data["files"])

    def save(self) -> None:
        with atomic_output(self.path) as fh:
            json.dump({"format": FORMAT, "settings": self.settings, "files": self.files}, fh,
                      ensure_ascii=False, indent=1)
            fh.write("\n")

    def start_file(self, item: InputFile) -> dict[str, Any]:
        """The file's entry, marked running: done partitions are kept, the last run's failures cleared."""
        for key, entry in self.files.items():
            if key != item.key and entry["output"] == item.output:
                raise HistnerError(f"{item.path} would be merged into {item.output}, which already belongs to "
                                   f"{entry['path']} in this folder; use another output folder")
        entry = self.files.setdefault(item.key, {"path": str(item.resolved), "output": item.output, "done": {}})
        entry.update(status="running", error=None, failed={}, partitions=None, documents=None)
        return entry

    def is_done(self, key: str, index: int, digest: str) -> bool:
        done = self.files[key]["done"].get(str(index))
        return bool(done) and done["digest"] == digest and shard_path(self.out_dir, key, index, digest).is_file()

    def partition_done(self, key: str, index: int, digest: str, documents: int, spans: int) -> None:
        old = self.files[key]["done"].get(str(index))
        if old and old["digest"] != digest:  # the input changed: its old shard is no longer anyone's
            shard_path(self.out_dir, key, index, old["digest"]).unlink(missing_ok=True)
        self.files[key]["done"][str(index)] = {"digest": digest, "documents": documents, "spans": spans}

    def partition_failed(self, key: str, index: int, problem: str) -> None:
        entry = self.files[key]
        entry["failed"][str(index)] = problem
        entry["done"].pop(str(index), None)

    def file_read(self, key: str, partitions: int, documents: int, error: str | None) -> None:
        entry = self.files[key]
        entry["partitions"], entry["documents"] = partitions, documents
        if error is not None:
            entry["status"], entry["error"] = "failed", error

    def settle(self, key: str) -> str:
        """Once a file's partitions are all back: done if every one is done, else failed."""
        entry = self.files[key]
        if entry["status"] == "running":
            complete = all(str(i) in entry["done"] for i in range(entry["partitions"]))
            entry["status"] = "done" if complete and not entry["failed"] else "failed"
        if entry["status"] == "done":  # partitions beyond the end belong to an older, longer version
            for index in [i for i in entry["done"] if int(i) >= entry["partitions"]]:
                del entry["done"][index]
        return entry["status"]

    def shard(self, key: str, index: int) -> Path:
        """The shard recorded for a done partition."""
        return shard_path(self.out_dir, key, index, self.files[key]["done"][str(index)]["digest"])
