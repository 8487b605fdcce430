"""The columns of each report: what `tracker tariffs` and friends print, in any text format.

Pure: a report's columns say how to show one result row; `render.table` and
`render.delimited` lay them out as a terminal table, CSV or TSV, so every format
carries the same columns. Only formats; every value shown is already in the row.

How columns give way on a narrow terminal (`give_way`, lowest first): empty
columns, then what can be looked up elsewhere (the pause's end, the
comparator), then detail; free text is cut, never dropped. A log's title is cut
(to no less than 20 columns) before its type and id give way: without the id
there is nothing to give `show`, without the type a threat reads like a
decision. A tariff line keeps when its rate began (`since`) longest, and a
threat is shown with its date or not at all. A target's `set by` is left out
whole rather than cut to an ambiguous stub. A row's key and a log row's
correction mark never give way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from tracker.change_text import change_text
from tracker.citations import JOIN
from tracker.codec import format_decimal
from tracker.diff import Change
from tracker.projections.meetings import MeetingRow
from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.projections.tariffs import PendingChange, TariffLine, Threat
from tracker.render import Column, format_amount, format_date, format_pct
from tracker.timeline import LogEntry

COMPARATORS = {"at_least": "at least", "about": "about", "at_most": "at most"}
MARKS = {"original": "", "corrected": "corrected", "retracted": "retracted"}


def _change(change: PendingChange) -> str:
    what = "lift" if change.lift else format_pct(change.rate_pct)
    if change.pause:
        what = f"pause {what}".rstrip()
    return f"{what} from {format_date(change.effective)}"


def _schedule(line: TariffLine) -> str:
    """Every decided change ahead: `10 % from 2025-04-05, then 25 % from 2025-04-09`."""
    return ", then ".join(_change(change) for change in line.schedule)


def _headline(line: TariffLine) -> str:
    """In brief, where the line is headed: the last change ahead (`… ` if others come first)."""
    if not line.schedule:
        return ""
    return ("… " if len(line.schedule) > 1 else "") + _change(line.schedule[-1])


def _threat(threat: Threat | None) -> str:
    """`10-20 % (2025-01-25)`: the rate threatened and when (never the rate alone: the
    date says which threat). A promised cut reads `promised 15 % (2025-07-31)`."""
    if threat is None:
        return ""
    if threat.rate_pct is not None:
        rate = format_pct(threat.rate_pct)
    else:
        low = format_decimal(threat.rate_min_pct) if threat.rate_min_pct is not None else "?"
        rate = f"{low}-{format_pct(threat.rate_max_pct)}"
    if threat.promised:
        rate = f"promised {rate}"
    return f"{rate} ({format_date(threat.date)})"


SCOPE_WIDTH = 40


def _scope(line: TariffLine) -> str:
    """What the rate covers, in brief: `products` to its first clause (`…` marks the cut),
    so a narrow scope (`certain semiconductors…`) shows beside the rate."""
    text = " ".join((line.products or "").split())
    cuts = [place for mark in ("; ", " (", ": ") if (place := text.find(mark)) > 0]
    if cuts:
        text = f"{text[: min(cuts)]}…"
    if len(text) > SCOPE_WIDTH:
        text = text[: SCOPE_WIDTH - 1].rstrip() + "…"
    return text


def _rate(line: TariffLine) -> str:
    """`25 %`, or `15 % floor` when the rate is all-in rather than on top of MFN/FTA duty."""
    rate = format_pct(line.rate_pct)
    return f"{rate} floor" if rate and line.basis == "floor" else rate


def _amount_column(header: str, amount: Callable[[Any], Decimal | None]) -> Column[Any]:
    """An amount in the row's unit: rounded on screen, exact with --sources, a number as data."""
    return Column(
        header,
        lambda row: format_amount(amount(row), row.unit),
        lambda row: format_amount(amount(row), row.unit, exact=True),
        data=lambda row: _number(amount(row)),
        right=True,
    )


def _number(value: Decimal | None) -> str:
    """A number as data: every digit, no grouping, no unit (`20000000000`, `-16.2`)."""
    return format_decimal(value) if value is not None else ""


def _ids(row: TariffLine | MeetingRow | TargetRow | RecordRow) -> str:
    return JOIN.join(row.event_ids)


def _pending_kind(pending: PendingChange | None) -> str:
    if pending is None:
        return ""
    return "lift" if pending.lift else "pause" if pending.pause else "rate"


def _threat_bound(threat: Threat | None, low: bool) -> str:
    """The low or high end of the rate threatened; both are the rate when it is one."""
    if threat is None:
        return ""
    bound = threat.rate_min_pct if low else threat.rate_max_pct
    return _number(threat.rate_pct if threat.rate_pct is not None else bound)


TARIFF_COLUMNS: tuple[Column[TariffLine], ...] = (
    Column("by", lambda line: line.imposed_by),
    Column("on", lambda line: line.applies_to),
    Column("measure", lambda line: line.measure),
    Column("status", lambda line: line.status.replace("_", " "), data=lambda line: line.status),
    Column("rate", _rate, data=lambda line: _number(line.rate_pct)),
    Column("basis", lambda line: line.basis, only="data"),
    Column("since", lambda line: format_date(line.since), give_way=4),
    Column("pending", _schedule, give_way=3, only="table", brief=_headline),
    Column("pending", lambda line: _pending_kind(line.pending), only="data"),
    Column(
        "pending rate",
        lambda line: _number(line.pending.rate_pct) if line.pending else "",
        only="data",
    ),
    Column(
        "pending from",
        lambda line: format_date(line.pending.effective) if line.pending else "",
        only="data",
    ),
    Column("paused to", lambda line: format_date(line.paused_until), give_way=1),
    Column("threat", lambda line: _threat(line.threat), give_way=2, only="table"),
    Column(
        "threat min",
        lambda line: _threat_bound(line.threat, low=True),
        only="data",
    ),
    Column(
        "threat max",
        lambda line: _threat_bound(line.threat, low=False),
        only="data",
    ),
    Column(
        "threat date",
        lambda line: format_date(line.threat.date) if line.threat else "",
        only="data",
    ),
    Column("products", _scope, give_way=2, shrink_to=10, data=lambda line: line.products or ""),
    Column("event ids", _ids, only="data"),
)

MEETING_COLUMNS: tuple[Column[MeetingRow], ...] = (
    Column("counterpart", lambda row: row.counterpart, give_way=5, shrink_to=16),
    Column("org", lambda row: row.org or "", give_way=2, shrink_to=10),
    Column("country", lambda row: row.country or "", give_way=1),
    Column("count", lambda row: str(row.count), right=True),
    Column("first", lambda row: format_date(row.first), give_way=0),
    Column("last", lambda row: format_date(row.last)),
    Column(
        "upcoming",
        lambda row: ", ".join(format_date(item.for_date) for item in row.upcoming),
        data=lambda row: JOIN.join(format_date(item.for_date) for item in row.upcoming),
        give_way=3,
        shrink_to=10,
    ),
    Column("event ids", _ids, only="data"),
)


def _gap(gap: Decimal | None, unit: str, exact: bool = False) -> str:
    text = format_amount(gap, unit, exact)
    return f"+{text}" if gap is not None and gap > 0 else text


TARGET_COLUMNS: tuple[Column[TargetRow], ...] = (
    Column("set by", lambda row: row.set_by, give_way=2),
    Column("metric", lambda row: row.metric),
    Column("period", lambda row: row.period),
    Column(
        "comparator",
        lambda row: COMPARATORS.get(row.comparator, row.comparator),
        data=lambda row: row.comparator,
        give_way=1,
    ),
    _amount_column("target", lambda row: row.target),
    _amount_column("actual", lambda row: row.actual),
    Column("unit", lambda row: row.unit, only="data"),
    Column("reported", lambda row: format_date(row.reported_on), give_way=0),
    Column("status", lambda row: row.status),
    Column(
        "gap",
        lambda row: _gap(row.gap, row.unit),
        lambda row: _gap(row.gap, row.unit, exact=True),
        data=lambda row: _number(row.gap),
        right=True,
        give_way=3,
    ),
    Column("event ids", _ids, only="data"),
)


def _previous(row: RecordRow, exact: bool = False) -> str:
    if row.previous is None:
        return ""
    return f"{row.previous.period}: {format_amount(row.previous.value, row.unit, exact)}"


RECORD_COLUMNS: tuple[Column[RecordRow], ...] = (
    Column("metric", lambda row: row.metric),
    Column("period", lambda row: row.period),
    _amount_column("value", lambda row: row.value),
    Column("unit", lambda row: row.unit, only="data"),
    Column("date", lambda row: format_date(row.date), give_way=1),
    Column(
        "previous",
        _previous,
        lambda row: _previous(row, exact=True),
        give_way=0,
        only="table",
    ),
    Column(
        "previous period",
        lambda row: row.previous.period if row.previous else "",
        only="data",
    ),
    Column(
        "previous value",
        lambda row: _number(row.previous.value) if row.previous else "",
        only="data",
    ),
    Column("event ids", _ids, only="data"),
)


DIFF_COLUMNS: tuple[Column[Change], ...] = (
    Column("projection", lambda change: change.projection, give_way=0),
    Column("key", lambda change: change.key),
    Column("change", lambda change: change.change),
    Column("detail", change_text, give_way=1, shrink_to=20),
)


def change_event_ids(change: Change) -> tuple[str, ...]:
    """The events behind a change: those new on its `after` side, else the row's own."""
    before = tuple((change.before or {}).get("event_ids", ()))
    after = tuple((change.after or {}).get("event_ids", ()))
    new = tuple(event_id for event_id in after if event_id not in before)
    return new or after or before


def event_ids_of(row: object) -> Sequence[str]:
    """The ids of the events a result row was derived from."""
    if isinstance(row, Change):
        return change_event_ids(row)
    ids: Sequence[str] = getattr(row, "event_ids", ())
    return ids


LOG_COLUMNS: tuple[Column[LogEntry], ...] = (
    Column("date", lambda entry: format_date(entry.event.date)),
    Column("type", lambda entry: entry.event.type, give_way=1),
    Column("status", lambda entry: MARKS[entry.status]),
    Column("id", lambda entry: entry.record.id, give_way=2),
    Column("title", lambda entry: entry.event.title, give_way=0, shrink_to=20),
)
