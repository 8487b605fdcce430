"""Commands that write the event log, export it and check it (the database layer is
imported when one runs, never for `--help`)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.group import cli, read_stdin, tracker_of
from tracker.cli.params import filter_options
from tracker.errors import ExitCode

if TYPE_CHECKING:
    from tracker.api import AppendReport
    from tracker.store import Head, Progress


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Progress | None]:
    """A bar on stderr when it is a terminal; nothing at all when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def say_if_empty(name: str, records: int) -> None:
    """An empty file is most likely the wrong file: say so rather than import nothing quietly.

    With no events at all a store that does not exist is not created either (it is
    opened as a dry run would: checked if it exists, never made).
    """
    if not records:
        click.echo(f"note: {'stdin' if name == '-' else name} holds no events", err=True)


def report(result: AppendReport, verb: str) -> None:
    would = "would be " if result.dry_run else ""
    click.echo(
        f"{len(result.appended)} {would}{verb}, {len(result.skipped)} {would}skipped "
        "(already stored)",
        err=True,
    )


@cli.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.pass_context
def append(ctx: click.Context, file: str, dry_run: bool) -> None:
    """Append events from FILE (- for stdin): a JSON object, an array, or JSON Lines.

    Prints the id of each appended event, so a script can refer to it later.
    """
    from tracker.api import read_path
    from tracker.codec import read_records

    records = read_records(read_stdin(), "<stdin>") if file == "-" else read_path(Path(file))
    tracker = tracker_of(ctx, create=True, dry_run=dry_run or not records)
    say_if_empty(file, len(records))
    result = tracker.import_records(records, dry_run=dry_run)
    for event_id in result.appended:
        click.echo(event_id)
    report(result, "appended")


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], dry_run: bool) -> None:
    """Import JSON Lines FILES (or - for stdin) as one all-or-nothing batch.

    Files are streamed: read, checked and written a chunk at a time, in one transaction.
    """
    from tracker.ingest import count_records, count_records_in

    if "-" in files and files != ("-",):
        raise click.UsageError("read stdin (-) alone, not with files")
    data = sys.stdin.buffer.read() if files == ("-",) else None
    paths = [Path(name) for name in files]
    bar = sys.stderr.isatty()  # counting every event is only worth it for a progress bar
    counts = {
        name: count_records_in(data, "<stdin>") if data is not None
        else count_records(Path(name), limit=None if bar else 1)
        for name in dict.fromkeys(files)
    }  # fmt: skip
    nothing = not any(counts.values())
    tracker = tracker_of(ctx, create=True, dry_run=dry_run or nothing)
    for name, count in counts.items():
        say_if_empty(name, count)
    with progress_bar(2 * sum(counts[name] for name in files), "Importing") as progress:
        if data is not None:
            result = tracker.import_data(data, "<stdin>", dry_run=dry_run, progress=progress)
        else:
            result = tracker.import_files(paths, dry_run=dry_run, progress=progress)
    report(result, "imported")


@cli.command()
@click.pass_context
def seed(ctx: click.Context) -> None:
    """Load the curated timeline into the store (running it twice adds nothing).

    Into an empty store each event is recorded as of its source's publication, so
    --known-on shows what the public record said then.
    """
    result = tracker_of(ctx, create=True).seed()
    report(result, "imported")
    if result.recorded_now:
        click.echo(
            f"Note: this store already holds events recorded after these were published, "
            f"so the {len(result.appended)} imported are recorded as of now, not as of "
            "their sources' publication",
            err=True,
        )


# -- reading -----------------------------------------------------------------


@cli.command()
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write to this file instead of stdout.",
)
@click.pass_context
def export(
    ctx: click.Context,
    types: tuple[str, ...],
    date_from: dt.date | None,
    date_to: dt.date | None,
    output: Any,
) -> None:
    """Export events as JSON Lines in append order (import it to get the same events)."""
    count = tracker_of(ctx).export(output, types=types, date_from=date_from, date_to=date_to)
    if output.name != "<stdout>":
        click.echo(f"{count} exported", err=True)


def _head(_: click.Context, __: click.Parameter, value: str | None) -> Head | None:
    from tracker.store import Head

    try:
        return None if value is None else Head.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@click.option(
    "--head",
    metavar="SEQ:HASH",
    callback=_head,
    help="A head printed by an earlier verify, copy or backup: fail (exit 4) unless the "
    "chain still holds it, so no row was removed from the end or rewritten since.",
)
@click.pass_context
def verify(ctx: click.Context, head: Head | None) -> None:
    """Walk the hash chain: exit 4 if any stored row was changed or removed.

    Prints the chain's head, SEQ:HASH, on stdout: keep it somewhere else, and a
    later `verify --head SEQ:HASH` also catches rows removed from the end.
    """
    from tracker.render import printable

    result = tracker_of(ctx).verify(head)
    if result.ok:
        click.echo(str(result.head))
        anchored = f", and holds {head}" if head else ""
        click.echo(f"ok: {result.checked} events, hash chain intact{anchored}", err=True)
        return
    click.echo(printable(f"Error: {result.problem}"), err=True)
    ctx.exit(int(ExitCode.INTEGRITY))
