"""Query commands: the state of the world as of a date, decided by a day, as known on a moment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import click

from tracker.cli.group import cli, terminal_width, tracker_of
from tracker.cli.params import COUNTRY, DATE, as_of_option, decided_by_of, query_options
from tracker.diff import Change
from tracker.moments import today
from tracker.projections import rows_to_json
from tracker.projections.meetings import GroupBy
from tracker.render import to_json
from tracker.tables import (
    diff_table,
    meetings_table,
    records_table,
    targets_table,
    tariffs_table,
)


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
    decided_by: dt.date | None,
    hindsight: bool,
    as_json: bool,
    on: str | None,
) -> None:
    """Tariff lines as of a date: status, rate, since when, pending changes and threats."""
    day = _day(as_of)
    last = decided_by_of(day, decided_by, hindsight)
    lines = tracker_of(ctx).tariffs(as_of=day, known_on=known_on, on=on, decided_by=last)
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
    decided_by: dt.date | None,
    hindsight: bool,
    as_json: bool,
    by: GroupBy,
) -> None:
    """Meetings per counterpart: how many, first and last, and those still to come."""
    day = _day(as_of)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker_of(ctx).meetings(as_of=day, known_on=known_on, by=by, decided_by=last)
    emit(rows, as_json, meetings_table, f"no meetings as of {day}")


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
    as_json: bool,
) -> None:
    """Targets beside the latest reported figure: met, missed or open, with the gap."""
    day = _day(as_of)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker_of(ctx).targets(as_of=day, known_on=known_on, decided_by=last)
    emit(rows, as_json, targets_table, f"no targets as of {day}")


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
    as_json: bool,
) -> None:
    """All-time highs per metric, each with the record it beat."""
    day = _day(as_of)
    last = decided_by_of(day, decided_by, hindsight)
    rows = tracker_of(ctx).records(as_of=day, known_on=known_on, decided_by=last)
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
    decided_by: dt.date | None,
    hindsight: bool,
    as_json: bool,
) -> None:
    """What was added, changed or removed in each projection between two dates.

    With --decided-by or --hindsight, both dates are seen in light of the same decisions.
    """
    last = None
    if decided_by is not None or hindsight:
        last = decided_by_of(max(before, after), decided_by, hindsight, "the later date")
    changes: list[Change] = tracker_of(ctx).diff(before, after, known_on=known_on, decided_by=last)
    emit(changes, as_json, diff_table, f"nothing changed between {before} and {after}")
