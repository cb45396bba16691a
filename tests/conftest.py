"""Shared fixtures: the real corpus texts and gold files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import paths


@pytest.fixture(scope="session")
def article_text() -> str:
    return paths.RAW_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def transcript_text() -> str:
    return paths.RAW_TRANSCRIPT.read_text(encoding="utf-8")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def article_gold() -> list[dict]:
    return load_jsonl(paths.GOLD_ARTICLE)


@pytest.fixture(scope="session")
def transcript_gold() -> list[dict]:
    return load_jsonl(paths.GOLD_TRANSCRIPT)


def histner_cmd() -> list[str]:
    """The installed console script, as a user runs it."""
    exe = shutil.which("histner", path=str(Path(sys.executable).parent))
    assert exe, "the histner console script is not installed beside this Python"
    return [exe]


def run_histner(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*histner_cmd(), *args], capture_output=True, text=True, cwd=cwd, timeout=600)
