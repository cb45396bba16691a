"""Where the project's files live. The package sits in the project (`pip install -e .`), so the
corpus, configs and models are found beside it; every command also takes explicit paths."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RAW_ARTICLE = CORPUS / "raw" / "article_markdown.txt"
RAW_TRANSCRIPT = CORPUS / "raw" / "article_transcript_scraped.txt"
ANNOTATIONS = CORPUS / "annotations"
ARTICLE_SOURCES = ANNOTATIONS / "article"
ARTICLE_SECTIONS = ANNOTATIONS / "article.sections"
TRANSCRIPT_PROJECTED = ANNOTATIONS / "transcript" / "projected.ann"
TRANSCRIPT_REVIEWED = ANNOTATIONS / "transcript" / "reviewed"
GOLD = CORPUS / "gold"
GOLD_ARTICLE = GOLD / "article.jsonl"
GOLD_TRANSCRIPT = GOLD / "transcript.jsonl"
CONFIGS = ROOT / "configs"
MODELS = ROOT / "models"
