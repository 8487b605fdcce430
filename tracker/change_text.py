"""How one change of `tracker diff` reads: `rate: 10 % -> 15 %`, not raw JSON.

Pure: a `Change` carries the report rows as JSON (`before`, `after`); this says
what moved in the words and forms the tables use. Rules:

- A field is named as the table heads its column (`rate`, `paused to`, `set by`).
- A value reads as in the table: rates `25 %`, amounts `$72.0bn` in the row's
  unit, statuses `in effect`, a pending change `pause 10 % from 2025-08-01`, a
  threat `10-20 % (2025-01-25)` or a promised cut `promised 15 % (2025-07-31)`, a
  record's previous `2023: $70.9bn`; an absent value is `none`.
- A tariff line's `schedule` (every change ahead) reads as the table's pending
  column does, under its heading: `pending: 10 % from 2025-04-05, then 25 % from
  2025-04-09 -> 25 % from 2025-04-09`. It stands for `pending` (its first change),
  which is then not read out twice.
- A list of meetings says which came and went, by date: `meetings: +2025-07-24,
  +2025-07-30` (the count says how many); upcoming ones by the day they are for.
- An added or removed row is summed up by its status and its headline number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from tracker.diff import Change
from tracker.render import format_amount, format_pct

LABELS = {
    "imposed_by": "by",
    "applies_to": "on",
    "rate_pct": "rate",
    "paused_until": "paused to",
    "set_by": "set by",
    "reported_on": "reported",
    "schedule": "pending",
}
SUMMARY_KEYS = ("status", "rate_pct", "count", "target", "actual", "value")
AMOUNTS = frozenset({"target", "actual", "gap", "value"})
NONE = "none"


def _rate(value: Any) -> str:
    return format_pct(Decimal(value))


def _pending(pending: Mapping[str, Any]) -> str:
    what = "lift" if pending.get("lift") else _rate(pending["rate_pct"])
    if pending.get("pause"):
        what = f"pause {what}"
    return f"{what} from {pending['effective']}"


def _schedule(schedule: Sequence[Mapping[str, Any]]) -> str:
    return ", then ".join(_pending(change) for change in schedule) or NONE


def _threat(threat: Mapping[str, Any]) -> str:
    if threat.get("rate_pct") is not None:
        rate = _rate(threat["rate_pct"])
    else:
        low = threat.get("rate_min_pct") or "?"
        rate = f"{low}-{_rate(threat['rate_max_pct'])}"
    if threat.get("promised"):
        rate = f"promised {rate}"
    return f"{rate} ({threat['date']})"


def value_text(name: str, value: Any, row: Mapping[str, Any]) -> str:
    """One field's value as the table shows it; `row` gives the unit of an amount."""
    if value is None:
        return NONE
    if name == "status":
        return str(value).replace("_", " ")
    if name == "rate_pct":
        return _rate(value)
    if name in AMOUNTS:
        return format_amount(Decimal(value), str(row.get("unit", "")))
    if name == "pending":
        return _pending(value)
    if name == "schedule":
        return _schedule(value)
    if name == "threat":
        return _threat(value)
    if name == "previous":
        amount = format_amount(Decimal(value["value"]), str(row.get("unit", "")))
        return f"{value['period']}: {amount}"
    if isinstance(value, list):
        return ", ".join(_item(item) for item in value) or NONE
    return str(value)


def _item(item: Any) -> str:
    """A list item by what tells it apart: a meeting by its date (or the day it is for)."""
    if isinstance(item, Mapping):
        return str(item.get("for_date") or item.get("date") or item.get("id"))
    return str(item)


def _list_change(before: Sequence[Any], after: Sequence[Any]) -> str:
    """`+2025-07-24, -2025-05-01`: the items that came and went, by id where they have one."""

    def key(item: Any) -> Any:
        return item.get("id", repr(item)) if isinstance(item, Mapping) else item

    gone = [item for item in before if key(item) not in {key(i) for i in after}]
    came = [item for item in after if key(item) not in {key(i) for i in before}]
    return ", ".join([*(f"+{_item(i)}" for i in came), *(f"-{_item(i)}" for i in gone)])


def field_change(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    label = LABELS.get(name, name)
    old, new = before.get(name), after.get(name)
    if isinstance(old, list) and isinstance(new, list) and name != "schedule":
        moved = _list_change(old, new)
        if moved:
            return f"{label}: {moved}"
    return f"{label}: {value_text(name, old, before)} -> {value_text(name, new, after)}"


def change_text(change: Change) -> str:
    """What moved in one row: `status: paused -> in effect; rate: 10 % -> 15 %`."""
    if change.change == "changed" and change.before is not None and change.after is not None:
        before, after = change.before, change.after
        names = [
            name
            for name in change.fields
            if not (name == "pending" and "schedule" in change.fields)  # the schedule says it
        ]
        return "; ".join(field_change(name, before, after) for name in names)
    row = change.after if change.after is not None else change.before or {}
    return ", ".join(
        f"{LABELS.get(name, name)}: {value_text(name, row[name], row)}"
        for name in SUMMARY_KEYS
        if row.get(name) is not None
    )
