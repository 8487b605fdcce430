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
- In the organisation (country) view the people given without an org (country)
  are counted in one row of their own, `(no org)` (`(no country)`), sorted last,
  with `org` (`country`) null: leaving them out would make the views disagree
  on how many meetings there were (Trump met once as "Donald Trump" alone would
  vanish from the White House's count without a word), and inventing their org
  would be a guess.
- A row's `org` and `country` are the latest ones given for its people; the org
  view leaves `org` as the row itself and the country view leaves `org` null.
- A scheduled meeting that is later held stays upcoming until its `for_date`
  passes unless a cancellation calls it off: holding it early is not guessed.
- Rows are sorted by `counterpart` (a `(no org)` or `(no country)` row last);
  `meetings` by date, `upcoming` by `for_date`.
- `event_ids`: the held meetings, then the upcoming schedulings.
- `ours` and `theirs` ("how often has our trade minister met the USTR?") match a
  person by name, role or organisation: the query's words, in order, as whole
  words, any case (`Yeo`, `Trade Minister`, `USTR`; `Kim` is not `Kimmitt`).
  `ours` keeps the meetings where someone on our side matches; `theirs` keeps only
  the people on their side who match, so a joint meeting with others does not
  give those others rows. Without an explicit grouping, a person matched by their
  organisation is grouped under it, so `theirs="USTR"` gives one row for the USTR
  and its people, counting each meeting once.

Hindsight (`decided_by` after D) changes nothing here: a meeting held after D is
not a meeting as of D, and a scheduling or cancellation made after D is about a
day after D (what was upcoming on D was upcoming, whatever became of it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, Protocol

from attrs import Factory, define, frozen

from tracker.model import (
    Event,
    MeetingCancelled,
    MeetingEvent,
    MeetingFormat,
    MeetingHeld,
    MeetingScheduled,
    Person,
)
from tracker.projections import Stack, decided, fold, iter_ids, push_all, unwind

GroupBy = Literal["counterpart", "org", "country"]
# The row of the people given without what the view groups by.
UNGROUPED: dict[GroupBy, str] = {"org": "(no org)", "country": "(no country)"}


@frozen
class MeetingsState:
    held: Stack[MeetingHeld] | None = None
    scheduled: Stack[MeetingScheduled] | None = None
    scheduled_count: int = 0
    # each cancellation with the number of schedulings announced before it
    cancellations: Stack[tuple[MeetingCancelled, int]] | None = None


class Held(Protocol):
    """What a report reads of a held meeting: a `MeetingHeld`, or the same fields as
    stored for as-of answers (`HeldMeeting`)."""

    @property
    def id(self) -> str | None: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def title(self) -> str: ...
    @property
    def format(self) -> MeetingFormat | None: ...
    @property
    def ours(self) -> tuple[Person, ...]: ...
    @property
    def theirs(self) -> tuple[Person, ...]: ...


@frozen
class HeldMeeting:
    """A held meeting as a report reads it, without the rest of the event."""

    id: str | None
    date: dt.date
    title: str
    format: MeetingFormat | None
    ours: tuple[Person, ...]
    theirs: tuple[Person, ...]


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
    folder = Folder(state)
    folder.add(event)
    return folder.state()


class Folder:
    """Folds many events at once (see `projections.Accumulator`): the new meetings are
    kept in lists and pushed onto the state's stacks once, at the end."""

    def __init__(self, state: MeetingsState) -> None:
        self._start = state
        self._held: list[MeetingHeld] = []
        self._scheduled: list[MeetingScheduled] = []
        self._cancellations: list[tuple[MeetingCancelled, int]] = []
        self._count = state.scheduled_count

    def add(self, event: Event) -> None:
        kind = type(event)
        if kind is MeetingHeld:
            self._held.append(event)  # type: ignore[arg-type]
        elif kind is MeetingScheduled:
            self._scheduled.append(event)  # type: ignore[arg-type]
            self._count += 1
        elif kind is MeetingCancelled:
            self._cancellations.append((event, self._count))  # type: ignore[arg-type]

    def state(self) -> MeetingsState:
        start = self._start
        if not (self._held or self._scheduled or self._cancellations):
            return start
        return MeetingsState(
            held=push_all(start.held, self._held),
            scheduled=push_all(start.scheduled, self._scheduled),
            scheduled_count=self._count,
            cancellations=push_all(start.cancellations, self._cancellations),
        )


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
    held: list[Held] = Factory(list)
    upcoming: list[MeetingScheduled] = Factory(list)

    def meet(self, person: Person) -> None:
        self.org = person.org or self.org
        self.country = person.country or self.country


def words(text: str) -> list[str]:
    """The words of a name, role or org, case-folded: what `--ours`/`--with` compare."""
    return re.findall(r"\w+", text.casefold())


def matched_field(person: Person, query: Sequence[str]) -> str | None:
    """Which of the person's name, role and org holds the query's words in a row, if any."""
    for name in ("name", "role", "org"):
        value = getattr(person, name)
        if value and query:
            have = words(value)
            if any(have[i : i + len(query)] == list(query) for i in range(len(have))):
                return name
    return None


def _keys(
    persons: Sequence[Person], by: GroupBy | None, query: Sequence[str]
) -> Iterator[tuple[str, Person]]:
    """Each row a meeting belongs to, once, with the person who puts it there.

    With a query only the people it matches count; without `by`, a person matched
    by their organisation is grouped under it.
    """
    seen: set[str] = set()
    for person in persons:
        field = matched_field(person, query) if query else None
        if query and field is None:
            continue
        if by is None:
            key: str | None = person.org if field == "org" else person.label
        else:
            key = {"counterpart": person.label, "org": person.org, "country": person.country}[by]
            key = UNGROUPED[by] if key is None else key
        if key is not None and key not in seen:
            seen.add(key)
            yield key, person


def meeting_rows(
    log: Sequence[Event],
    as_of: dt.date,
    by: GroupBy | None = None,
    *,
    ours: str | None = None,
    theirs: str | None = None,
    decided_by: dt.date | None = None,
) -> list[MeetingRow]:
    """One row per counterpart (or org, or country) met or due to be met, as of `as_of`.

    `ours` keeps the meetings where someone on our side matches it; `theirs` keeps
    the people on their side who match it (see the module's rules).
    """
    state = fold(Folder, decided(log, as_of, decided_by, reaches_back), initial())
    return report(state, as_of, by, ours=ours, theirs=theirs)


def report(
    state: MeetingsState,
    as_of: dt.date,
    by: GroupBy | None = None,
    *,
    ours: str | None = None,
    theirs: str | None = None,
) -> list[MeetingRow]:
    """`meeting_rows` from the state folded over what `decided` gives for `as_of`."""
    held: list[MeetingHeld] = unwind(state.held)
    return rows(held, upcoming_meetings(state, as_of), by, ours=ours, theirs=theirs)


def rows(
    held: Iterable[Held],
    upcoming: Iterable[MeetingScheduled],
    by: GroupBy | None = None,
    *,
    ours: str | None = None,
    theirs: str | None = None,
) -> list[MeetingRow]:
    """The rows of the meetings held (in log order) and still upcoming (by `for_date`)."""
    our_query = words(ours) if ours is not None else []
    their_query = words(theirs) if theirs is not None else []
    for name, given, query in (("ours", ours, our_query), ("theirs", theirs, their_query)):
        if given is not None and not query:
            raise ValueError(f"{name}: give a name, role or organisation, got {given!r}")

    def ours_match(meeting: Held) -> bool:
        return not our_query or any(matched_field(p, our_query) for p in meeting.ours)

    groups: dict[str, _Group] = {}

    def group_of(key: str) -> _Group:
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        return group

    for meeting in filter(ours_match, held):
        for key, person in _keys(meeting.theirs, by, their_query):
            group = group_of(key)
            group.held.append(meeting)
            group.meet(person)
    for scheduled in filter(ours_match, upcoming):
        for key, person in _keys(scheduled.theirs, by, their_query):
            group = group_of(key)
            group.upcoming.append(scheduled)
            group.meet(person)
    grouping: GroupBy = by or "counterpart"
    last = UNGROUPED.get(grouping)
    order = sorted(groups, key=lambda key: (key == last, key))
    return [_row(key, groups[key], grouping) for key in order]


def reaches_back(event: Event, day: dt.date) -> bool:
    """No meeting event dated after `day` decides anything about it."""
    return False


def _row(key: str, group: _Group, by: GroupBy) -> MeetingRow:
    named = key != UNGROUPED.get(by)
    return MeetingRow(
        counterpart=key,
        org=None if by == "country" else (key if named else None) if by == "org" else group.org,
        country=(key if named else None) if by == "country" else group.country,
        count=len(group.held),
        first=group.held[0].date if group.held else None,
        last=group.held[-1].date if group.held else None,
        meetings=tuple(MeetingItem(m.id, m.date, m.title, m.format) for m in group.held),
        upcoming=tuple(UpcomingItem(m.id, m.date, m.for_date, m.title) for m in group.upcoming),
        event_ids=(*iter_ids(group.held), *iter_ids(group.upcoming)),
    )
