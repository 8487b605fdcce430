"""Commands that move a store with its history: `copy` and `backup`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.group import cli, tracker_of

if TYPE_CHECKING:
    from tracker.api import CopyReport


def _report(result: CopyReport, verb: str) -> None:
    """The head on stdout (data: keep it for `verify --head`), the rest on stderr."""
    from tracker.render import printable

    click.echo(str(result.head))
    click.echo(
        printable(f"{verb} {result.copied} events to {result.target}: head {result.head}"),
        err=True,
    )


@cli.command()
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL|PATH",
    help="The store to copy into: a database URL or a SQLite path. It must hold no events.",
)
@click.pass_context
def copy(ctx: click.Context, target: str) -> None:
    """Copy the store into another, with its history: every seq, recorded_at and hash kept.

    How to move from SQLite to PostgreSQL (and back): known-on answers stay the
    same on both sides. The target must be empty; nothing is written to it
    unless every row is copied.
    """
    _report(tracker_of(ctx).copy_to(target), "copied")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, path: Path) -> None:
    """Write a consistent copy of the store to a new SQLite file PATH (never overwritten).

    Safe while others append: the copy is of one moment. The file is readable
    by its owner only; open it with `tracker --db PATH`.
    """
    _report(tracker_of(ctx).backup(path), "backed up")
