"""Text utilities that track offsets: alignments between texts, repairs, romanization keys."""
