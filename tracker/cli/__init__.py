"""The command line: a thin click layer over the `Tracker` API.

stdout carries data only; every diagnostic goes to stderr. Exit codes are
`ExitCode`: 1 bad input (nothing written), 2 usage, 3 store unavailable,
4 a broken hash chain, 70 an internal error (a bug). Commands live by job: `events` (append, import,
export, log, seed, verify) and `queries` (state as of a date).
"""

from tracker.cli import app, events, queries  # noqa: F401  (importing registers the commands)
from tracker.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="tracker")
