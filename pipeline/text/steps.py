"""The registry of cleaning steps: small named `str → edits` functions, looked up by versioned name.

A step reads the whole text it is given and proposes sorted, non-overlapping `Edit`s; it never builds
the new string itself, so `clean` can compose any sequence of steps and keep the offset map exact.
Names carry a version (`dropped_apostrophes.v1`): a config that names a step keeps its behaviour when
a better `v2` is added beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.errors import HistnerError
from pipeline.text.offsets import Edit

Step = Callable[[str], Iterable[Edit]]
STEPS: dict[str, Step] = {}


def step(name: str) -> Callable[[Step], Step]:
    """Register a cleaning step under `name`."""

    def register(func: Step) -> Step:
        if name in STEPS:
            raise ValueError(f"cleaning step {name!r} registered twice")
        STEPS[name] = func
        return func

    return register


def get_step(name: str) -> Step:
    import pipeline.text.repairs  # noqa: F401  (registers the built-in steps)

    try:
        return STEPS[name]
    except KeyError:
        raise HistnerError(f"unknown cleaning step {name!r}; known: {', '.join(sorted(STEPS))}") from None
