"""Stored meetings: each meeting event as the queries see it now, kept with the log.

The meetings state as of a day is the meetings dated by it (see
`projections.meetings`): who was met, by whom, when. So the state after each
event is that event's row in `cache_meetings`, and an as-of answer reads the
rows dated by the day (`tracker.meetingread`) instead of replaying the log.
A held meeting's row keeps only what a report reads of it (id, date, title,
format, the people on each side as compact JSON), so it is read without
decoding the event; a scheduling or cancellation keeps its effective payload,
since the few that can still be upcoming are folded as events.

`tracker.statecache` keeps this table in the append transaction, beside the
tariff lines: a new meeting event adds its row, and a correction or retraction
(of it, or of one of its corrections) rewrites the row of the event it reaches,
so a moved date or a changed side moves the row. Like every cache table it
holds nothing the `events` table does not, and may be dropped and rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.codec import CONVERTER, payload_of
from tracker.model import Event, MeetingEvent, MeetingHeld, Person
from tracker.schema import cache_meetings
from tracker.stored import build_people

CHUNK = 500
MEETING_PREFIX = "meeting."
_EMPTY = dict.fromkeys(
    ("type", "date", "for_date", "scheduled", "title", "format", "ours", "theirs", "event")
)


def store_meetings(
    conn: Connection,
    versions: dict[int, tuple[Event, Event | None, int]],
    old: Iterable[int],
    payloads: dict[int, str],
) -> None:
    """Replace the rows of meeting events: `versions` by seq (as stored, as the queries
    see it now, the seq of its last correction); `old` those stored before this append,
    which may have rows; `payloads` the ones appended now, kept when nothing corrects them."""
    replaced = sorted(old)
    for start in range(0, len(replaced), CHUNK):
        chunk = replaced[start : start + CHUNK]
        conn.execute(sa.delete(cache_meetings).where(cache_meetings.c.seq.in_(chunk)))
    rows = [_row(seq, *versions[seq], payloads.get(seq)) for seq in sorted(versions)]
    if rows:
        conn.execute(sa.insert(cache_meetings), rows)


def _row(
    seq: int, event: Event, current: Event | None, touched: int, payload: str | None
) -> dict[str, Any]:
    row: dict[str, Any] = {"seq": seq, "event_id": event.id, "touched_seq": touched} | _EMPTY
    if isinstance(current, MeetingHeld):
        row |= {"type": current.type, "date": current.date, "title": current.title,
                "format": current.format, "ours": encode_people(current.ours),
                "theirs": encode_people(current.theirs)}  # fmt: skip
    elif isinstance(current, MeetingEvent):
        unchanged = current is event and payload is not None
        row |= {"type": current.type, "date": current.date,
                "for_date": getattr(current, "for_date", None),
                "scheduled": getattr(current, "scheduled", None),
                "event": payload if unchanged else payload_of(current)}  # fmt: skip
    return row


def encode_people(people: tuple[Person, ...]) -> str:
    return orjson.dumps(CONVERTER.unstructure(people)).decode()


class People:
    """Decodes the people columns, each distinct text once per read: the same few
    hundred people meet over and over."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Person, ...]] = {}

    def __call__(self, text: str) -> tuple[Person, ...]:
        people = self._known.get(text)
        if people is None:
            people = self._known[text] = build_people(orjson.loads(text))
        return people
