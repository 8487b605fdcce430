"""What moved in one step of the time cursor: the cells to mark, so an analyst sees the deal land.

Pure: two lists of report rows in, the rows added and the fields changed out,
by the rule of `tracker.diff` (a change only in `event_ids` is not a change).
Numbers say which way they went, so a rate going up and one going down look
different at a glance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from attrs import AttrsInstance, field, frozen

from tracker.diff import changed_fields
from tracker.projections import rows_to_dicts

Way = Literal["up", "down", "changed"]
SYMBOLS: Mapping[Way, str] = {"up": "▲", "down": "▼", "changed": "●"}


@frozen
class Marks:
    """The rows added, each changed row's changed fields and which way, and rows gone."""

    added: frozenset[str] = frozenset()
    changed: Mapping[str, Mapping[str, Way]] = field(factory=dict)
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def way(self, key: str, fields: Sequence[str]) -> Way | None:
        """How a cell showing `fields` of row `key` moved, if it did: a number's way first
        (a rate cut that also turns into a floor is a cut)."""
        moved = self.changed.get(key, {})
        ways = [moved[name] for name in fields if name in moved]
        if not ways:
            return None
        return next((way for way in ways if way != "changed"), "changed")


NO_MARKS = Marks()


def _way(before: Any, after: Any) -> Way:
    numbers = (int, Decimal)
    if isinstance(before, numbers) and isinstance(after, numbers):
        return "up" if after > before else "down"
    return "changed"


def compare(
    before: Sequence[AttrsInstance],
    after: Sequence[AttrsInstance],
    key: Callable[[dict[str, Any]], str],
) -> Marks:
    """The marks for showing `after` where `before` was shown; rows matched by `key`."""
    old = {key(row): row for row in rows_to_dicts(before)}
    new = {key(row): row for row in rows_to_dicts(after)}
    changed = {
        name: {field: _way(old[name].get(field), row.get(field)) for field in fields}
        for name, row in new.items()
        if name in old and (fields := changed_fields(old[name], row))
    }
    return Marks(
        added=frozenset(new.keys() - old.keys()),
        changed=changed,
        removed=tuple(sorted(old.keys() - new.keys())),
    )
