"""Commands that read the timeline: `log` (every event, marked) and `show` (one in full)."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Sequence
from typing import Any

import click

from tracker.cli.group import cli, tracker_of
from tracker.cli.output import Output, emit, output_options, terminal_width
from tracker.cli.params import MomentParam, filter_options, known_on_option


class SinceParam(MomentParam):
    """`--recorded-since`: a date (from the start of that day, UTC) or a timestamp (after it);
    in the future it is a usage error, as `--known-on` is."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from tracker.moments import MomentError, parse_moment, since_moment

        try:
            moment = parse_moment(value) if isinstance(value, str) else value
            since_moment(moment, None)  # refuses the future
            return moment
        except MomentError as error:
            self.fail(str(error), param, ctx)


@cli.command()
@filter_options
@click.option(
    "--search",
    metavar="TEXT",
    multiple=True,
    help="Only events with TEXT in any value (id, title, body, names, source), any case. "
    "Repeat it: every TEXT must match.",
)
@click.option(
    "--effective",
    is_flag=True,
    help="The corrected timeline the queries see: corrections applied, retracted events "
    "and the corrections themselves left out.",
)
@click.option(
    "--recorded-since",
    type=SinceParam(),
    metavar="DATE|TIMESTAMP",
    help="Only what was recorded after this moment (a date: from the start of that day, "
    "UTC): what is new since you last looked.",
)
@click.option("--reverse", is_flag=True, help="The latest first.")
@click.option(
    "--limit", type=click.IntRange(min=0), metavar="N", help="At most N events (after --reverse)."
)
@known_on_option
@output_options
@click.pass_context
def log(
    ctx: click.Context,
    output: Output,
    types: tuple[str, ...],
    date_from: dt.date | None,
    date_to: dt.date | None,
    search: tuple[str, ...],
    effective: bool,
    recorded_since: dt.datetime | dt.date | None,
    reverse: bool,
    limit: int | None,
    known_on: dt.datetime | None,
) -> None:
    """The timeline by date, each event marked corrected or retracted where it was."""
    from tracker.codec import encode_event
    from tracker.tables import LOG_COLUMNS

    entries = tracker_of(ctx).log(
        effective=effective,
        types=types,
        date_from=date_from,
        date_to=date_to,
        search=search,
        known_on=known_on,
        recorded_since=recorded_since,
        reverse=reverse,
        limit=limit,
    )
    shown = {entry.record.id: entry.event.source for entry in entries}
    given = _given_filters(types, date_from, date_to, search, recorded_since, known_on)
    emit(
        output,
        LOG_COLUMNS,
        entries,
        to_json_rows=lambda rows: [
            encode_event(e.event)
            | {"seq": e.record.seq, "recorded_at": e.record.recorded_at, "status": e.status}
            for e in rows
        ],
        event_ids=lambda entry: (entry.record.id,),
        sources=lambda ids: shown,
        empty=f"no events match {given}" if given else "no events",
    )


def _given_filters(
    types: Sequence[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    search: Sequence[str],
    recorded_since: dt.datetime | dt.date | None,
    known_on: dt.datetime | None,
) -> str:
    """The filters an empty answer was asked with, as options: `--type meeting.held ...`."""
    from tracker.render import format_moment

    def moment(value: dt.datetime | dt.date) -> str:
        return format_moment(value) if isinstance(value, dt.datetime) else value.isoformat()

    words = [f"--type {name}" for name in types]
    words += [f"--from {date_from}"] if date_from else []
    words += [f"--to {date_to}"] if date_to else []
    words += [f"--search {shlex.quote(text)}" for text in search]
    words += [f"--recorded-since {moment(recorded_since)}"] if recorded_since else []
    words += [f"--known-on {moment(known_on)}"] if known_on else []
    return " ".join(words)


@cli.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@known_on_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of text.")
@click.pass_context
def show(
    ctx: click.Context, ids: Sequence[str], known_on: dt.datetime | None, as_json: bool
) -> None:
    """Events in full: as corrected, their source and quote, and every correction.

    An unknown ID is an error (exit 1) and nothing is printed.
    """
    from tracker.detail import detail_json, detail_text
    from tracker.render import to_json

    tracker = tracker_of(ctx)
    histories = [tracker.history(event_id, known_on=known_on) for event_id in ids]
    if as_json:
        click.echo(to_json([detail_json(history) for history in histories]))
        return
    width = terminal_width()
    click.echo("\n\n".join(detail_text(history, width) for history in histories))
