"""The curated timeline: where it lives, and when each of its events became public.

The files live inside the wheel, or in `events/` in a checkout. Seeding an empty
store records each event as of its source's publication, so "what did the public
record say on 6 April 2025?" (`--known-on 2025-04-06`) works on a fresh install:

- A `published` date means the end of that day, UTC: the moment a bare date names
  everywhere in the tracker, so `--known-on DAY` includes what was published on
  DAY and any earlier moment of DAY does not.
- An event is never recorded before the end of its own `date` (nothing is reported
  before it happens); an event without `published` is recorded as of its `date`.
- A correction is recorded as of its own source, but never before its target.
- Nothing is recorded after `now` (a source published today is recorded now).
- The order is by that time; at the same moment a correction comes after its
  target, and otherwise the files' order is kept. So `recorded_at` never runs
  backwards along `seq`, and every correction follows what it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from tracker.model import Correction, Event
from tracker.moments import end_of_day

PACKAGED = "_seed_events"  # the wheel carries events/ here (see pyproject.toml)


def seed_dir() -> Path:
    """The folder of `*.jsonl` seed files: packaged data first, then the source tree."""
    packaged = resources.files("tracker") / PACKAGED
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "events"


def seed_files() -> list[Path]:
    return sorted(seed_dir().glob("*.jsonl"))


def published_on(event: Event) -> dt.date:
    """The day the event became public: its source's `published`, never before its `date`."""
    published = event.source.published if event.source is not None else None
    return max(published or event.date, event.date)


def as_published(events: Sequence[Event], now: dt.datetime) -> list[tuple[Event, dt.datetime]]:
    """The events in the order they became public, each with the moment to record it."""
    by_id = {event.id: event for event in events if event.id is not None}
    known: dict[str, tuple[dt.datetime, int]] = {}  # id -> (moment, correction depth)

    def moment(event: Event, seen: frozenset[str] = frozenset()) -> tuple[dt.datetime, int]:
        if event.id is not None and event.id in known:
            return known[event.id]
        own = min(end_of_day(published_on(event)), now)
        depth = 0
        target = by_id.get(event.target) if isinstance(event, Correction) else None
        if target is not None and target.id not in seen and event.id is not None:
            target_moment, target_depth = moment(target, seen | {event.id})
            own, depth = max(own, target_moment), target_depth + 1
        if event.id is not None:
            known[event.id] = (own, depth)
        return own, depth

    keyed = [(moment(event), index, event) for index, event in enumerate(events)]
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [(event, when) for (when, _), _, event in keyed]
