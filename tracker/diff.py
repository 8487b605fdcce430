"""What moved between two states: rows added, changed or removed, per projection.

Answers "what moved between the 2+2 talks and the deal?" from the report rows
themselves, so a diff says exactly what the two reports would say. Rules where
DESIGN.md is silent:

- A difference only in `event_ids` is not a change: a new source confirming the
  same state is not movement. `before`/`after` still carry the full rows.
- `fields` (an extra key) names what changed, in the row's key order, so a table
  can show "rate_pct: 25 -> 15" without comparing dicts again.
- `key` joins the row's key fields with "/" ("US/KR/reciprocal"). Changes come in
  the order the projections are given, then by key.
- A projection missing from one side counts as having no rows there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from attrs import AttrsInstance, field, frozen

from tracker.projections import rows_to_json

ChangeKind = Literal["added", "changed", "removed"]

KEY_FIELDS: Mapping[str, tuple[str, ...]] = {
    "tariffs": ("imposed_by", "applies_to", "measure"),
    "meetings": ("counterpart",),
    "targets": ("set_by", "metric", "period"),
    "records": ("metric",),
}
IGNORED = frozenset({"event_ids"})


@frozen
class Change:
    projection: str
    key: str
    change: ChangeKind
    before: dict[str, Any] | None = field(hash=False)
    after: dict[str, Any] | None = field(hash=False)
    fields: tuple[str, ...] = ()


def _index(projection: str, rows: Sequence[AttrsInstance]) -> dict[tuple[str, ...], dict[str, Any]]:
    try:
        key_fields = KEY_FIELDS[projection]
    except KeyError:
        raise ValueError(f"no key known for projection {projection!r}") from None
    indexed: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in rows_to_json(rows):
        key = tuple(str(row[name]) for name in key_fields)
        if key in indexed:
            raise ValueError(f"{projection}: two rows share the key {'/'.join(key)}")
        indexed[key] = row
    return indexed


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The keys whose values differ between two JSON rows, `event_ids` aside, in row order."""
    names = [*before, *(name for name in after if name not in before)]
    return tuple(
        name for name in names if name not in IGNORED and before.get(name) != after.get(name)
    )


def diff_states(
    before: Mapping[str, Sequence[AttrsInstance]], after: Mapping[str, Sequence[AttrsInstance]]
) -> list[Change]:
    """Every row that differs between two {projection: rows} states."""
    changes: list[Change] = []
    for projection in dict.fromkeys([*before, *after]):
        old = _index(projection, before.get(projection, ()))
        new = _index(projection, after.get(projection, ()))
        for key in sorted(old.keys() | new.keys()):
            name = "/".join(key)
            was, now = old.get(key), new.get(key)
            if was is None:
                changes.append(Change(projection, name, "added", None, now))
            elif now is None:
                changes.append(Change(projection, name, "removed", was, None))
            elif fields := changed_fields(was, now):
                changes.append(Change(projection, name, "changed", was, now, fields))
    return changes
