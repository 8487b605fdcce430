"""Replay: the effective log read lean from the store, folded into the projections in one pass.

A full replay reads only `(seq, id, payload)`, in (date, seq) order, streamed
from a cursor; decodes payloads with the trusting decoder of `tracker.stored`;
resolves corrections as a stream (`tracker.log.effective_stream`: only the
corrected events are held aside); and folds every projection asked for in the
same pass. Nothing holds the whole log, so memory is what the projections keep.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tracker.corrections import CORRECTION_TYPES, Effects, correction_effects
from tracker.log import effective_stream
from tracker.model import (
    Correction,
    Event,
    FigureReported,
    MeetingCancelled,
    MeetingHeld,
    MeetingScheduled,
    Recorded,
    TargetSet,
    TariffAnnounced,
    TariffLifted,
    TariffPaused,
    TariffThreatened,
    TariffThreatWithdrawn,
)
from tracker.projections import Projection, meetings, records, targets, tariffs
from tracker.projections.meetings import GroupBy
from tracker.store import Store, StoredRow
from tracker.stored import decode_stored

NAMES = ("tariffs", "meetings", "targets", "records")
PROJECTIONS: dict[str, Projection[Any]] = {
    "tariffs": tariffs,
    "meetings": meetings,
    "targets": targets,
    "records": records,
}
# The event types each projection folds (it passes every other by): a query of some
# projections reads only these from the store.
FOLDS: dict[str, tuple[type[Event], ...]] = {
    "tariffs": (
        TariffThreatened,
        TariffThreatWithdrawn,
        TariffAnnounced,
        TariffPaused,
        TariffLifted,
    ),
    "meetings": (MeetingHeld, MeetingScheduled, MeetingCancelled),
    "targets": (TargetSet, FigureReported),
    "records": (FigureReported,),
}
REACHES_BACK: dict[str, Callable[[Event, dt.date], bool]] = {
    name: module.reaches_back
    for name, module in zip(NAMES, (tariffs, meetings, targets, records), strict=True)
}


def to_recorded(row: StoredRow) -> Recorded:
    return Recorded(
        seq=row.seq, recorded_at=row.recorded_at, event=decode_stored(row.id, row.payload)
    )


def known_corrections(store: Store, up_to: int) -> tuple[list[Recorded], dict[str, StoredRow]]:
    """The corrections with `seq <= up_to`, and the stored rows they name (by then)."""
    corrections = [
        to_recorded(row) for row in store.read(types=CORRECTION_TYPES) if row.seq <= up_to
    ]
    named = [r.event.target for r in corrections if isinstance(r.event, Correction)]
    found = store.get(named).items()
    return corrections, {event_id: row for event_id, row in found if row.seq <= up_to}


def seq_of(corrections: Iterable[Recorded], named: dict[str, StoredRow]) -> dict[str, int]:
    """The append position of every id a correction may name."""
    return {row.id: row.seq for row in named.values()} | {r.id: r.seq for r in corrections}


def effects_known(store: Store, up_to: int) -> tuple[Effects, list[tuple[int, Event]]]:
    """The corrections that count by `up_to`, and the stored events they name, decoded."""
    corrections, named = known_corrections(store, up_to)
    effects = correction_effects(corrections, seq_of(corrections, named))
    return effects, [(row.seq, decode_stored(row.id, row.payload)) for row in named.values()]


def effective_events(
    store: Store, as_of: dt.date | None, up_to: int, types: Sequence[str] = ()
) -> Iterator[Event]:
    """The effective log of the events with `seq <= up_to`, dated by `as_of`, streamed;
    with `types`, only events of those types are read (and those corrections name)."""
    effects, named = effects_known(store, up_to)
    rows = store.read_payloads(
        up_to_seq=up_to, date_to=as_of, types=types, without_types=CORRECTION_TYPES
    )
    timeline = ((seq, decode_stored(event_id, payload)) for seq, event_id, payload in rows)
    return effective_stream(timeline, named, effects, as_of)


def types_folded(names: Sequence[str]) -> list[str]:
    """The type strings the projections named fold, to read nothing else."""
    return sorted({cls.type for name in names for cls in FOLDS[name]})


def fold(
    log: Iterable[Event], names: Sequence[str], as_of: dt.date, decided_by: dt.date | None = None
) -> dict[str, Any]:
    """Every projection named, folded in one pass over an effective log read up to
    `decided_by` (or `as_of`): each takes what `projections.decided` gives it for `as_of`.

    Each event goes only to the projections that fold its type (`FOLDS`), each through
    its `Folder`, so no state is copied per event."""
    folders = {name: PROJECTIONS[name].Folder(PROJECTIONS[name].initial()) for name in names}
    takers: dict[type[Event], list[tuple[Callable[[Event], None], str]]] = {}
    for name in names:
        for kind in FOLDS[name]:
            takers.setdefault(kind, []).append((folders[name].add, name))
    last = decided_by or as_of
    for event in log:
        date = event.date
        if date <= as_of:
            for add, _ in takers.get(type(event), ()):
                add(event)
        elif date <= last:
            for add, name in takers.get(type(event), ()):
                if REACHES_BACK[name](event, as_of):
                    add(event)
    return {name: folder.state() for name, folder in folders.items()}


def answers(
    log: Iterable[Event],
    names: Sequence[str],
    as_of: dt.date,
    decided_by: dt.date | None = None,
    **options: Any,
) -> dict[str, list[Any]]:
    """The report rows of every projection named (`options` as `reports` takes them),
    folded and read with cycle collection paused (see `paused_gc`)."""
    with paused_gc():
        states = fold(log, names, as_of, decided_by)
        rows = reports(states, as_of, **options)
        del states  # freed now, by reference counting, before collection resumes
    return rows


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection while a replay builds its state: it makes no cycles, but each
    collection walks every object held so far (at a million events, as long as the fold
    itself). What the fold built is freed by reference counting before collection
    resumes, so resuming walks only what is kept."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reports(
    states: dict[str, Any],
    as_of: dt.date,
    *,
    on: str | None = None,
    by: GroupBy | None = None,
    ours: str | None = None,
    theirs: str | None = None,
) -> dict[str, list[Any]]:
    """The report rows of each folded state, as of `as_of`."""
    makers: dict[str, Callable[[Any], list[Any]]] = {
        "tariffs": lambda state: tariffs.report(state, as_of, on),
        "meetings": lambda state: meetings.report(state, as_of, by, ours=ours, theirs=theirs),
        "targets": lambda state: targets.report(state, as_of),
        "records": lambda state: records.report(state, as_of),
    }
    return {name: makers[name](state) for name, state in states.items()}
