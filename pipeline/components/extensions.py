"""`Token._.mr_key` and `Span._.mr_key`: one key for the spelling variants of a romanized name.

Registered when `pipeline.components` is imported (spaCy imports it through the entry points before it
builds any histner component), so every later component can compare `P yŏngyang` with `P'yŏngyang`.
"""

from spacy.tokens import Span, Token

from pipeline.text.romanization import mr_key


def _span_key(span: Span) -> str:
    return mr_key(span.text)


def _token_key(token: Token) -> str:
    return mr_key(token.text)


def register_extensions() -> None:
    """Idempotent: a second import (or a reloaded model) finds them in place."""
    if not Token.has_extension("mr_key"):
        Token.set_extension("mr_key", getter=_token_key)
    if not Span.has_extension("mr_key"):
        Span.set_extension("mr_key", getter=_span_key)
