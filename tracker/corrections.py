"""Which corrections count, and what each stored event has become because of them.

The effective log (`tracker.log`) and every view that marks an event as corrected
or retracted (the CLI's `show` and `log`, the terminal UI's evidence screen) read
corrections through this one module, so they cannot disagree. The rules are those
of `tracker.log`'s docstring: a correction speaks only of an event appended before
it; retracting a correction undoes it; a retraction beats every correction of the
same target; a correction whose result would be invalid is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from attrs import frozen

from tracker.codec import apply_changes
from tracker.errors import InvalidEvent
from tracker.model import Correction, Event, EventCorrected, EventRetracted, Recorded

Status = Literal["original", "corrected", "retracted"]
Effects = dict[str, list[tuple[int, Correction]]]
CORRECTION_TYPES: tuple[str, ...] = (EventRetracted.type, EventCorrected.type)


def correction_effects(corrections: Iterable[Recorded], seq_of: Mapping[str, int]) -> Effects:
    """Per target id, the corrections that count, as `(seq, correction)` pairs.

    `corrections` are the correction records known (any order); `seq_of` gives the
    append position of every id they may name. Latest first, because whether a
    correction counts depends only on corrections appended after it.
    """
    effects: Effects = {}
    for record in sorted(corrections, key=lambda r: r.seq, reverse=True):
        if not isinstance(record.event, Correction):
            continue
        resolved = resolve(record.event, effects)
        if not isinstance(resolved, Correction):
            continue
        target_seq = seq_of.get(resolved.target)
        if target_seq is not None and target_seq < record.seq:
            effects.setdefault(resolved.target, []).append((record.seq, resolved))
    return effects


def resolve(event: Event, effects: Effects) -> Event | None:
    """The event with the corrections that count applied in seq order, or None if retracted."""
    mine: Sequence[tuple[int, Correction]] = effects.get(event.id, []) if event.id else []
    if any(isinstance(correction, EventRetracted) for _, correction in mine):
        return None
    for _, correction in sorted(mine, key=lambda item: item[0]):
        assert isinstance(correction, EventCorrected)
        try:
            event = apply_changes(event, correction.changes, f"correction {correction.id}")
        except InvalidEvent:
            continue
    return event


@frozen
class CorrectionEntry:
    """One correction touching an event; `counts` is False once it was itself retracted."""

    record: Recorded
    counts: bool


@frozen
class EventHistory:
    """A stored event, what the queries make of it, and every correction that touched it."""

    record: Recorded
    effective: Event | None
    corrections: tuple[CorrectionEntry, ...]

    @property
    def status(self) -> Status:
        if self.effective is None:
            return "retracted"
        return "original" if self.effective == self.record.event else "corrected"


class CorrectionIndex:
    """The corrections known on one moment, resolved once, asked about many events."""

    def __init__(self, corrections: Iterable[Recorded], seq_of: Mapping[str, int]) -> None:
        self._corrections = sorted(
            (r for r in corrections if isinstance(r.event, Correction)), key=lambda r: r.seq
        )
        self._effects = correction_effects(self._corrections, seq_of)
        self._counting = {
            (seq, correction.id)
            for entries in self._effects.values()
            for seq, correction in entries
        }
        self._touching: dict[str, list[Recorded]] = {}
        for record in self._corrections:
            assert isinstance(record.event, Correction)
            self._touching.setdefault(record.event.target, []).append(record)
            resolved = resolve(record.event, self._effects)
            if isinstance(resolved, Correction) and resolved.target != record.event.target:
                self._touching.setdefault(resolved.target, []).append(record)

    def effective(self, record: Recorded) -> Event | None:
        """The event as the queries see it: corrected, or None when retracted."""
        return resolve(record.event, self._effects)

    def status(self, record: Recorded) -> Status:
        return self.history(record).status

    def history(self, record: Recorded) -> EventHistory:
        """The event with every correction touching it, and the corrections of those, by seq."""
        touching: dict[int, Recorded] = {}
        pending = [record.id]
        while pending:
            for correction in self._touching.get(pending.pop(), []):
                if correction.seq not in touching:
                    touching[correction.seq] = correction
                    pending.append(correction.id)
        entries = tuple(
            CorrectionEntry(r, (r.seq, r.event.id) in self._counting)
            for r in sorted(touching.values(), key=lambda r: r.seq)
        )
        return EventHistory(record, self.effective(record), entries)
