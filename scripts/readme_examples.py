"""Check, or refresh, the command outputs README.md shows.

Every fenced block in the README whose first line is `$ tracker ...` shows the
real output of that command, run piped (so nothing is cut) on a fresh default
store: the curated timeline in `events/`. A line `...` stands for lines left
out, and `...` within a line any text (a line cut short); the lines around
them must match the real output in order.

    python scripts/readme_examples.py           # check: exit 1 naming each stale block
    python scripts/readme_examples.py --write   # rewrite the blocks from real output

The timeline grows as events are added; refresh the README with `--write`
and read the diff before committing it.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```[a-z]*\n(\$ tracker [^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
GAP = "..."


@dataclass(frozen=True)
class Example:
    """One shown command: where its output sits in the README text, and what it shows."""

    command: str
    start: int
    end: int
    shown: list[str]


def examples(text: str) -> Iterator[Example]:
    for match in FENCE.finditer(text):
        shown = match.group(2).splitlines()
        yield Example(match.group(1)[2:], match.start(2), match.end(2), shown)


def run(command: str, data_home: str) -> list[str]:
    """The command's stdout, run as a user runs it, on the default store under `data_home`."""
    args = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_DB", "TRACKER_URL")}
    env["XDG_DATA_HOME"] = data_home
    result = subprocess.run(
        [sys.executable, "-m", "tracker", *args[1:]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"`{command}` failed: {result.stderr.strip()}")
    return result.stdout.splitlines()


def _segments(shown: Sequence[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == GAP:
            segments.append([])
        else:
            segments[-1].append(line)
    return segments


def line_matches(shown: str, real: str) -> bool:
    """One line: equal, or with each `...` inside it standing for any text (a cut line)."""
    if GAP not in shown:
        return shown == real
    pattern = ".*".join(re.escape(part) for part in shown.split(GAP))
    return re.fullmatch(pattern, real) is not None


def _run_matches(shown: Sequence[str], real: Sequence[str]) -> bool:
    return len(shown) == len(real) and all(map(line_matches, shown, real))


def matches(shown: Sequence[str], real: Sequence[str]) -> bool:
    """Whether the shown lines are the real ones: a line `...` stands for any run of
    lines, and `...` within a line for any text."""
    segments = _segments(shown)
    if len(segments) == 1:
        return _run_matches(shown, real)
    first, *middle, last = segments
    if not _run_matches(first, real[: len(first)]):
        return False
    if last and not _run_matches(last, real[len(real) - len(last) :]):
        return False
    position, limit = len(first), len(real) - len(last)
    for segment in middle:
        while position + len(segment) <= limit and not _run_matches(
            segment, real[position : position + len(segment)]
        ):
            position += 1
        if position + len(segment) > limit:
            return False
        position += len(segment)
    return True


def refreshed(shown: Sequence[str], real: Sequence[str]) -> list[str]:
    """The real output, cut as the shown block was: its head, `...`, and its tail."""
    segments = _segments(shown)
    if len(segments) == 1:
        return list(real)
    head, tail = len(segments[0]), len(segments[-1])
    gap = next(line for line in shown if line.strip() == GAP)
    return [*real[:head], gap, *(real[len(real) - tail :] if tail else [])]


def stale(text: str, data_home: str) -> list[str]:
    return [e.command for e in examples(text) if not matches(e.shown, run(e.command, data_home))]


def rewrite(text: str, data_home: str) -> str:
    """Refresh the stale blocks only: one that still matches keeps its chosen excerpt."""
    for example in reversed(list(examples(text))):
        real = run(example.command, data_home)
        if not matches(example.shown, real):
            lines = refreshed(example.shown, real)
            text = text[: example.start] + "\n".join(lines) + "\n" + text[example.end :]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md in place")
    options = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as data_home:
        if options.write:
            README.write_text(rewrite(text, data_home), encoding="utf-8")
            return 0
        commands = stale(text, data_home)
    for command in commands:
        print(f"stale: $ {command}", file=sys.stderr)
    return 1 if commands else 0


if __name__ == "__main__":
    sys.exit(main())
