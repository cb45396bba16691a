"""User-facing errors: each names the file, the line and the problem, so the CLI can print it as is."""

from __future__ import annotations

from pathlib import Path


class HistnerError(Exception):
    """An error the user can act on; the CLI prints it without a traceback and exits non-zero."""

    def __init__(self, problem: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.problem}" if where else self.problem


class InputError(HistnerError):
    """Input that cannot be read: missing, binary, not UTF-8, empty, malformed JSONL."""


class GoldError(HistnerError):
    """A gold or annotation-source file that breaks the span rules."""
