"""Agreement of two span sets over the same lines: strict span F1, overall and per label.

Used to check the gold against independent annotations (`python -m pipeline.gold.agreement`): part of
the article (corpus/annotations/independent/) and the whole probe (corpus/annotations/probe_second_reading/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline import LABELS, paths
from pipeline.gold.lines import split_lines
from pipeline.gold.source import compile_block, parse_source

Span = tuple[int, int, int, str]  # line, start, end, label


def source_spans(files: list[Path], text: str, lines: set[int] | None = None) -> set[Span]:
    """Spans of annotation sources, restricted to `lines` when given."""
    numbered = split_lines(text)
    out: set[Span] = set()
    for path in files:
        for block in parse_source(path):
            if lines is None or block.line_no in lines:
                for start, end, label in compile_block(numbered[block.line_no - 1].text, block, path):
                    out.add((block.line_no, start, end, label))
    return out


def strict_f1(a: set[Span], b: set[Span]) -> float:
    """Strict span F1 of B against A, line by line, with the evaluation's matching (1.0 if both are empty)."""
    from pipeline.evaluation.aggregate import score, total
    from pipeline.evaluation.match import match_document

    if not a and not b:
        return 1.0
    lines = sorted({s[0] for s in a | b})
    labels = sorted({s[3] for s in a | b})
    matches = [match_document(sorted(s[1:] for s in a if s[0] == line), sorted(s[1:] for s in b if s[0] == line), labels)
               for line in lines]
    return score(total(matches, "strict"), "strict").f1


def independent_study(independent_dir: Path = paths.ANNOTATIONS / "independent", *, text_path: Path = paths.RAW_ARTICLE,
                      gold_dir: Path = paths.ARTICLE_SOURCES) -> tuple[set[int], set[Span], set[Span]]:
    """(lines, gold spans on those lines, independent spans) of an independent annotation of a text."""
    text = text_path.read_text(encoding="utf-8")
    independent = sorted(independent_dir.glob("*.ann"))
    lines = {b.line_no for f in independent for b in parse_source(f)}
    gold = source_spans(sorted(gold_dir.glob("*.ann")), text, lines)
    return lines, gold, source_spans(independent, text)


STUDIES = {  # name → (independent sources, text, gold sources)
    "article": (paths.ANNOTATIONS / "independent", paths.RAW_ARTICLE, paths.ARTICLE_SOURCES),
    "probe": (paths.ANNOTATIONS / "probe_second_reading", paths.RAW_PROBE, paths.PROBE_SOURCES),
}


def main() -> int:
    for name, (independent_dir, text_path, gold_dir) in STUDIES.items():
        if not any(independent_dir.glob("*.ann")):
            continue
        lines, gold, other = independent_study(independent_dir, text_path=text_path, gold_dir=gold_dir)
        print(f"{name}: {len(lines)} lines, gold {len(gold)} spans, independent {len(other)} spans, "
              f"strict F1 {strict_f1(gold, other):.4f}")
        for label in LABELS:
            g = {s for s in gold if s[3] == label}
            o = {s for s in other if s[3] == label}
            print(f"  {label:<7} gold {len(g):>4}  independent {len(o):>4}  F1 {strict_f1(g, o):.4f}")
        numbered = split_lines(text_path.read_text(encoding="utf-8"))
        for tag, diff in (("gold only", gold - other), ("independent only", other - gold)):
            for line, start, end, label in sorted(diff):
                print(f"  {tag}: L{line} {label} {numbered[line - 1].text[start:end]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
