"""The command line: a thin click layer over the `Tracker` API.

stdout carries data only; every diagnostic goes to stderr. Exit codes are
`ExitCode`: 1 bad input (nothing written), 2 usage, 3 store unavailable,
4 a broken hash chain.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import click

from tracker.api import AppendReport, Tracker, export_record
from tracker.api import open as open_tracker
from tracker.diff import Change
from tracker.errors import ExitCode, InvalidEvent, TrackerError
from tracker.model import COUNTRY_PATTERN, TYPES_BY_NAME
from tracker.moments import MomentError, parse_date, parse_moment, resolve_known_on, today
from tracker.projections import rows_to_json
from tracker.projections.meetings import GroupBy
from tracker.render import fit_to, format_date, one_line, printable, table, to_json
from tracker.store import Progress
from tracker.tables import (
    diff_table,
    meetings_table,
    records_table,
    targets_table,
    tariffs_table,
)

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """A date of the world, `YYYY-MM-DD`; anything else is a usage error (exit 2)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value)
        except MomentError as error:
            self.fail(str(error), param, ctx)


class MomentParam(click.ParamType):  # type: ignore[type-arg]
    """A moment of the tracker: a date (end of that day, UTC) or an ISO timestamp, not future."""

    name = "DATE|TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return resolve_known_on(parse_moment(value) if isinstance(value, str) else value)
        except MomentError as error:
            self.fail(str(error), param, ctx)


class CountryParam(click.ParamType):  # type: ignore[type-arg]
    name = "COUNTRY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not COUNTRY_PATTERN.fullmatch(value):
            self.fail(f"{value!r} is not a two-letter capital country code, EU or *", param, ctx)
        return value


DATE = DateParam()
MOMENT = MomentParam()
COUNTRY = CountryParam()


class TrackerGroup(click.Group):
    """Turns tracker errors into one line on stderr with the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as error:
            click.echo(f"Error: {one_line(str(error))}", err=True)
            ctx.exit(int(error.exit_code))
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): not an error
            ctx.exit(int(ExitCode.OK))


class StoreOpener:
    """Opens the store on first use, so `--help` never touches a database."""

    def __init__(self, db: Path | None, url: str | None) -> None:
        self.target: str | Path | None = url or db
        self._tracker: Tracker | None = None

    def __call__(self) -> Tracker:
        if self._tracker is None:
            self._tracker = open_tracker(self.target)
        return self._tracker

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.close()


def tracker_of(ctx: click.Context) -> Tracker:
    opener: StoreOpener = ctx.find_object(StoreOpener)  # type: ignore[assignment]
    return opener()


def filter_options(func: F) -> F:
    """The event filters shared by `log` and `export`."""
    func = click.option(
        "--type",
        "types",
        multiple=True,
        metavar="TYPE",
        type=click.Choice(sorted(TYPES_BY_NAME)),
        help="Only events of this type (repeatable).",
    )(func)
    func = click.option("--from", "date_from", type=DATE, help="Only events dated on or after.")(
        func
    )
    return click.option("--to", "date_to", type=DATE, help="Only events dated on or before.")(func)


@click.group(cls=TrackerGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TRACKER_DB",
    help="SQLite file to use (created empty if missing). Env: TRACKER_DB.",
)
@click.option(
    "--url",
    envvar="TRACKER_URL",
    metavar="URL",
    help="Database URL, e.g. postgresql+psycopg://host/db. Env: TRACKER_URL.",
)
@click.version_option(version("tracker"), prog_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, url: str | None) -> None:
    """Track trade negotiations as a dated, sourced, append-only timeline.

    With no command, prints the timeline. Without --db or --url, the default
    store in your user data folder is used, seeded with the curated timeline
    the first time it is created.
    """
    if db and url:
        raise click.UsageError("give --db or --url, not both")
    opener = StoreOpener(db, url)
    ctx.obj = opener
    ctx.call_on_close(opener.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(log)


# -- appending ---------------------------------------------------------------


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
        total = sum(_line_count(Path(name)) for name in files)
        with progress_bar(2 * total, "Importing") as progress:
            result = tracker.import_files(
                [Path(f) for f in files], dry_run=dry_run, progress=progress
            )
    report(result, "imported")


@cli.command()
@click.pass_context
def seed(ctx: click.Context) -> None:
    """Load the curated timeline into the store (running it twice adds nothing)."""
    report(tracker_of(ctx).seed(), "imported")


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
    if output is not sys.stdout and output.name != "<stdout>":
        click.echo(f"{count} exported", err=True)


@cli.command()
@filter_options
@click.option("--search", metavar="TEXT", help="Only events whose text contains TEXT.")
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


# -- queries: state as of a date, as known on a moment --------------------------


def query_options(func: F) -> F:
    """The options every query shares: the two clocks and the output format."""
    func = click.option(
        "--known-on",
        type=MOMENT,
        metavar="DATE|TIMESTAMP",
        help="What the tracker knew then: a date (end of that day, UTC) or an ISO "
        "timestamp such as 2025-04-06T00:00Z. Default: now.",
    )(func)
    return click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")(func)


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        type=DATE,
        help="The state of the world at the end of this day "
        "(may be in the future). Default: today.",
    )(func)


def emit(
    rows: Sequence[Any], as_json: bool, render: Callable[[Any, int | None], str], empty: str
) -> None:
    """One renderer per format: the JSON contract, or a table (a note on stderr if empty)."""
    if as_json:
        click.echo(to_json(rows_to_json(rows)))
    elif rows:
        click.echo(render(rows, terminal_width()))
    else:
        click.echo(empty, err=True)


def _day(as_of: dt.date | None) -> dt.date:
    return as_of or today()


@cli.command()
@as_of_option
@query_options
@click.option(
    "--on",
    type=COUNTRY,
    help="One line per imposer and measure as they bear on "
    "this country (its own line once begun, else the worldwide one).",
)
@click.pass_context
def tariffs(
    ctx: click.Context,
    as_of: dt.date | None,
    known_on: dt.datetime | None,
    as_json: bool,
    on: str | None,
) -> None:
    """Tariff lines as of a date: status, rate, since when, pending changes and threats."""
    day = _day(as_of)
    lines = tracker_of(ctx).tariffs(as_of=day, known_on=known_on, on=on)
    emit(lines, as_json, tariffs_table, f"no tariff lines as of {day}")


@cli.command()
@as_of_option
@query_options
@click.option(
    "--by",
    type=click.Choice(["counterpart", "org", "country"]),
    default="counterpart",
    show_default=True,
    help="Group meetings by this.",
)
@click.pass_context
def meetings(
    ctx: click.Context,
    as_of: dt.date | None,
    known_on: dt.datetime | None,
    as_json: bool,
    by: GroupBy,
) -> None:
    """Meetings per counterpart: how many, first and last, and those still to come."""
    day = _day(as_of)
    rows = tracker_of(ctx).meetings(as_of=day, known_on=known_on, by=by)
    emit(rows, as_json, meetings_table, f"no meetings as of {day}")


@cli.command()
@as_of_option
@query_options
@click.pass_context
def targets(
    ctx: click.Context, as_of: dt.date | None, known_on: dt.datetime | None, as_json: bool
) -> None:
    """Targets beside the latest reported figure: met, missed or open, with the gap."""
    day = _day(as_of)
    rows = tracker_of(ctx).targets(as_of=day, known_on=known_on)
    emit(rows, as_json, targets_table, f"no targets as of {day}")


@cli.command()
@as_of_option
@query_options
@click.pass_context
def records(
    ctx: click.Context, as_of: dt.date | None, known_on: dt.datetime | None, as_json: bool
) -> None:
    """All-time highs per metric, each with the record it beat."""
    day = _day(as_of)
    rows = tracker_of(ctx).records(as_of=day, known_on=known_on)
    emit(rows, as_json, records_table, f"no records as of {day}")


@cli.command()
@click.argument("before", type=DATE)
@click.argument("after", type=DATE)
@query_options
@click.pass_context
def diff(
    ctx: click.Context,
    before: dt.date,
    after: dt.date,
    known_on: dt.datetime | None,
    as_json: bool,
) -> None:
    """What was added, changed or removed in each projection between two dates."""
    changes: list[Change] = tracker_of(ctx).diff(before, after, known_on=known_on)
    emit(changes, as_json, diff_table, f"nothing changed between {before} and {after}")


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


def terminal_width() -> int | None:
    """The width tables fit on a terminal; None when piped, so nothing is ever cut there."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def read_stdin() -> str:
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidEvent("<stdin>", "", "not UTF-8 text") from None


def _line_count(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    except OSError:
        return 0  # the import itself reports the unreadable file


def main() -> None:
    cli(prog_name="tracker")
