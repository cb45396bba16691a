"""Where the project's files live. The package sits in the project (`pip install -e .`), so the
corpus, configs and models are found beside it; every command also takes explicit paths."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RAW_ARTICLE = CORPUS / "raw" / "article_markdown.txt"
RAW_TRANSCRIPT = CORPUS / "raw" / "article_transcript_scraped.txt"
# texts written for the project in the genres histner is judged on (not the article): model choice only
RAW_PROBE = CORPUS / "raw" / "probe_written.txt"
ANNOTATIONS = CORPUS / "annotations"
ARTICLE_SOURCES = ANNOTATIONS / "article"
ARTICLE_SECTIONS = ANNOTATIONS / "article.sections"
TRANSCRIPT_PROJECTED = ANNOTATIONS / "transcript" / "projected.ann"
TRANSCRIPT_REVIEWED = ANNOTATIONS / "transcript" / "reviewed"
PROBE_SOURCES = ANNOTATIONS / "probe"
GOLD = CORPUS / "gold"
GOLD_ARTICLE = GOLD / "article.jsonl"
GOLD_TRANSCRIPT = GOLD / "transcript.jsonl"
GOLD_PROBE = GOLD / "probe.jsonl"
CONFIGS = ROOT / "configs"
MODELS = ROOT / "models"


def project_relative(path: Path) -> str:
    """`path` relative to the project when inside it, so saved metadata does not record this machine's layout."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
