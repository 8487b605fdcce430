"""Plain-text tables for each report: what `tracker tariffs` and friends print.

Pure: each function turns result rows into one string and never prints. Only
formats; every value shown is already in the row. An empty result is a table of
headers only (what to say instead is the CLI's choice). Given a terminal
`width`, each table cuts its one free-text column to fit; without it (a pipe),
nothing is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tracker.codec import format_decimal
from tracker.diff import Change
from tracker.projections.meetings import MeetingRow
from tracker.projections.records import RecordRow
from tracker.projections.targets import TargetRow
from tracker.projections.tariffs import PendingChange, TariffLine, Threat
from tracker.render import fit_to, format_amount, format_date, format_pct, table, to_json

COMPARATORS = {"at_least": "at least", "about": "about", "at_most": "at most"}
SUMMARY_KEYS = ("status", "rate_pct", "count", "value", "actual")


def _pending(pending: PendingChange | None) -> str:
    if pending is None:
        return ""
    what = "lift" if pending.lift else format_pct(pending.rate_pct)
    if pending.pause:
        what = f"pause {what}".rstrip()
    return f"{what} from {format_date(pending.effective)}"


def _threat(threat: Threat | None) -> str:
    if threat is None:
        return ""
    if threat.rate_pct is not None:
        rate = format_pct(threat.rate_pct)
    else:
        low = format_decimal(threat.rate_min_pct) if threat.rate_min_pct is not None else "?"
        rate = f"{low}-{format_pct(threat.rate_max_pct)}"
    return f"{rate} ({format_date(threat.date)})"


def _rate(line: TariffLine) -> str:
    """`25 %`, or `15 % floor` when the rate is all-in rather than on top of MFN/FTA duty."""
    rate = format_pct(line.rate_pct)
    return f"{rate} floor" if rate and line.basis == "floor" else rate


def tariffs_table(lines: Sequence[TariffLine], width: int | None = None) -> str:
    headers = ["by", "on", "measure", "status", "rate", "since", "pending", "paused to"]
    headers += ["threat"]
    rows = [
        [
            line.imposed_by,
            line.applies_to,
            line.measure,
            line.status.replace("_", " "),
            _rate(line),
            format_date(line.since),
            _pending(line.pending),
            format_date(line.paused_until),
            _threat(line.threat),
        ]
        for line in lines
    ]
    return table(headers, rows, fit=fit_to(width, 8))


def meetings_table(rows: Sequence[MeetingRow], width: int | None = None) -> str:
    headers = ["counterpart", "org", "country", "count", "first", "last", "upcoming"]
    cells = [
        [
            row.counterpart,
            row.org or "",
            row.country or "",
            str(row.count),
            format_date(row.first),
            format_date(row.last),
            ", ".join(format_date(item.for_date) for item in row.upcoming),
        ]
        for row in rows
    ]
    return table(headers, cells, right=[3], fit=fit_to(width, 1))


def _gap(gap: Decimal | None, unit: str) -> str:
    text = format_amount(gap, unit)
    return f"+{text}" if gap is not None and gap > 0 else text


def targets_table(rows: Sequence[TargetRow], width: int | None = None) -> str:
    headers = ["set by", "metric", "period", "comparator", "target", "actual", "reported"]
    headers += ["status", "gap"]
    cells = [
        [
            row.set_by,
            row.metric,
            row.period,
            COMPARATORS.get(row.comparator, row.comparator),
            format_amount(row.target, row.unit),
            format_amount(row.actual, row.unit),
            format_date(row.reported_on),
            row.status,
            _gap(row.gap, row.unit),
        ]
        for row in rows
    ]
    return table(headers, cells, right=[4, 5, 8], fit=fit_to(width, 0))


def records_table(rows: Sequence[RecordRow], width: int | None = None) -> str:
    headers = ["metric", "period", "value", "date", "previous"]
    cells = [
        [
            row.metric,
            row.period,
            format_amount(row.value, row.unit),
            format_date(row.date),
            f"{row.previous.period}: {format_amount(row.previous.value, row.unit)}"
            if row.previous
            else "",
        ]
        for row in rows
    ]
    return table(headers, cells, right=[2], fit=fit_to(width, 0))


def _brief(value: Any) -> str:
    """One short cell for any JSON-ready value."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return f"{len(value)} item{'' if len(value) == 1 else 's'}"
    text = to_json(value, indent=None)
    return text[1:-1] if text.startswith('"') else text


def _detail(change: Change) -> str:
    if change.change == "changed" and change.before is not None and change.after is not None:
        before, after = change.before, change.after
        return "; ".join(
            f"{name}: {_brief(before.get(name))} -> {_brief(after.get(name))}"
            for name in change.fields
        )
    row = change.after if change.after is not None else change.before or {}
    return ", ".join(
        f"{name}: {_brief(row[name])}" for name in SUMMARY_KEYS if row.get(name) is not None
    )


def diff_table(changes: Sequence[Change], width: int | None = None) -> str:
    headers = ["projection", "key", "change", "detail"]
    cells = [[c.projection, c.key, c.change, _detail(c)] for c in changes]
    return table(headers, cells, fit=fit_to(width, 3))
