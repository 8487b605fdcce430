"""The command line: a thin click layer over the `Tracker` API.

stdout carries data only; every diagnostic goes to stderr. Exit codes are
`ExitCode`: 1 bad input (nothing written), 2 usage, 3 store unavailable,
4 a broken hash chain, 70 an internal error (a bug). Commands live by job:
`events` (append, import, seed, export, verify), `timeline` (log, show),
`moves` (copy, backup), `queries` (state as of a date), `app` (the terminal app)
and `serve` (the app in a browser).
No module here imports the database layer at import time, so `--version` and
`--help` start fast; commands import what they use when they run.
"""

from tracker.cli import (  # noqa: F401  (importing registers the commands)
    app,
    events,
    moves,
    queries,
    serve,
    timeline,
)
from tracker.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="tracker")
