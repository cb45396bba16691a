"""histner: named entities (PERSON, ORG, LOC, DATE) in damaged historical texts on Korea and the Cold War."""

__version__ = "0.1.0"

LABELS: tuple[str, ...] = ("PERSON", "ORG", "LOC", "DATE")
