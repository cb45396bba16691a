"""The gold build from files to files: sources → article gold → projection → reviewed transcript gold.

`build_gold` is what `histner gold build` runs. It rewrites `projected.ann` from the current article
gold every time (it is derived), but never touches `reviewed.ann` (the hand-corrected file); it only
reads it. Both gold files are written atomically, after every check passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline import paths
from pipeline.errors import GoldError
from pipeline.gold.build import (compile_sources, line_documents, marker_line, project_article,
                                 render_source, transcript_documents)
from pipeline.gold.lines import non_empty, split_lines
from pipeline.gold.splits import aligned_article_lines, plan_splits, transcript_split
from pipeline.schema import Document, atomic_output, read_text, write_jsonl


@dataclass
class BuildReport:
    article_docs: int = 0
    transcript_docs: int = 0
    projection: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0
    split_lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    split_words: dict[str, int] = field(default_factory=dict)
    straddling: list[str] = field(default_factory=list)
    probe_docs: int = 0


def build_gold(article_path: Path = paths.RAW_ARTICLE, transcript_path: Path = paths.RAW_TRANSCRIPT,
               sources_dir: Path = paths.ARTICLE_SOURCES, sections: Path = paths.ARTICLE_SECTIONS,
               projected_path: Path = paths.TRANSCRIPT_PROJECTED, reviewed_path: Path = paths.TRANSCRIPT_REVIEWED,
               out_article: Path = paths.GOLD_ARTICLE, out_transcript: Path = paths.GOLD_TRANSCRIPT,
               probe_path: Path = paths.RAW_PROBE, probe_sources: Path = paths.PROBE_SOURCES,
               out_probe: Path = paths.GOLD_PROBE) -> BuildReport:
    report = BuildReport()
    article_text, transcript_text = read_text(article_path), read_text(transcript_path)
    sources = sorted(sources_dir.glob("*.ann"))
    if not sources:
        raise GoldError("no annotation sources (*.ann)", path=sources_dir)
    spans = compile_sources(article_text, sources, text_name=article_path.name)
    article = line_documents(article_text, spans, sections)
    offsets = {ln.number: ln.offset for ln in split_lines(article_text)}
    for doc in article:
        doc.meta["offset"] = offsets[doc.meta["line"]]

    projection = project_article(article_text, article, transcript_text)
    report.unplaced = projection.unplaced
    first_body = marker_line(transcript_text) + 1
    t_lines = [ln for ln in non_empty(split_lines(transcript_text)) if ln.number >= first_body]
    with atomic_output(projected_path) as fh:
        fh.write(render_source(t_lines, projection.spans, header=(
            "DERIVED FILE — rewritten by `histner gold build` from the article gold.\n"
            "Do not edit: corrections go into reviewed.ann.")))
    if not any(reviewed_path.glob("*.ann")):
        raise GoldError(f"no reviewed transcript annotation yet: copy {projected_path.name} to "
                        f"{reviewed_path.name}, read every line and correct it", path=reviewed_path)
    reviewed = compile_sources(transcript_text, sorted(reviewed_path.glob("*.ann")), first=first_body,
                               text_name=transcript_path.name)
    transcript = transcript_documents(transcript_text, reviewed, projection.spans)

    inverse = projection.alignment.target_to_source()
    aligned = {ln.number: aligned_article_lines(inverse, article, ln.offset, ln.offset + len(ln.text))
               for ln in t_lines}
    plan = plan_splits(article, list(aligned.values()))
    for doc in article:
        doc.meta["split"] = plan.split_of(doc.meta["line"])
    for doc in transcript:
        split, touched = transcript_split(plan, aligned[doc.meta["line"]])
        doc.meta["split"] = split
        doc.meta["article_lines"] = aligned[doc.meta["line"]]
        if split == "straddle":
            doc.meta["straddles"] = touched
            report.straddling.append(doc.id)

    for doc in article:
        del doc.meta["offset"]
    write_jsonl(out_article, article)
    write_jsonl(out_transcript, transcript)
    report.article_docs, report.transcript_docs = len(article), len(transcript)
    for key in ("projected", "kept", "corrected", "dropped", "added"):
        report.projection[key] = sum(d.meta["projection"][key] for d in transcript)
    report.split_lines = {"dev": plan.dev, "test": plan.test}
    report.split_words = plan.words
    if any(probe_sources.glob("*.ann")):
        report.probe_docs = len(build_probe(probe_path, probe_sources, out_probe))
    return report


def build_probe(text_path: Path = paths.RAW_PROBE, sources_dir: Path = paths.PROBE_SOURCES,
                out: Path = paths.GOLD_PROBE) -> list[Document]:
    """The written probe texts (one document a line) → gold, all dev: they choose between pipelines and
    are never trained on, so the choice is not made on the article alone."""
    text = read_text(text_path)
    spans = compile_sources(text, sorted(sources_dir.glob("*.ann")), text_name=text_path.name)
    docs = line_documents(text, spans, None, prefix="002")
    for doc in docs:
        doc.meta["split"] = "dev"
    write_jsonl(out, docs)
    return docs

