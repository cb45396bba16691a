"""The gold set: reviewable annotation sources, their compilation to JSONL, projection, splits, checks."""
