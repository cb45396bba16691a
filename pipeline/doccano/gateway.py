"""The one place that speaks HTTP to doccano (through doccano-client 1.2.8).

Everything doccano can throw — refused connections, HTTP errors, failed background jobs — leaves
this module as a `DoccanoError` whose message says what happened and what to do, so the CLI can print
it and exit non-zero.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError
from doccano_client.models.task_status import TaskStatus
from doccano_client.repositories.data_download import DataDownloadRepository
from doccano_client.repositories.data_upload import DataUploadRepository
from doccano_client.repositories.task_status import TaskStatusRepository

from pipeline import LABELS
from pipeline.errors import HistnerError

PROJECT_TYPE = "SequenceLabeling"
LABEL_STYLE = {  # colour and keyboard shortcut in the annotation view
    "PERSON": ("#E76F51", "p"),
    "ORG": ("#2A9D8F", "o"),
    "LOC": ("#8AB17D", "l"),
    "DATE": ("#E9C46A", "d"),
}


class DoccanoError(HistnerError):
    """doccano cannot do what was asked: not running, login refused, project missing, job failed."""


class ServerGone(DoccanoError):
    """No server answers (never started, or stopped while we were talking to it)."""


class ProjectMissing(DoccanoError):
    """No project of that name on the server."""


def answers(url: str, timeout: float = 2.0) -> bool:
    """True if doccano's API gives any HTTP answer (an unauthenticated 403 counts)."""
    try:
        return requests.get(f"{url.rstrip('/')}/v1/projects", timeout=timeout).status_code < 500
    except requests.RequestException:
        return False


def _detail(exc: DoccanoAPIError) -> str:
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + "…"


class Gateway:
    """A logged-in session with one doccano server."""

    def __init__(self, url: str, username: str, password: str, credentials_source: str = "") -> None:
        self.url = url.rstrip("/")
        self.username = username
        self._client = DoccanoClient(self.url)
        with self._translate("logging in"):
            try:
                self._client.login(username, password)
            except DoccanoAPIError as exc:
                if exc.response is not None and exc.response.status_code in (400, 401, 403):
                    where = f" (credentials from {credentials_source})" if credentials_source else ""
                    raise DoccanoError(f"doccano at {self.url} refused the login for user {username!r}: "
                                       f"wrong user name or password{where}") from None
                raise

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        try:
            yield
        except DoccanoError:
            raise
        except requests.ConnectionError:
            raise ServerGone(f"no doccano server answers at {self.url} ({action}); "
                             f"start one with `histner doccano serve`") from None
        except requests.Timeout:
            raise ServerGone(f"doccano at {self.url} did not answer in time ({action})") from None
        except DoccanoAPIError as exc:
            raise DoccanoError(f"doccano at {self.url} answered HTTP {exc.response.status_code} "
                               f"while {action}: {_detail(exc)}") from None

    # ------------------------------------------------------------ projects and labels

    def find_project(self, name: str) -> int:
        """The id of the project called `name`; a clear error listing the projects if there is none."""
        with self._translate(f"looking up project {name!r}"):
            projects = list(self._client.list_projects())
        for project in projects:
            if project.name == name:
                if project.project_type != PROJECT_TYPE:
                    raise DoccanoError(f"doccano project {name!r} is a {project.project_type} project, "
                                       f"not {PROJECT_TYPE}")
                return int(project.id)
        known = ", ".join(sorted(repr(p.name) for p in projects)) or "none"
        raise ProjectMissing(f"no doccano project named {name!r} at {self.url} (projects: {known})")

    def ensure_project(self, name: str) -> int:
        """Find or create the sequence-labelling project `name` and give it the four labels."""
        try:
            project_id = self.find_project(name)
        except ProjectMissing:
            with self._translate(f"creating project {name!r}"):
                project = self._client.create_project(
                    name, project_type=PROJECT_TYPE,
                    description="histner pre-annotations (PERSON, ORG, LOC, DATE) for correction",
                    collaborative_annotation=True,  # every annotator sees the pre-annotations
                    allow_overlapping=False, grapheme_mode=False)
            project_id = int(project.id)
        self.ensure_labels(project_id)
        return project_id

    def ensure_labels(self, project_id: int) -> None:
        with self._translate("creating the labels"):
            have = {lt.text for lt in self._client.list_label_types(project_id, "span")}
            for label in LABELS:
                if label not in have:
                    colour, key = LABEL_STYLE[label]
                    self._client.create_label_type(project_id, "span", label, suffix_key=key, color=colour)



    # ------------------------------------------------------------ data

    def upload(self, project_id: int, records: Sequence[dict[str, Any]], batch_size: int = 500,
               progress: Callable[[int, int], None] | None = None) -> int:
        """Upload JSONL records (text, label, meta columns) in batches; each batch is one doccano import job.

        Spans become annotations of the logged-in user. If the server stops part-way, the error says
        how many documents were already stored.
        """
        done, total = 0, len(records)
        with tempfile.TemporaryDirectory(prefix="histner-push-") as tmp:
            for first in range(0, total, batch_size):
                batch = records[first:first + batch_size]
                path = Path(tmp) / f"batch-{first // batch_size + 1:05d}.jsonl"
                path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
                try:
                    with self._translate("uploading"):
                        status = self._import(project_id, path)
                except ServerGone:
                    if done == 0:
                        raise
                    raise ServerGone(f"the doccano server at {self.url} stopped answering during the upload: "
                                     f"{done} of {total} documents were stored before it stopped") from None
                problems = status.error
                if not problems and isinstance(status.result, dict):
                    problems = status.result.get("error")
                if problems:
                    raise DoccanoError(f"doccano rejected the upload after {done} of {total} documents: "
                                       f"{str(problems)[:300]}")
                done += len(batch)
                if progress:
                    progress(done, total)
        return done

    def _import(self, project_id: int, path: Path) -> TaskStatus:
        """Upload one file and run doccano's import job on it, saying the encoding.

        `DoccanoClient.upload` leaves the encoding to doccano's chardet guess, which reads a small
        UTF-8 file with `®` or `ŏ` as Latin-1 (mojibake, found by the round-trip test). The client's
        repositories accept the `encoding` option, so we drive them directly; 1.2.8 is pinned.
        """
        uploads = DataUploadRepository(self._client._base_repository)
        upload_id = uploads.upload(str(path))
        task_id = uploads.ingest(project_id, [upload_id], PROJECT_TYPE, "JSONL", column_data="text",
                                 column_label="label", encoding="utf_8")
        return self._wait(task_id)

    def _wait(self, task_id: str, timeout: float = 3600.0) -> TaskStatus:
        """Poll a background job every 0.2 s (the client's own wait sleeps a whole second per poll)."""
        statuses = TaskStatusRepository(self._client._base_repository)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = statuses.get(task_id)
            if status.ready:
                return status
            time.sleep(0.2)
        raise DoccanoError(f"doccano's background job {task_id} did not finish within {timeout:.0f} s; "
                           f"is the task worker running? (`histner doccano status`)")

    def export(self, project_id: int) -> list[dict[str, Any]]:
        """Every example of the project with all its spans, from doccano's JSONL export job."""
        with tempfile.TemporaryDirectory(prefix="histner-pull-") as tmp:
            with self._translate("exporting"):
                downloads = DataDownloadRepository(self._client._base_repository)
                option = downloads.find_option_by_name(project_id, "JSONL")
                task_id = downloads.schedule_download(project_id, option, only_approved=False)
                status = self._wait(task_id)
                if status.error:
                    raise DoccanoError(f"doccano's export job failed: {str(status.error)[:300]}")
                zip_path = downloads.download(project_id, task_id, tmp)
            with zipfile.ZipFile(zip_path) as archive:
                names = archive.namelist()
                if names != ["all.jsonl"]:
                    raise DoccanoError(f"doccano's export holds {names}, not one all.jsonl: is the project "
                                       f"collaborative? (create projects with `histner doccano push`)")
                raw = archive.read("all.jsonl").decode("utf-8")
        return [json.loads(line) for line in io.StringIO(raw) if line.strip()]
