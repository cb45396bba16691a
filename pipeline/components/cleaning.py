"""The cleaning tokenizer: repair the text, then tokenise it, keeping the map back to the input.

Registered as `histner.cleaning_tokenizer.v1` in spaCy's tokenizer registry (and exposed through the
`spacy_tokenizers` entry point), so a config says `[nlp.tokenizer] @tokenizers =
"histner.cleaning_tokenizer.v1"` and every later component sees cleaned text. The CleanedText rides
on `doc._.histner_cleaned`; `pipeline.tagging` uses it to report spans in the input's offsets.
Cleaning is idempotent, so spaCy's training (which re-tokenises `reference.text`) sees the same text.
"""

# No `from __future__ import annotations` here: spaCy validates registered functions from real type hints.
from typing import Callable, Iterable, Iterator, List

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.tagging import CLEANED_ATTR
from pipeline.text.clean import DEFAULT_STEPS, CleanedText, clean
from pipeline.text.steps import get_step

if not Doc.has_extension(CLEANED_ATTR):
    Doc.set_extension(CLEANED_ATTR, default=None)


class CleaningTokenizer:
    """Wraps a spaCy tokenizer: `clean(text, steps)` first, then the wrapped tokenizer on the result."""

    def __init__(self, tokenizer: Callable[[str], Doc], steps: List[str]) -> None:
        for name in steps:
            get_step(name)  # an unknown step fails when the pipeline is built, not on the first text
        self.tokenizer = tokenizer
        self.steps = list(steps)

    def __call__(self, text: str) -> Doc:
        cleaned: CleanedText = clean(text, self.steps)
        doc = self.tokenizer(cleaned.text)
        doc._.set(CLEANED_ATTR, cleaned)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # Serialisation belongs to the wrapped tokenizer (its rules and exceptions); the steps live in the config.
    def to_disk(self, path, *, exclude=tuple()):
        self.tokenizer.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()):
        self.tokenizer.from_disk(path, exclude=exclude)
        return self

    def to_bytes(self, *, exclude=tuple()):
        return self.tokenizer.to_bytes(exclude=exclude)

    def from_bytes(self, data, *, exclude=tuple()):
        self.tokenizer.from_bytes(data, exclude=exclude)
        return self


@registry.tokenizers("histner.cleaning_tokenizer.v1")
def create_cleaning_tokenizer(steps: List[str] = list(DEFAULT_STEPS)) -> Callable[[Language], CleaningTokenizer]:
    """spaCy's default tokenizer for the language, behind histner's cleaning steps (in this order)."""
    make_default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> CleaningTokenizer:
        return CleaningTokenizer(make_default(nlp), steps)

    return make
