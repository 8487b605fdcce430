"""The columns of each report view: the CLI's own columns, and the row fields each shows.

A cell is the CLI table's (`tracker.tables`), so the app and `tracker tariffs`
never disagree; `fields` names the row's JSON keys a cell shows, so a changed
field marks exactly the cells that show it. The app adds two columns of its
own: a bar of how far a figure got towards its target, and how far a record
beat the last. Pure: strings only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from attrs import frozen

from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.render import Column, format_amount
from tracker.tables import (
    DIFF_COLUMNS,
    MEETING_COLUMNS,
    RECORD_COLUMNS,
    TARGET_COLUMNS,
    TARIFF_COLUMNS,
)

R = TypeVar("R")


@frozen
class ViewColumn(Generic[R]):
    """A CLI column on screen, with the row fields whose change marks its cell."""

    column: Column[R]
    fields: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return self.column.header

    @property
    def right(self) -> bool:
        return self.column.right

    def cell(self, row: R) -> str:
        return self.column.cell(row)


def on_screen(
    columns: Sequence[Column[R]],
    fields: Mapping[str, tuple[str, ...]],
    order: Sequence[str] = (),
) -> tuple[ViewColumn[R], ...]:
    """The CLI table's columns (in `order` of headers, if given) with the fields each
    shows; the columns only CSV/TSV carry are not on screen."""
    shown = [column for column in columns if column.only != "data"]
    by_header = {column.header: column for column in shown}
    chosen = [by_header[header] for header in order] if order else shown
    return tuple(ViewColumn(column, fields.get(column.header, ())) for column in chosen)


PARTIAL = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


def progress_bar(actual: Decimal | None, target: Decimal, cells: int = 10) -> str:
    """`████████▌░ 85 %`: how far the figure got towards the target (full past 100 %)."""
    if actual is None or not target:
        return ""
    share = actual / target
    eighths = round(min(max(share, Decimal(0)), Decimal(1)) * cells * 8)
    full, part = divmod(eighths, 8)
    bar = ("█" * full + PARTIAL[part]).ljust(cells, "░")
    return f"{bar} {share * 100:.0f} %"


def beat_by(row: RecordRow) -> str:
    """How far a record beat the one before: `+$25.9bn (+3.8 %)`."""
    if row.previous is None:
        return ""
    gap = row.value - row.previous.value
    sign = "+" if gap >= 0 else ""
    if not row.previous.value:
        return f"{sign}{format_amount(gap, row.unit)}"
    pct = gap / row.previous.value * 100
    places = 1 if abs(pct) >= 1 or pct == 0 else 2  # a hair's breadth still shows
    return f"{sign}{format_amount(gap, row.unit)} ({sign}{pct:.{places}f} %)"


TARIFFS = on_screen(
    TARIFF_COLUMNS,
    {
        "on": ("applies_to",),
        "status": ("status",),
        "rate": ("rate_pct", "basis"),
        "since": ("since",),
        "pending": ("pending", "schedule"),
        "paused to": ("paused_until",),
        "threat": ("threat",),
        "products": ("products",),
    },
)
MEETINGS = on_screen(
    MEETING_COLUMNS,
    {
        "org": ("org",),
        "country": ("country",),
        "count": ("count",),
        "first": ("first",),
        "last": ("last",),
        "upcoming": ("upcoming",),
    },
)
PROGRESS: ViewColumn[TargetRow] = ViewColumn(
    Column("progress", lambda row: progress_bar(row.actual, row.target)), ("actual", "target")
)
TARGETS = (  # "did we hit it?" first: the status and how far the figure got
    *on_screen(
        TARGET_COLUMNS,
        {
            "status": ("status",),
            "target": ("target",),
            "actual": ("actual",),
            "gap": ("gap",),
            "reported": ("reported_on",),
        },
        order=("set by", "metric", "period", "status", "target", "actual", "gap"),
    ),
    PROGRESS,
    *on_screen(TARGET_COLUMNS, {"reported": ("reported_on",)}, order=("reported", "comparator")),
)
RECORDS = (
    *on_screen(
        RECORD_COLUMNS,
        {"period": ("period",), "value": ("value",), "date": ("date",), "previous": ("previous",)},
    ),
    ViewColumn(Column("beat by", beat_by, right=True), ("value", "previous")),
)
DIFF = on_screen(DIFF_COLUMNS, {})
# What `e` exports for each view: the CLI's columns, as `tracker tariffs --csv` writes them.
EXPORTED: Mapping[str, Sequence[Column[Any]]] = {
    "tariffs": TARIFF_COLUMNS,
    "meetings": MEETING_COLUMNS,
    "targets": TARGET_COLUMNS,
    "records": RECORD_COLUMNS,
    "diff": DIFF_COLUMNS,
}


def key_of(fields: Sequence[str]) -> Callable[[dict[str, Any]], str]:
    """A row's key for marks: its key fields joined as `tracker diff` joins them."""
    return lambda row: "/".join(str(row[name]) for name in fields)
