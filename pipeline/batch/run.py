"""Driving a batch run: a Dask cluster, partitions streamed to it with bounded look-ahead, the manifest.

The client is the only writer of the manifest; workers write shards. At most a few partitions per
worker are in flight, so the client's memory stays flat however large the archive is. Dask reschedules
the partitions of a worker that dies; one that kills workers repeatedly is recorded as failed.
"""

from __future__ import annotations

import fcntl
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.batch.inputs import (FileRead, InputFile, Partition, estimate_documents, expand_inputs,
                                   read_partitions)
from pipeline.batch.manifest import SHARDS, Manifest, shard_path
from pipeline.batch.merge import merge_outputs
from pipeline.batch.worker import tag_partition, warm_model, worker_memory
from pipeline.errors import HistnerError

SAVE_EVERY = 0.5  # seconds between manifest writes; a kill loses at most this much bookkeeping


@dataclass
class BatchReport:
    workers: int
    dashboard: str | None
    documents: int = 0  # tagged in this run
    spans: int = 0
    partitions: int = 0
    skipped_partitions: int = 0  # done by an earlier run
    skipped_documents: int = 0
    files_done: list[str] = field(default_factory=list)
    files_failed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file[:line]: problem", one a failure
    merged: list[Path] = field(default_factory=list)
    worker_memory: dict[str, tuple[int, int]] = field(default_factory=dict)  # address → (rss, peak rss)
    seconds: float = 0.0  # from the first partition sent to the last one back (model already loaded)

    @property
    def ok(self) -> bool:
        return not self.problems


def resolved_model(model: str | None, *, check: bool = True) -> str:
    """The model as workers load it: the default or a config is assembled here once, not by every
    worker; with `check`, a model that is neither a folder nor an installed package is refused before any work."""
    from spacy.util import is_package

    from pipeline.model import resolve

    name = resolve(model)
    if check and not Path(name).is_dir() and not is_package(name):
        raise HistnerError(f"no such model: {model!r} is neither a model folder, a config nor an installed spaCy package")
    return name


@contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """One run at a time in a folder; the lock dies with the process, so a killed run never blocks."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HistnerError("another histner batch is running in this folder", path=out_dir) from None
        yield


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at `scheduler` (left as it is), or of a new local one with `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise HistnerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=60)
            except TimeoutError:
                raise HistnerError(f"the Dask cluster at {scheduler} has no workers") from None
            yield client
        return
    # One thread a worker: tagging holds the GIL, so processes are the unit of parallelism.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        yield client


def failure_text(exc: BaseException) -> str:
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return "the workers tagging it died repeatedly (out of memory?)"
    if isinstance(exc, HistnerError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def run_batch(inputs: list[str], out_dir: Path, *, workers: int = 2, scheduler: str | None = None,
              model: str | None = None, by_line: bool = False, partition_size: int = 200, merge: bool = False,
              batch_size: int = 32, announce: Callable[[str], None] = lambda _: None,
              show_progress: bool = True) -> BatchReport:
    """Tag every document of `inputs` into shards under `out_dir`, skipping partitions already done."""
    if partition_size < 1 or workers < 1:
        raise HistnerError("--partition-size and --workers must be at least 1")
    out_dir = Path(out_dir).resolve()
    files = expand_inputs(inputs)
    for item in files:
        if item.resolved == out_dir / item.output:
            raise HistnerError("merging would overwrite this input; choose another output folder", path=item.path)
    settings = {"by_line": by_line, "partition_size": partition_size, "model": model}
    with exclusive(out_dir):
        manifest = Manifest.open(out_dir, settings)
        for stale in (out_dir / SHARDS).glob("*/.*.part"):  # left by a worker killed mid-write
            stale.unlink(missing_ok=True)
        model_name = resolved_model(model, check=scheduler is None)  # a remote cluster may have models we lack
        with dask_client(scheduler, workers) as client:
            addresses = list(client.scheduler_info(n_workers=-1)["workers"])
            report = BatchReport(len(addresses), client.dashboard_link)
            announce(f"Dask: {report.workers} workers, scheduler {client.scheduler.address}"
                     + (f", dashboard {report.dashboard}" if report.dashboard else ""))
            warm = [client.submit(warm_model, model_name, workers=[a], allow_other_workers=False, pure=False)
                    for a in addresses]
            try:
                client.gather(warm)
            except Exception as exc:  # noqa: BLE001 - any load failure stops the run before any work
                raise HistnerError(f"the workers cannot load the model: {failure_text(exc)}") from None
            _Stream(client, manifest, files, report, model_name=model_name, by_line=by_line,
                    partition_size=partition_size, batch_size=batch_size).run(show_progress)
            report.worker_memory = {a: tuple(m) for a, m in client.run(worker_memory).items()}
        if merge:
            merged = merge_outputs(out_dir, keys=[f.key for f in files])
            report.merged = merged.merged
    return report


class _Stream:
    """One pass over the inputs: send partitions as workers free up, record each one that comes back, and
    settle a file (done or failed) once it has been read to the end and all its partitions are back."""

    def __init__(self, client: Any, manifest: Manifest, files: list[InputFile], report: BatchReport, *,
                 model_name: str, by_line: bool, partition_size: int, batch_size: int) -> None:
        self.client, self.manifest, self.report = client, manifest, report
        self.model_name, self.batch_size = model_name, batch_size
        self.events = read_partitions(files, by_line=by_line, size=partition_size)
        self.estimate = estimate_documents(files, by_line=by_line)
        self.limit = 2 * report.workers + 2  # enough to keep workers busy, few enough to keep memory flat
        self.run_id = uuid.uuid4().hex[:8]
        self.pending: dict[Any, Partition] = {}
        self.outstanding = {item.key: 0 for item in files}
        self.read_complete: set[str] = set()
        self.documents_seen = 0
        for item in files:
            manifest.start_file(item)

    def fill(self, advance: Callable[[int], None]) -> bool:
        """Read and send until `limit` partitions are in flight; False once the inputs are exhausted."""
        while len(self.pending) < self.limit:
            event = next(self.events, None)
            if event is None:
                return False
            if isinstance(event, FileRead):
                self.file_read(event)
            elif self.manifest.is_done(event.file.key, event.index, event.digest):
                self.documents_seen += len(event.documents)
                self.report.skipped_partitions += 1
                self.report.skipped_documents += len(event.documents)
                advance(len(event.documents))
            else:
                self.documents_seen += len(event.documents)
                self.send(event)
        return True

    def send(self, part: Partition) -> None:
        shard = shard_path(self.manifest.out_dir, part.file.key, part.index, part.digest)
        future = self.client.submit(tag_partition, self.model_name, part.documents, str(shard), self.batch_size,
                                    key=f"histner-tag-{part.file.key}-{part.index:06d}-{self.run_id}")
        self.pending[future] = part
        self.outstanding[part.file.key] += 1

    def file_read(self, event: FileRead) -> None:
        error = event.error.message if event.error else None
        self.manifest.file_read(event.file.key, event.partitions, event.documents, error)
        if error:
            self.report.problems.append(error)
        self.read_complete.add(event.file.key)
        self.settle_if_complete(event.file)

    def collect(self, advance: Callable[[int], None]) -> None:
        """Wait for at least one partition in flight and record every one that has finished."""
        from distributed import wait

        finished, _ = wait(list(self.pending), return_when="FIRST_COMPLETED")
        for future in finished:
            part = self.pending.pop(future)
            key = part.file.key
            if future.status == "finished":
                n_docs, n_spans = future.result()
                self.manifest.partition_done(key, part.index, part.digest, n_docs, n_spans)
                self.report.partitions += 1
                self.report.documents += n_docs
                self.report.spans += n_spans
            else:  # an error in the task, a partition that kept killing workers, or a lost cluster
                problem = ("cancelled (the cluster went away?)" if future.cancelled()
                           else failure_text(future.exception()))
                self.manifest.partition_failed(key, part.index, problem)
                self.report.problems.append(f"{part.file.path}: documents {part.documents[0].id} … "
                                            f"{part.documents[-1].id}: {problem}")
            future.release()
            advance(len(part.documents))
            self.outstanding[key] -= 1
            self.settle_if_complete(part.file)

    def settle_if_complete(self, item: InputFile) -> None:
        if item.key not in self.read_complete or self.outstanding[item.key]:
            return
        status = self.manifest.settle(item.key)
        (self.report.files_done if status == "done" else self.report.files_failed).append(str(item.path))

    def run(self, show_progress: bool) -> None:
        columns = (TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                   TimeElapsedColumn())
        started = last_save = time.monotonic()
        try:
            with Progress(*columns, transient=True, disable=not show_progress) as progress:
                bar = progress.add_task("batch", total=self.estimate or None)
                advance = lambda n: progress.advance(bar, n)  # noqa: E731
                reading = True
                while True:
                    if reading and not (reading := self.fill(advance)):
                        progress.update(bar, total=self.documents_seen)  # the estimate made exact
                    if not self.pending:
                        break
                    self.collect(advance)
                    if time.monotonic() - last_save >= SAVE_EVERY:
                        self.manifest.save()
                        last_save = time.monotonic()
        finally:  # also on Ctrl-C: only partitions whose shards are on disk are recorded, so saving is safe
            self.report.seconds = time.monotonic() - started
            self.manifest.save()
