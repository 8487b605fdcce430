"""The effective log: the stored events as a query at (`as_of`, `known_on`) sees them.

Projections never see corrections; they see this. Rules where DESIGN.md is silent:

- A correction only speaks of an event appended before it (lower `seq`): it cannot
  correct what was not yet recorded, and this keeps chains of corrections acyclic.
- Corrections may target corrections, because corrections are mistaken too and the
  log is never edited: retracting a correction or a retraction undoes it as if it
  had never been appended (a retracted retraction restores its target). Appending
  refuses to correct a correction, but should one be stored (an older import), it
  changes what that correction does (its `changes`, even its `target`).
- A retraction wins over every correction of the same target, whatever their order:
  a retracted event no longer counts at all.
- A correction whose result would break the event model (say, a pause's `until`
  moved before its date) is skipped: one bad correction must not make every query
  fail. Appending checks each correction against its target alone, but two
  corrections that each fit can still clash once combined.
- Corrections of ids that are unknown by `known_on` (or not yet appended) do nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from tracker.corrections import Effects, correction_effects, resolve
from tracker.model import Correction, Event, Recorded


def effective_log(
    records: Iterable[Recorded],
    *,
    as_of: dt.date | None = None,
    known_on: dt.datetime | None = None,
) -> list[Event]:
    """The events as known on `known_on`, corrected, dated by `as_of`, in (date, seq) order.

    Input order does not matter: `seq` alone decides which correction came last.
    """
    known = sorted(
        (r for r in records if known_on is None or r.recorded_at <= known_on),
        key=lambda r: r.seq,
    )
    seq_of: dict[str, int] = {}
    for record in known:
        if record.event.id is not None:
            seq_of.setdefault(record.event.id, record.seq)
    effects = correction_effects((r for r in known if isinstance(r.event, Correction)), seq_of)
    plain = [(r.seq, r.event) for r in known if not isinstance(r.event, Correction)]
    timeline = sorted(
        ((seq, e) for seq, e in plain if as_of is None or e.date <= as_of),
        key=lambda item: (item[1].date, item[0]),
    )
    targets = [(seq, e) for seq, e in plain if e.id in effects]
    return list(effective_stream(timeline, targets, effects, as_of))


def effective_stream(
    timeline: Iterable[tuple[int, Event]],
    targets: Iterable[tuple[int, Event]],
    effects: Effects,
    as_of: dt.date | None = None,
) -> Iterator[Event]:
    """The effective log as a stream, holding only the corrected events in memory.

    `timeline` is the stored events that are not corrections, as `(seq, event)` in
    (date, seq) order (those dated after `as_of` may be left out); `targets` the
    stored ones that corrections in `effects` name, whatever their date. A corrected
    event takes its corrected place (a correction may move its date); a retracted one
    is left out.
    """
    corrected = []
    for seq, event in targets:
        if isinstance(event, Correction) or event.id not in effects:
            continue
        fixed = resolve(event, effects)
        if fixed is not None and (as_of is None or fixed.date <= as_of):
            corrected.append((fixed.date, seq, fixed))
    corrected.sort(key=_position)
    # A merge by hand: heapq.merge's key calls cost more than the rest of the stream.
    waiting = iter(corrected)
    upcoming = next(waiting, None)
    for seq, event in timeline:
        if event.id in effects:
            continue
        day = event.date
        while upcoming is not None and (
            upcoming[0] < day or (upcoming[0] == day and upcoming[1] < seq)
        ):
            yield upcoming[2]
            upcoming = next(waiting, None)
        yield event
    while upcoming is not None:
        yield upcoming[2]
        upcoming = next(waiting, None)


def _position(item: tuple[dt.date, int, Event]) -> tuple[dt.date, int]:
    return item[0], item[1]
