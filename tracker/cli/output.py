"""The output options every query and `log` share, and one renderer per format.

`--json` prints the JSON contract; `--csv` and `--tsv` the table's columns, all
of them and nothing cut, for spreadsheets; otherwise a table fitted to the
terminal. `--sources` adds the sources of the events behind each row.
"""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import click

if TYPE_CHECKING:
    from tracker.model import Source
    from tracker.render import Column

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
Format = Literal["table", "json", "csv", "tsv"]
DELIMITERS = {"csv": ",", "tsv": "\t"}


@dataclass(frozen=True)
class Output:
    """How to print an answer: the format, and whether to cite the sources."""

    format: Format = "table"
    sources: bool = False


_FORMAT_FLAGS: tuple[tuple[str, Format, str], ...] = (
    ("--json", "json", "Print a JSON array (the JSON contract) instead of a table."),
    ("--csv", "csv", "Print CSV: the table's columns, every value in full."),
    ("--tsv", "tsv", "Print tab-separated values: the table's columns, every value in full."),
)


def output_options(func: F) -> F:
    """Add `--json`, `--csv`, `--tsv` (one at most) and `--sources`; pass `output: Output`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        chosen = [
            (flag, name) for flag, name, _ in _FORMAT_FLAGS if kwargs.pop(f"as_{name}", False)
        ]
        if len(chosen) > 1:
            raise click.UsageError(f"give one of {', '.join(flag for flag, _ in chosen)}")
        output = Output(chosen[0][1] if chosen else "table", kwargs.pop("sources"))
        return func(*args, output=output, **kwargs)

    decorated: Any = click.option(
        "--sources",
        is_flag=True,
        help="Add the publisher, date and URL of the events behind each row.",
    )(wrapper)
    for flag, name, text in reversed(_FORMAT_FLAGS):
        decorated = click.option(flag, f"as_{name}", is_flag=True, help=text)(decorated)
    return cast(F, decorated)


def terminal_width() -> int | None:
    """The width tables fit on a terminal; None when piped, so nothing is ever cut there."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def emit(
    output: Output,
    columns: Sequence[Column[R]],
    rows: Sequence[R],
    *,
    to_json_rows: Callable[[Sequence[R]], list[dict[str, Any]]],
    event_ids: Callable[[R], Sequence[str]],
    sources: Callable[[Sequence[str]], Mapping[str, Source | None]],
    empty: str,
) -> None:
    """Print `rows` as `output` asks; an empty table is a note on stderr instead."""
    from tracker.render import printable, to_json

    known: Mapping[str, Source | None] = {}
    if output.sources and rows:
        known = sources([event_id for row in rows for event_id in event_ids(row)])
    if output.format == "json":
        click.echo(to_json(_with_sources(to_json_rows(rows), rows, event_ids, known, output)))
        return
    if not rows:
        click.echo(printable(empty), err=True)
        if output.format == "table":
            return
    if output.sources:
        _emit_cited(output, columns, rows, event_ids, known)
    else:
        _emit_plain(output, columns, rows)


def _emit_plain(output: Output, columns: Sequence[Column[R]], rows: Sequence[R]) -> None:
    from tracker.render import delimited, table

    if output.format == "table":
        width = terminal_width()
        laid_out = table(columns, rows, width)
        click.echo(laid_out.text)
        if laid_out.hidden:
            hidden = ", ".join(laid_out.hidden)
            click.echo(f"({hidden} hidden to fit {width} columns; --csv shows all)", err=True)
    else:
        click.echo(delimited(columns, rows, DELIMITERS[output.format]), nl=False)


def _emit_cited(
    output: Output,
    columns: Sequence[Column[R]],
    rows: Sequence[R],
    event_ids: Callable[[R], Sequence[str]],
    known: Mapping[str, Source | None],
) -> None:
    from tracker.citations import Cited, Footnotes, citations, cited_columns

    cited = [Cited(row, tuple(citations(event_ids(row), known))) for row in rows]
    notes = Footnotes([item.citations for item in cited])
    _emit_plain(output, cited_columns(columns, notes), cited)
    if output.format == "table" and cited:
        click.echo("\nsources:\n" + "\n".join(notes.lines(terminal_width())))


def _with_sources(
    json_rows: list[dict[str, Any]],
    rows: Sequence[R],
    event_ids: Callable[[R], Sequence[str]],
    known: Mapping[str, Source | None],
    output: Output,
) -> list[dict[str, Any]]:
    """With `--sources`, every JSON row gains `sources`: one object per event behind it."""
    if not output.sources:
        return json_rows
    from tracker.citations import source_json

    return [
        item | {"sources": [source_json(i, known.get(i)) for i in event_ids(row)]}
        for item, row in zip(json_rows, rows, strict=True)
    ]
