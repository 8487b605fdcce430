"""Commands that write and read the event log itself."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tracker.api import AppendReport, export_record, read_path
from tracker.cli.group import cli, read_stdin, terminal_width, tracker_of
from tracker.cli.params import filter_options
from tracker.errors import ExitCode
from tracker.render import fit_to, format_date, printable, table, to_json
from tracker.store import Progress


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Progress | None]:
    """A bar on stderr when it is a terminal; nothing at all when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


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
    tracker = tracker_of(ctx)
    if file == "-":
        result = tracker.import_text(read_stdin(), dry_run=dry_run)
    else:
        result = tracker.import_file(Path(file), dry_run=dry_run)
    for event_id in result.appended:
        click.echo(event_id)
    report(result, "appended")


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], dry_run: bool) -> None:
    """Import JSON Lines FILES (or - for stdin) as one all-or-nothing batch."""
    tracker = tracker_of(ctx)
    if files == ("-",):
        result = tracker.import_text(read_stdin(), dry_run=dry_run)
    elif "-" in files:
        raise click.UsageError("read stdin (-) alone, not with files")
    else:
        records = [record for name in files for record in read_path(Path(name))]
        with progress_bar(2 * len(records), "Importing") as progress:
            result = tracker.import_records(records, dry_run=dry_run, progress=progress)
    report(result, "imported")


@cli.command()
@click.pass_context
def seed(ctx: click.Context) -> None:
    """Load the curated timeline into the store (running it twice adds nothing).

    Into an empty store each event is recorded as of its source's publication, so
    --known-on shows what the public record said then.
    """
    result = tracker_of(ctx).seed()
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


@cli.command()
@filter_options
@click.option(
    "--search",
    metavar="TEXT",
    help="Only events with TEXT in any value (title, body, names, source), any case.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.pass_context
def log(
    ctx: click.Context,
    types: tuple[str, ...] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str | None = None,
    as_json: bool = False,
) -> None:
    """The timeline: every stored event by date, corrections included."""
    records = tracker_of(ctx).events(
        types=types, date_from=date_from, date_to=date_to, search=search, timeline=True
    )
    if as_json:
        click.echo(to_json([export_record(record) for record in records]))
        return
    rows = [[format_date(r.event.date), r.event.type, r.event.title, r.id] for r in records]
    if not rows:
        click.echo("no events match", err=True)
        return
    click.echo(
        table(
            ["date", "type", "title", "id"],
            rows,
            fit=fit_to(terminal_width(), 2),
        )
    )


@cli.command()
@click.pass_context
def verify(ctx: click.Context) -> None:
    """Walk the hash chain: exit 4 if any stored row was changed or removed."""
    result = tracker_of(ctx).verify()
    if result.ok:
        click.echo(f"ok: {result.checked} events, hash chain intact", err=True)
        return
    row = result.broken_at
    assert row is not None
    click.echo(
        printable(
            f"Error: hash chain broken at seq {row.seq} (id {row.id}): "
            f"the row or one before it was changed or removed after {result.checked} "
            "good rows"
        ),
        err=True,
    )
    ctx.exit(int(ExitCode.INTEGRITY))
