"""The `tracker` group: global options, the store it opens, and errors as exit codes.

Nothing here imports the database layer: `tracker --version` and `--help` start
with click alone, and the store is opened when a command first asks for it.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker import __version__
from tracker.errors import ExitCode, TrackerError

if TYPE_CHECKING:
    from tracker.api import Tracker


class TrackerGroup(click.Group):
    """Turns tracker errors into one line on stderr with the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as error:
            from tracker.render import one_line

            click.echo(f"Error: {_capped(one_line(str(error)))}", err=True)
            ctx.exit(int(error.exit_code))
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): not an error
            ctx.exit(int(ExitCode.OK))
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug, not bad input: an exit code of its own
            from tracker.render import one_line

            if os.environ.get("TRACKER_DEBUG"):
                traceback.print_exc()
            reason = _capped(one_line(f"{type(error).__name__}: {error}"))
            click.echo(
                f"Error: internal error (a bug in tracker, please report it): {reason} "
                "(TRACKER_DEBUG=1 shows the traceback)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


MESSAGE_LIMIT = 1_000  # characters of an error line, however long what it quotes


def _capped(message: str) -> str:
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT] + "…"


class StoreOpener:
    """Opens the store on first use, so `--help` never touches a database.

    Commands that only read ask for an existing store (`create=False`): a
    mistyped `--db` is an error, not a new empty store. Writing commands create it.
    """

    def __init__(self, db: Path | None, url: str | None, read_only: bool = False) -> None:
        self.target: str | Path | None = url or db
        self.read_only = read_only
        self._tracker: Tracker | None = None

    def __call__(self, create: bool, dry_run: bool) -> Tracker:
        if self.read_only and create:
            raise click.UsageError("--read-only: this command writes to the store")
        if self._tracker is None:
            from tracker.api import open as open_tracker
            from tracker.errors import StoreMissing

            try:
                self._tracker = open_tracker(
                    self.target, create=create and not dry_run, read_only=self.read_only
                )
            except StoreMissing:
                if not dry_run:
                    raise
                # A dry run writes nothing, not even a new file: check against an empty store.
                self._tracker = open_tracker("sqlite://")
        return self._tracker

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.close()


def tracker_of(ctx: click.Context, *, create: bool = False, dry_run: bool = False) -> Tracker:
    """The open store; only writing commands pass `create=True`."""
    opener: StoreOpener = ctx.find_object(StoreOpener)  # type: ignore[assignment]
    return opener(create, dry_run)


@click.group(cls=TrackerGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    envvar="TRACKER_DB",
    help="SQLite file to use (writing commands create it). Env: TRACKER_DB.",
)
@click.option(
    "--url",
    envvar="TRACKER_URL",
    metavar="URL",
    help="Database URL, e.g. postgresql+psycopg://host/db. Env: TRACKER_URL.",
)
@click.option(
    "--read-only",
    is_flag=True,
    envvar="TRACKER_READ_ONLY",
    help="Open the store read-only: the database refuses every write. Env: TRACKER_READ_ONLY.",
)
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, url: str | None, read_only: bool) -> None:
    """Track trade negotiations as a dated, sourced, append-only timeline.

    With no command, opens the app on a terminal and prints the timeline
    elsewhere (a pipe, a file). Without --db or --url, the default
    store in your user data folder is used, seeded with the curated timeline
    the first time it is created.
    """
    if db and url:
        raise click.UsageError("give --db or --url, not both")
    opener = StoreOpener(db, url, read_only)
    ctx.obj = opener
    ctx.call_on_close(opener.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.commands["tui" if on_a_terminal() else "log"])


def on_a_terminal() -> bool:
    """The app needs a terminal both ways: keys from stdin, the screen on stdout."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def read_stdin() -> str:
    from tracker.codec import utf8_text

    return utf8_text(sys.stdin.buffer.read(), "<stdin>")
