"""Meetings as of a day, read from the stored meetings of `tracker.meetingcache`.

The meetings held by the day are one index range of rows, read through the
driver's own cursor without decoding an event. Of the schedulings and
cancellations, only those that can bear on what is upcoming are decoded and
folded: schedulings dated by the day for a day after it, and cancellations
dated by the day for a day after it or naming a scheduling. Their relative
order is the log's, so the fold calls off what a replay calls off. Meeting
events recorded after `known_on`, or touched by a correction recorded after it,
are taken as they were then instead. Hindsight changes nothing for meetings
(see `projections.meetings`). Whatever the path, the rows go through the same
`meetings.rows`, so the answer is a replay's.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.meetingcache import People
from tracker.model import Event, MeetingCancelled, MeetingHeld, MeetingScheduled
from tracker.projections import fold, meetings
from tracker.projections.meetings import GroupBy, Held, HeldMeeting, MeetingRow
from tracker.schema import cache_meetings
from tracker.statecache import versions_at
from tracker.store import driver_date, driver_rows
from tracker.stored import decode_stored

_C = cache_meetings.c
_HELD = (
    sa.select(_C.seq, _C.date, _C.event_id, _C.title, _C.format, _C.ours, _C.theirs)
    .where(_C.type == MeetingHeld.type, _C.date <= sa.bindparam("day"))
    .order_by(_C.date, _C.seq)
)
_PLANS = (
    sa.select(_C.seq, _C.event_id, _C.event)
    .where(
        _C.type.in_([MeetingScheduled.type, MeetingCancelled.type]),
        _C.date <= sa.bindparam("day"),
        sa.or_(_C.for_date > sa.bindparam("day"), _C.scheduled.is_not(None)),
    )
    .order_by(_C.date, _C.seq)
)
_CHANGED = sa.select(_C.seq).where(
    sa.or_(_C.seq > sa.bindparam("up_to"), _C.touched_seq > sa.bindparam("up_to"))
)


def meeting_rows(
    conn: Connection,
    as_of: dt.date,
    up_to: int,
    cached: int,
    by: GroupBy | None = None,
    *,
    ours: str | None = None,
    theirs: str | None = None,
) -> list[MeetingRow]:
    """The meetings rows as of `as_of`, as known at `up_to` (a seq), from a cache kept to
    `cached`; `by`, `ours` and `theirs` as `meetings.report` takes them."""
    then: dict[int, Event | None] = {}
    if up_to < cached:
        then = versions_at(conn, list(conn.execute(_CHANGED, {"up_to": up_to}).scalars()), up_to)
    people = People()
    held: list[tuple[dt.date, int, Held]] = [
        (day, seq, HeldMeeting(event_id, day, title, form, people(ours), people(theirs)))
        for seq, stored_day, event_id, title, form, ours, theirs in driver_rows(
            conn, _HELD.params(day=as_of)
        )
        if seq not in then
        for day in (driver_date(stored_day),)
    ]
    plans: list[tuple[dt.date, int, Event]] = [
        (event.date, row.seq, event)
        for row in conn.execute(_PLANS, {"day": as_of})
        if row.seq not in then
        for event in (decode_stored(row.event_id, row.event),)
    ]
    for seq, event in then.items():
        if isinstance(event, MeetingHeld) and event.date <= as_of:
            held.append((event.date, seq, event))
        elif isinstance(event, MeetingScheduled | MeetingCancelled) and event.date <= as_of:
            plans.append((event.date, seq, event))
    if then:
        held.sort(key=_position)
        plans.sort(key=_position)
    state = fold(meetings.Folder, (event for _, _, event in plans), meetings.initial())
    upcoming = meetings.upcoming_meetings(state, as_of)
    return meetings.rows(
        (meeting for _, _, meeting in held), upcoming, by, ours=ours, theirs=theirs
    )


def _position(item: tuple[dt.date, int, object]) -> tuple[dt.date, int]:
    return item[0], item[1]
