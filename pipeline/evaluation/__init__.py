"""Scoring predictions against gold, in nervaluate's stages: load → match → aggregate → report."""
