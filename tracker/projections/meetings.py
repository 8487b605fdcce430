"""Meetings per counterpart, organisation or country: who we met, how often, what is ahead.

Rules where DESIGN.md is silent:

- `as_of` is the end of day D, so a meeting scheduled for D itself is no longer
  upcoming: it has happened (or not) by then. Upcoming means `for_date` after D.
- A cancellation without `scheduled` only calls off schedulings announced before
  it (earlier in (date, seq) order): a later announcement for the same day is a
  new plan. Persons are matched by label on the counterpart side (`theirs`) only:
  our minister often has several meetings a day, and calling one off must not
  call off the others.
  A cancellation naming `scheduled` calls off that one scheduling only.
- A meeting counts once per row even when several of its `theirs` share the row
  (two USTR officials at one meeting are one meeting with USTR).
- In the organisation (country) view a person without an org (country) is left
  out rather than put in an invented group.
- A row's `org` and `country` are the latest ones given for its people; the org
  view leaves `org` as the row itself and the country view leaves `org` null.
- A scheduled meeting that is later held stays upcoming until its `for_date`
  passes unless a cancellation calls it off: holding it early is not guessed.
- Rows are sorted by `counterpart`; `meetings` by date, `upcoming` by `for_date`.
- `event_ids`: the held meetings, then the upcoming schedulings.

Hindsight (`decided_by` after D) changes nothing here: a meeting held after D is
not a meeting as of D, and a scheduling or cancellation made after D is about a
day after D (what was upcoming on D was upcoming, whatever became of it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from functools import reduce, singledispatch
from typing import Literal

from attrs import Factory, define, evolve, frozen

from tracker.model import (
    Event,
    MeetingCancelled,
    MeetingEvent,
    MeetingFormat,
    MeetingHeld,
    MeetingScheduled,
    Person,
)
from tracker.projections import Stack, decided, iter_ids, push, unwind

GroupBy = Literal["counterpart", "org", "country"]


@frozen
class MeetingsState:
    held: Stack[MeetingHeld] | None = None
    scheduled: Stack[MeetingScheduled] | None = None
    scheduled_count: int = 0
    # each cancellation with the number of schedulings announced before it
    cancellations: Stack[tuple[MeetingCancelled, int]] | None = None


@frozen
class MeetingItem:
    id: str | None
    date: dt.date
    title: str
    format: MeetingFormat | None


@frozen
class UpcomingItem:
    id: str | None
    date: dt.date
    for_date: dt.date
    title: str


@frozen
class MeetingRow:
    counterpart: str
    org: str | None
    country: str | None
    count: int
    first: dt.date | None
    last: dt.date | None
    meetings: tuple[MeetingItem, ...]
    upcoming: tuple[UpcomingItem, ...]
    event_ids: tuple[str, ...]


def initial() -> MeetingsState:
    return MeetingsState()


def apply(state: MeetingsState, event: Event) -> MeetingsState:
    return _on(event, state)


@singledispatch
def _on(event: Event, state: MeetingsState) -> MeetingsState:
    return state


@_on.register
def _held(event: MeetingHeld, state: MeetingsState) -> MeetingsState:
    return evolve(state, held=push(state.held, event))


@_on.register
def _scheduled(event: MeetingScheduled, state: MeetingsState) -> MeetingsState:
    return evolve(
        state,
        scheduled=push(state.scheduled, event),
        scheduled_count=state.scheduled_count + 1,
    )


@_on.register
def _cancelled(event: MeetingCancelled, state: MeetingsState) -> MeetingsState:
    entry = (event, state.scheduled_count)
    return evolve(state, cancellations=push(state.cancellations, entry))


def _labels(event: MeetingEvent) -> set[str]:
    return {person.label for person in event.theirs}


def _called_off(
    index: int, meeting: MeetingScheduled, cancellations: Sequence[tuple[MeetingCancelled, int]]
) -> bool:
    for cancel, announced_before in cancellations:
        if cancel.scheduled is not None:
            if cancel.scheduled == meeting.id:
                return True
        elif (
            index < announced_before
            and cancel.for_date == meeting.for_date
            and _labels(cancel) & _labels(meeting)
        ):
            return True
    return False


def upcoming_meetings(state: MeetingsState, as_of: dt.date) -> list[MeetingScheduled]:
    """Schedulings still ahead of the end of `as_of` and not called off."""
    cancellations = unwind(state.cancellations)
    ahead = [
        meeting
        for index, meeting in enumerate(unwind(state.scheduled))
        if meeting.for_date > as_of and not _called_off(index, meeting, cancellations)
    ]
    return sorted(ahead, key=lambda meeting: meeting.for_date)  # stable: ties keep log order


@define
class _Group:
    """A row being built; local to one report call, so mutable."""

    org: str | None = None
    country: str | None = None
    held: list[MeetingHeld] = Factory(list)
    upcoming: list[MeetingScheduled] = Factory(list)

    def meet(self, person: Person) -> None:
        self.org = person.org or self.org
        self.country = person.country or self.country


def _keys(persons: Sequence[Person], by: GroupBy) -> Iterator[tuple[str, Person]]:
    """Each row a meeting belongs to, once, with the person who puts it there."""
    seen: set[str] = set()
    for person in persons:
        key = {"counterpart": person.label, "org": person.org, "country": person.country}[by]
        if key is not None and key not in seen:
            seen.add(key)
            yield key, person


def meeting_rows(
    log: Sequence[Event],
    as_of: dt.date,
    by: GroupBy = "counterpart",
    *,
    decided_by: dt.date | None = None,
) -> list[MeetingRow]:
    """One row per counterpart (or org, or country) met or due to be met, as of `as_of`."""
    return report(
        reduce(apply, decided(log, as_of, decided_by, reaches_back), initial()), as_of, by
    )


def report(state: MeetingsState, as_of: dt.date, by: GroupBy = "counterpart") -> list[MeetingRow]:
    """`meeting_rows` from the state folded over what `decided` gives for `as_of`."""
    groups: dict[str, _Group] = {}
    for held in unwind(state.held):
        for key, person in _keys(held.theirs, by):
            group = groups.setdefault(key, _Group())
            group.held.append(held)
            group.meet(person)
    for meeting in upcoming_meetings(state, as_of):
        for key, person in _keys(meeting.theirs, by):
            group = groups.setdefault(key, _Group())
            group.upcoming.append(meeting)
            group.meet(person)
    return [_row(key, groups[key], by) for key in sorted(groups)]


def reaches_back(event: Event, day: dt.date) -> bool:
    """No meeting event dated after `day` decides anything about it."""
    return False


def _row(key: str, group: _Group, by: GroupBy) -> MeetingRow:
    return MeetingRow(
        counterpart=key,
        org=None if by == "country" else key if by == "org" else group.org,
        country=key if by == "country" else group.country,
        count=len(group.held),
        first=group.held[0].date if group.held else None,
        last=group.held[-1].date if group.held else None,
        meetings=tuple(MeetingItem(m.id, m.date, m.title, m.format) for m in group.held),
        upcoming=tuple(UpcomingItem(m.id, m.date, m.for_date, m.title) for m in group.upcoming),
        event_ids=(*iter_ids(group.held), *iter_ids(group.upcoming)),
    )
