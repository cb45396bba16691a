"""`histner`: the command-line entry point. Commands parse arguments, call one function, print."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from pipeline import __version__
from pipeline.errors import HistnerError

app = typer.Typer(help="histner: PERSON, ORG, LOC and DATE in damaged historical texts on Korea and the Cold War.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
gold_app = typer.Typer(help="Build, check and describe the hand-labelled gold set.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")

out = Console()


def fail(exc: HistnerError) -> None:
    """Print a user error as 'file:line: problem' and exit 1."""
    typer.echo(f"error: {exc.message}", err=True)  # plain and unwrapped: one line a problem
    raise typer.Exit(1)


def not_implemented(command: str, issue: str) -> None:
    """A command that later work fills: say so plainly and exit non-zero, never pretend."""
    typer.echo(f"histner {command}: not implemented yet ({issue}).", err=True)
    raise typer.Exit(2)


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        out.print(f"histner {__version__}")
        raise typer.Exit(0)


@app.command()
def clean(input: Path = typer.Argument(..., help="A .txt file, or .jsonl with a 'text' field per line."),
          output: Path = typer.Option(..., "-o", "--output")) -> None:
    """Repair OCR and transcript damage, keeping an offset map to the original."""
    not_implemented("clean", "the cleaning issue")


@app.command()
def evaluate(report: Path = typer.Option(..., "--report")) -> None:
    """Score a model against the gold set."""
    not_implemented("evaluate", "the tagging issue")


TRAINING_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}


def config_overrides(ctx: typer.Context) -> dict:
    """spaCy-style overrides from the extra arguments, e.g. `--training.max_epochs 5`."""
    from spacy.cli._util import parse_config_overrides

    for arg in ctx.args:
        if arg.startswith("--") and "." not in arg.split("=")[0]:
            fail(HistnerError(f"unknown option {arg!r} (config overrides look like --section.key value)"))
    return parse_config_overrides(list(ctx.args))


GOLD_OPTION = typer.Option(None, "--gold", help="Gold JSONL (repeatable; default corpus/gold/article.jsonl).")
TRANSCRIPT_OPTION = typer.Option(False, "--with-transcript",
                                 help="Add the damaged transcript's train lines to train as noisy examples.")
MISALIGNED_OPTION = typer.Option("error", "--misaligned",
                                 help="Gold spans off token boundaries: error | missing (tokens unannotated) | expand.")


@app.command(context_settings=TRAINING_ARGS)
def train(ctx: typer.Context,
          config: Path = typer.Argument(..., help="A spaCy training config, e.g. configs/ner_cnn.cfg."),
          output: Path = typer.Option(..., "-o", "--output", help="Model folder to write, e.g. models/NAME."),
          gold: Optional[list[Path]] = GOLD_OPTION,
          with_transcript: bool = TRANSCRIPT_OPTION,
          misaligned: str = MISALIGNED_OPTION,
          corpus: Optional[Path] = typer.Option(None, "--corpus", help="Use train.spacy/dev.spacy from "
                                                "`histner train-convert` instead of converting.")) -> None:
    """Train a custom NER model from a config on the gold set (extra --section.key value pairs override the config)."""
    from pipeline.training.train import train_model

    try:
        result = train_model(config, output, gold_files=gold, with_transcript=with_transcript,
                             overrides=config_overrides(ctx), misaligned=misaligned, corpus_dir=corpus)
    except HistnerError as exc:
        fail(exc)
    s = result.scores
    out.print(f"dev ents_f {s.get('ents_f', 0):.3f} (p {s.get('ents_p', 0):.3f}, r {s.get('ents_r', 0):.3f}); "
              f"{result.seconds:.0f} s → {result.output}")


@app.command("train-convert", context_settings=TRAINING_ARGS)
def train_convert(ctx: typer.Context,
                  config: Path = typer.Argument(..., help="The training config whose tokenizer makes the docs."),
                  output: Path = typer.Option(..., "-o", "--output", help="Folder for train.spacy, dev.spacy, corpus.json."),
                  gold: Optional[list[Path]] = GOLD_OPTION,
                  with_transcript: bool = TRANSCRIPT_OPTION,
                  misaligned: str = MISALIGNED_OPTION) -> None:
    """Convert the gold set to spaCy DocBins (train and dev splits; test is never written)."""
    from pipeline.training.train import convert_gold

    try:
        summary = convert_gold(config, output, gold_files=gold, with_transcript=with_transcript,
                               overrides=config_overrides(ctx), misaligned=misaligned)
    except HistnerError as exc:
        fail(exc)
    for split in ("train", "dev"):
        n = summary[split]
        out.print(f"{split}: {n['docs']} documents, {n['words']:,} words, {n['spans']} spans")
    if summary["misaligned"]:
        out.print(f"{len(summary['misaligned'])} spans off token boundaries ({misaligned}):")
        for line in summary["misaligned"]:
            out.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    out.print(f"→ {output}/train.spacy, {output}/dev.spacy")


@app.command("train-curve", context_settings=TRAINING_ARGS)
def train_curve_cmd(ctx: typer.Context,
                    config: Path = typer.Argument(..., help="A spaCy training config."),
                    output: Path = typer.Option(Path("reports"), "-o", "--output",
                                                help="Folder for train_curve.md/.json/.png."),
                    gold: Optional[list[Path]] = GOLD_OPTION,
                    with_transcript: bool = TRANSCRIPT_OPTION,
                    misaligned: str = MISALIGNED_OPTION,
                    seed: int = typer.Option(0, "--seed", help="Seed of the training subsets.")) -> None:
    """Train on 25/50/75/100 % of train and chart dev F1 against data size: is more annotation paying off?"""
    from pipeline.training.curve import train_curve

    try:
        result = train_curve(config, output, gold_files=gold, with_transcript=with_transcript,
                             overrides=config_overrides(ctx), misaligned=misaligned, seed=seed)
    except HistnerError as exc:
        fail(exc)
    print(result.markdown)
    out.print(result.verdict)
    out.print(f"→ {', '.join(str(p) for p in result.files)}")


@app.command()
def doccano(action: str = typer.Argument(..., help="serve | status | stop | push | pull")) -> None:
    """Run the annotation loop with a doccano server."""
    not_implemented("doccano", "the doccano issue")


@app.command()
def annotate(input: Path = typer.Argument(..., help="A .txt file, or .jsonl with a 'text' field per line."),
             output: Path = typer.Option(..., "-o", "--output", help="doccano JSONL to write."),
             model: Optional[str] = typer.Option(None, "--model", help="A spaCy package or model folder."),
             by_line: bool = typer.Option(False, "--by-line", help="Each non-empty line of a .txt is a document."),
             batch_size: int = typer.Option(32, "--batch-size")) -> None:
    """Tag PERSON, ORG, LOC and DATE; write doccano JSONL with offsets into the input text."""
    from pipeline.annotate import annotate_file

    try:
        count, spans = annotate_file(input, output, model=model, by_line=by_line, batch_size=batch_size)
    except HistnerError as exc:
        fail(exc)
    out.print(f"{count} documents, {spans} spans → {output}")


@gold_app.command("build")
def gold_build() -> None:
    """Compile corpus/annotations into corpus/gold/article.jsonl and transcript.jsonl."""
    from pipeline.gold.workflow import build_gold

    try:
        report = build_gold()
    except HistnerError as exc:
        fail(exc)
    p = report.projection
    out.print(f"article: {report.article_docs} documents; transcript: {report.transcript_docs} documents")
    out.print(f"projection: {p['projected']} projected, {p['kept']} kept, {p['corrected']} corrected, "
              f"{p['dropped']} dropped, {p['added']} added; {report.unplaced} article spans had no counterpart")
    out.print(f"splits (article lines): dev L{report.split_lines['dev'][0]}–L{report.split_lines['dev'][1]}, "
              f"test L{report.split_lines['test'][0]}–L{report.split_lines['test'][1]}; words {report.split_words}")
    if report.straddling:
        out.print(f"straddling transcript lines (left out of scoring): {', '.join(report.straddling)}")


@gold_app.command("check")
def gold_check(files: list[Path] = typer.Argument(..., help="Gold JSONL files.")) -> None:
    """Validate gold files: ids and texts, offsets, overlaps, whitespace, labels, meta."""
    from pipeline.gold.check import check_file

    bad = 0
    for path in files:
        try:
            problems = check_file(path)
        except HistnerError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            bad += 1
            continue
        for problem in problems:
            typer.echo(f"error: {problem.message}", err=True)
        bad += len(problems)
        if not problems:
            out.print(f"{path}: ok")
    if bad:
        raise typer.Exit(1)


@gold_app.command("stats")
def gold_stats_cmd(files: Optional[list[Path]] = typer.Argument(None, help="Gold JSONL files (default: both)."),
                   markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table.")) -> None:
    """Documents, words and spans per label for each gold file and split."""
    from pipeline import LABELS, paths
    from pipeline.gold.stats import gold_stats, markdown_table

    try:
        rows = gold_stats(files or [paths.GOLD_ARTICLE, paths.GOLD_TRANSCRIPT])
    except HistnerError as exc:
        fail(exc)
    if markdown:
        print(markdown_table(rows))
        return
    from rich.table import Table

    table = Table("file", "split", "documents", "words", *LABELS, "spans")
    for r in rows:
        table.add_row(r.name, r.split, str(r.documents), f"{r.words:,}", *(str(r.labels[l]) for l in LABELS),
                      str(r.spans), style="bold" if r.split == "all" else None)
    out.print(table)


if __name__ == "__main__":
    app()
