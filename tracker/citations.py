"""Sources as citations: how `--sources` names the events behind an answer.

A citation is the publisher, the date published and the URL of one event's
source (the source's title instead where it has no URL, so it can still be
found). In a CSV/TSV cell several citations are joined by ` | ` (a URL never
holds a space, so the join cannot be confused with one); a table numbers each
distinct citation once and lists them under it, so a long URL never pushes a
row off the screen. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

from attrs import evolve, frozen

from tracker.model import Source
from tracker.render import Column, display_width, format_date

R = TypeVar("R")
JOIN = " | "


def cite(event_id: str, source: Source | None) -> str:
    """`USTR, 2025-07-31, https://…`; an event without a source says so, by id."""
    if source is None:
        return f"event {event_id}: no source given"
    where = source.url or (f'"{source.title}"' if source.title else None)
    parts = [source.publisher, format_date(source.published) or None, where]
    text = ", ".join(part for part in parts if part)
    return text or f"event {event_id}: source without publisher, date or URL"


def citations(event_ids: Sequence[str], sources: Mapping[str, Source | None]) -> list[str]:
    """The distinct citations of some events, in their order."""
    return list(dict.fromkeys(cite(i, sources.get(i)) for i in event_ids))


def source_json(event_id: str, source: Source | None) -> dict[str, Any]:
    """One event's source for the JSON `sources` key (`null`s where unknown)."""
    published = source.published.isoformat() if source and source.published else None
    return {
        "event_id": event_id,
        "publisher": source.publisher if source else None,
        "title": source.title if source else None,
        "published": published,
        "url": source.url if source else None,
    }


def _ranges(numbers: Sequence[int]) -> str:
    """`1-3, 5`: footnote numbers, runs shown as ranges."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


class Footnotes:
    """The numbered list of citations under a table, numbered in order of first use."""

    def __init__(self, cited: Sequence[Sequence[str]]) -> None:
        self.numbers: dict[str, int] = {}
        for row in cited:
            for citation in row:
                self.numbers.setdefault(citation, len(self.numbers) + 1)

    def refs(self, row: Sequence[str]) -> str:
        return _ranges([self.numbers[citation] for citation in row])

    def lines(self, width: int | None = None) -> list[str]:
        """`[1] USTR, 2025-07-31, https://…`, one per citation; on a terminal `width`
        wide each is folded under its number, a URL kept whole on a line of its own
        (a URL cut by the terminal cannot be copied back)."""
        notes = [(f"[{number}] ", citation) for citation, number in self.numbers.items()]
        if width is None:
            return [mark + citation for mark, citation in notes]
        return [line for mark, citation in notes for line in _folded(mark, citation, width)]


def _folded(mark: str, citation: str, width: int) -> list[str]:
    """One citation as lines no wider than `width` where words allow, filled greedily
    after `mark` and indented under it; a URL always on a line of its own, whole."""
    indent = " " * len(mark)
    lines: list[str] = []
    line = ""
    for word in citation.split(" "):
        url = word.startswith(("http://", "https://"))
        fits = display_width(f"{indent}{line} {word}") <= width
        if line and (url or not fits):
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
        if url:
            lines.append(line)
            line = ""
    if line:
        lines.append(line)
    return [(indent if n else mark) + text for n, text in enumerate(lines)]


@frozen
class Cited(Generic[R]):
    """A result row with the citations of the events behind it."""

    row: R
    citations: tuple[str, ...]


def _lift(cell: Callable[[R], str]) -> Callable[[Cited[R]], str]:
    return lambda cited: cell(cited.row)


def cited_columns(columns: Sequence[Column[R]], notes: Footnotes) -> list[Column[Cited[R]]]:
    """A report's columns plus `sources`: footnote numbers in a table, citations in CSV/TSV."""
    lifted: list[Column[Cited[R]]] = [
        evolve(
            cast("Column[Any]", column),  # the same column, reading the row inside
            cell=_lift(column.cell),
            exact=_lift(column.exact) if column.exact else None,
            brief=_lift(column.brief) if column.brief else None,
            data=_lift(column.data) if column.data else None,
        )
        for column in columns
    ]
    sources: Column[Cited[R]] = Column(
        "sources",
        lambda cited: notes.refs(cited.citations),
        lambda cited: JOIN.join(cited.citations),
    )
    return [*lifted, sources]
