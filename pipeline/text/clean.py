"""`clean(text)`: run the repair steps in order and keep an exact map back to the original text.

The result holds the cleaned text, the original, the offset map (`to_original` for spans found in the
cleaned text, `to_cleaned` for putting original spans onto it), every repair made (for `--explain`),
and the footnote references taken out of the flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.text.offsets import Edit, OffsetMap, Repair
from pipeline.text.steps import get_step

# The default order: characters first (later steps see normalised text), then page furniture, then
# words. Each name is a registered step (pipeline/text/repairs).
DEFAULT_STEPS: tuple[str, ...] = (
    "unicode.v1",
    "footnote_refs.v1",  # before layout: a marker must not hide a heading at a line start
    "web_boilerplate.v1",
    "running_headers.v1",
    "hyphenation.v1",
    "joined_compounds.v1",
    "dropped_apostrophes.v1",
    "mr_vowels.v1",  # before the aspiration mark: `P yöngyang` is an MR word only once `ö` is `ŏ`
    "mr_aspiration.v1",
    "mr_apostrophe.v1",
)

FOOTNOTE_STEP = "footnote_refs.v1"


@dataclass
class CleanedText:
    """Cleaned text with its original and the map between them."""

    text: str
    original: str
    offsets: OffsetMap
    repairs: list[Repair] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the cleaned span [start, end)."""
        return self.offsets.to_original(start, end)

    def to_cleaned(self, start: int, end: int) -> tuple[int, int] | None:
        """Cleaned offsets of the original span [start, end); None if cleaning removed all of it."""
        return self.offsets.to_cleaned(start, end)

    @property
    def footnotes(self) -> list[Repair]:
        """Footnote reference markers taken out of the text, at their original offsets."""
        return [r for r in self.repairs if r.step == FOOTNOTE_STEP]


def clean(text: str, steps: Sequence[str] = DEFAULT_STEPS) -> CleanedText:
    """Apply the named steps in order; each sees the previous one's output."""
    current, offsets, repairs = text, OffsetMap.identity(len(text)), []
    for name in steps:
        edits = sorted(Edit(*e) for e in get_step(name)(current))
        edits = [e for e in edits if current[e.start:e.end] != e.replacement]
        if not edits:
            continue
        repairs.extend(offsets.repair(name, text, e) for e in edits)
        current, offsets = offsets.apply(current, edits)
    return CleanedText(current, text, offsets, repairs)
