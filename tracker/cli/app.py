"""`tracker tui`: open the terminal app (what `tracker` alone does on a terminal)."""

from __future__ import annotations

import datetime as dt
import os

import click

from tracker.cli.group import cli, on_a_terminal, tracker_of
from tracker.cli.params import DATE, MOMENT


@cli.command()
@click.option("--as-of", type=DATE, help="Open as of this day. Default: today.")
@click.option(
    "--known-on",
    type=MOMENT,
    metavar="DATE|TIMESTAMP",
    help="Open as known on this moment (a date: the end of that day, UTC). Default: now.",
)
@click.pass_context
def tui(ctx: click.Context, as_of: dt.date | None, known_on: dt.datetime | None) -> None:
    """Open the terminal app: step through the timeline and see every number's source."""
    if not (on_a_terminal() or os.environ.get("TEXTUAL_DRIVER")):  # served: a web driver
        raise click.UsageError("the app needs a terminal; `tracker log` prints the timeline")
    from tracker.tui.app import make_app  # Textual loads only when the app opens

    make_app(tracker_of(ctx), as_of=as_of, known_on=known_on).run()
