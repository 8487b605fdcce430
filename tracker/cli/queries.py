"""Query commands: the state of the world as of a date, decided by a day, as known on a moment.

Each prints its report through the shared output options (`emit`); the database
layer and the projections are imported when a query runs, not for `--help`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.group import cli, tracker_of
from tracker.cli.output import Output, emit
from tracker.cli.params import COUNTRY, DATE, as_of_option, decided_by_of, query_options

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.projections.tariffs import TariffLine
    from tracker.render import Column


def answer(
    tracker: Tracker,
    output: Output,
    columns: Sequence[Column[Any]],
    rows: Sequence[Any],
    *,
    day: dt.date,
    known_on: dt.datetime | None,
    empty: str,
) -> None:
    """Print a report's rows, citing the events behind each with `--sources`.

    An answer for a day past the latest event is only the last known state carried
    forward: a note on stderr says where the data ends.
    """
    from tracker.projections import rows_to_json
    from tracker.tables import event_ids_of

    emit(
        output,
        columns,
        rows,
        to_json_rows=rows_to_json,
        event_ids=event_ids_of,
        sources=lambda ids: tracker.sources(ids, known_on=known_on),
        empty=empty,
    )
    ends = tracker.data_ends(known_on)
    if ends is not None and day > ends:
        click.echo(f"note: the data runs to {ends}; nothing later is recorded", err=True)


def _day(as_of: dt.date | None) -> dt.date:
    from tracker.moments import today

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
    decided_by: dt.date | None,
    hindsight: bool,
    output: Output,
    on: str | None,
) -> None:
    """Tariff lines as of a date: status, rate, since when, pending changes and threats."""
    from tracker.tables import TARIFF_COLUMNS

    day = _day(as_of)
    tracker = tracker_of(ctx)
    last = decided_by_of(day, decided_by, hindsight)
    lines = tracker.tariffs(as_of=day, known_on=known_on, on=on, decided_by=last)
    answer(
        tracker,
        output,
        TARIFF_COLUMNS,
        lines,
        day=day,
        known_on=known_on,
        empty=f"no tariff lines{f' on {on}' if on else ''} as of {day}",
    )
    named = (
        on in (None, "*") or not lines or _names_country(tracker, lines, on, day, known_on, last)
    )
    if not named:
        click.echo(
            f"note: no tariff line names {on} as of {day}: these are the worldwide (*) "
            "lines, which apply to every country",
            err=True,
        )


def _names_country(
    tracker: Tracker,
    shown: Sequence[TariffLine],
    country: str,
    day: dt.date,
    known_on: dt.datetime | None,
    last: dt.date,
) -> bool:
    """Whether any line of the full answer is the country's own (begun, pending or threatened)."""
    if any(line.applies_to == country for line in shown):
        return True  # one it shows: no need to ask for every line
    lines = tracker.tariffs(as_of=day, known_on=known_on, decided_by=last)
    return any(line.applies_to == country for line in lines)


@cli.command()
@as_of_option
@query_options
@click.option(
    "--by",
    type=click.Choice(["counterpart", "org", "country"]),
    help="Group meetings by this. Default: counterpart (with --with, a person matched "
    "by their organisation is grouped under it).",
)
@click.option(
    "--ours",
    metavar="NAME|ROLE",
    help='Only meetings where someone on our side matches, by name, role or org: "Yeo", '
    '"Trade Minister" (whole words, any case).',
)
@click.option(
    "--with",
    "theirs",
    metavar="NAME|ORG",
    help='Only the people on their side who match, by name, org or role: "Greer", "USTR".',
)
@click.pass_context
def meetings(
    ctx: click.Context,
    as_of: dt.date | None,
    known_on: dt.datetime | None,
    decided_by: dt.date | None,
    hindsight: bool,
    output: Output,
    by: Any,
    ours: str | None,
    theirs: str | None,
) -> None:
    """Meetings per counterpart: how many, first and last, and those still to come.

    "How often has our trade minister met the USTR, and when last?" is
    `tracker meetings --ours "Trade Minister" --with USTR`.
    """
    from tracker.projections.meetings import words
    from tracker.tables import MEETING_COLUMNS

    for flag, given in (("--ours", ours), ("--with", theirs)):
        if given is not None and not words(given):
            raise click.BadParameter("give a name, role or organisation", param_hint=flag)
    day = _day(as_of)
    tracker = tracker_of(ctx)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker.meetings(
        as_of=day, known_on=known_on, by=by, ours=ours, theirs=theirs, decided_by=last
    )
    answer(
        tracker,
        output,
        MEETING_COLUMNS,
        rows,
        day=day,
        known_on=known_on,
        empty=f"no meetings{_filtered(ours, theirs)} as of {day}",
    )


def _filtered(ours: str | None, theirs: str | None) -> str:
    """` of "Yeo" with "Greer"`: the filters an empty answer was asked with."""
    of = f' of "{ours}"' if ours is not None else ""
    return of + (f' with "{theirs}"' if theirs is not None else "")


@cli.command()
@as_of_option
@query_options
@click.pass_context
def targets(
    ctx: click.Context,
    as_of: dt.date | None,
    known_on: dt.datetime | None,
    decided_by: dt.date | None,
    hindsight: bool,
    output: Output,
) -> None:
    """Targets beside the latest reported figure: met, missed or open, with the gap."""
    from tracker.tables import TARGET_COLUMNS

    day = _day(as_of)
    tracker = tracker_of(ctx)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker.targets(as_of=day, known_on=known_on, decided_by=last)
    answer(
        tracker,
        output,
        TARGET_COLUMNS,
        rows,
        day=day,
        known_on=known_on,
        empty=f"no targets as of {day}",
    )


@cli.command()
@as_of_option
@query_options
@click.pass_context
def records(
    ctx: click.Context,
    as_of: dt.date | None,
    known_on: dt.datetime | None,
    decided_by: dt.date | None,
    hindsight: bool,
    output: Output,
) -> None:
    """All-time highs per metric, each with the record it beat."""
    from tracker.tables import RECORD_COLUMNS

    day = _day(as_of)
    tracker = tracker_of(ctx)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker.records(as_of=day, known_on=known_on, decided_by=last)
    answer(
        tracker,
        output,
        RECORD_COLUMNS,
        rows,
        day=day,
        known_on=known_on,
        empty=f"no records as of {day}",
    )


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
    decided_by: dt.date | None,
    hindsight: bool,
    output: Output,
) -> None:
    """What was added, changed or removed in each projection between two dates.

    With --decided-by or --hindsight, both dates are seen in light of the same decisions.
    """
    from tracker.tables import DIFF_COLUMNS

    last = None
    if decided_by is not None or hindsight:
        last = decided_by_of(max(before, after), decided_by, hindsight, "the later date")
    tracker = tracker_of(ctx)
    changes = tracker.diff(before, after, known_on=known_on, decided_by=last)
    empty = f"nothing changed between {before} and {after}"
    answer(tracker, output, DIFF_COLUMNS, changes, day=after, known_on=known_on, empty=empty)
