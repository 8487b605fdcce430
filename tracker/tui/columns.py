"""The columns of each report view: the CLI's cells, and which row fields each one shows.

A cell's text is the CLI table's (the same formatter), so the app and `tracker
tariffs` never disagree; `fields` names the row's JSON keys a cell shows, so a
changed field marks exactly the cells that show it. Pure: strings only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from attrs import frozen

from tracker.diff import Change
from tracker.projections.meetings import MeetingRow
from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.projections.tariffs import TariffLine
from tracker.render import format_amount, format_date
from tracker.tables import COMPARATORS, _detail, _gap, _pending, _rate, _threat

R = TypeVar("R")


@frozen
class ViewColumn(Generic[R]):
    header: str
    cell: Callable[[R], str]
    fields: tuple[str, ...] = ()
    right: bool = False


def _status(text: str) -> str:
    return text.replace("_", " ")


TARIFFS: Sequence[ViewColumn[TariffLine]] = (
    ViewColumn("by", lambda line: line.imposed_by),
    ViewColumn("on", lambda line: line.applies_to, ("applies_to",)),
    ViewColumn("measure", lambda line: line.measure),
    ViewColumn("status", lambda line: _status(line.status), ("status",)),
    ViewColumn("rate", _rate, ("rate_pct", "basis"), right=True),
    ViewColumn("since", lambda line: format_date(line.since), ("since",)),
    ViewColumn("pending", lambda line: _pending(line.pending), ("pending",)),
    ViewColumn("paused to", lambda line: format_date(line.paused_until), ("paused_until",)),
    ViewColumn("threat", lambda line: _threat(line.threat), ("threat",)),
)

MEETINGS: Sequence[ViewColumn[MeetingRow]] = (
    ViewColumn("counterpart", lambda row: row.counterpart),
    ViewColumn("org", lambda row: row.org or "", ("org",)),
    ViewColumn("country", lambda row: row.country or "", ("country",)),
    ViewColumn("count", lambda row: str(row.count), ("count",), right=True),
    ViewColumn("first", lambda row: format_date(row.first), ("first",)),
    ViewColumn("last", lambda row: format_date(row.last), ("last",)),
    ViewColumn(
        "next",
        lambda row: format_date(row.upcoming[0].for_date) if row.upcoming else "",
        ("upcoming",),
    ),
)

TARGETS: Sequence[ViewColumn[TargetRow]] = (  # "did we hit it?" first: status, then numbers
    ViewColumn("set by", lambda row: row.set_by),
    ViewColumn("metric", lambda row: row.metric),
    ViewColumn("period", lambda row: row.period),
    ViewColumn("status", lambda row: row.status, ("status",)),
    ViewColumn("target", lambda row: format_amount(row.target, row.unit), ("target",), right=True),
    ViewColumn("actual", lambda row: format_amount(row.actual, row.unit), ("actual",), right=True),
    ViewColumn("gap", lambda row: _gap(row.gap, row.unit), ("gap",), right=True),
    ViewColumn("reported", lambda row: format_date(row.reported_on), ("reported_on",)),
    ViewColumn("comparator", lambda row: COMPARATORS.get(row.comparator, row.comparator)),
)


def _previous(row: RecordRow) -> str:
    if row.previous is None:
        return ""
    return f"{row.previous.period}: {format_amount(row.previous.value, row.unit)}"


RECORDS: Sequence[ViewColumn[RecordRow]] = (
    ViewColumn("metric", lambda row: row.metric),
    ViewColumn("period", lambda row: row.period, ("period",)),
    ViewColumn("value", lambda row: format_amount(row.value, row.unit), ("value",), right=True),
    ViewColumn("date", lambda row: format_date(row.date), ("date",)),
    ViewColumn("previous", _previous, ("previous",)),
)

DIFF: Sequence[ViewColumn[Change]] = (
    ViewColumn("projection", lambda change: change.projection),
    ViewColumn("key", lambda change: change.key),
    ViewColumn("change", lambda change: change.change),
    ViewColumn("detail", _detail),
)


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


def key_of(fields: Sequence[str]) -> Callable[[dict[str, Any]], str]:
    """A row's key for marks: its key fields joined as `tracker diff` joins them."""
    return lambda row: "/".join(str(row[name]) for name in fields)
