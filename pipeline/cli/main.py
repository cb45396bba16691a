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


@app.command()
def train(config: Path = typer.Argument(...)) -> None:
    """Train a custom NER model from a config."""
    not_implemented("train", "the training issue")


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


@app.command(no_args_is_help=True)
def batch(inputs: list[str] = typer.Argument(..., help="Input files or globs (.txt, .jsonl, as annotate takes them); "
                                                   "or `merge OUT_DIR` to merge a batch folder's shards."),
          output: Optional[Path] = typer.Option(None, "-o", "--output", help="Batch folder: shards, manifest.json, "
                                                "merged <stem>.jsonl."),
          workers: int = typer.Option(2, "--workers", help="Worker processes of the local cluster."),
          scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Use this Dask scheduler (tcp://…) "
                                                  "instead of a local cluster; its workers must see the output "
                                                  "folder and the model at the same paths."),
          model: Optional[str] = typer.Option(None, "--model", help="A spaCy package or model folder."),
          by_line: bool = typer.Option(False, "--by-line", help="Each non-empty line of a .txt is a document."),
          partition_size: int = typer.Option(200, "--partition-size", help="Documents a partition (a task, a shard)."),
          merge: bool = typer.Option(False, "--merge", help="Join the shards of each finished input into "
                                     "<stem>.jsonl, as annotate writes it."),
          batch_size: int = typer.Option(32, "--batch-size")) -> None:
    """Tag whole archives on a Dask cluster; resumable: a rerun skips the partitions already done."""
    from pipeline.batch.merge import merge_outputs
    from pipeline.batch.run import run_batch

    # `merge` cannot be an input (inputs end in .txt or .jsonl), so it safely names the subcommand.
    if inputs[0] == "merge":
        if len(inputs) != 2 or output is not None:
            typer.echo("usage: histner batch merge OUT_DIR", err=True)
            raise typer.Exit(2)
        try:
            merged = merge_outputs(Path(inputs[1]))
        except HistnerError as exc:
            fail(exc)
        for path in merged.merged:
            out.print(f"merged → {path}", soft_wrap=True)
        for problem in merged.not_merged:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1 if merged.not_merged else 0)
    if output is None:
        typer.echo("error: give the batch folder with -o OUT_DIR", err=True)
        raise typer.Exit(2)
    try:
        report = run_batch(inputs, output, workers=workers, scheduler=scheduler, model=model, by_line=by_line,
                           partition_size=partition_size, merge=merge, batch_size=batch_size,
                           announce=lambda line: out.print(line, soft_wrap=True))
    except HistnerError as exc:
        fail(exc)
    for problem in report.problems:
        typer.echo(f"error: {problem}", err=True)
    out.print(f"{report.documents} documents tagged ({report.spans} spans) in {report.partitions} partitions; "
              f"{report.skipped_partitions} partitions ({report.skipped_documents} documents) already done",
              soft_wrap=True)
    out.print(f"files: {len(report.files_done)} done, {len(report.files_failed)} failed → {output}", soft_wrap=True)
    for path in report.merged:
        out.print(f"merged → {path}", soft_wrap=True)
    raise typer.Exit(0 if report.ok else 1)


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
