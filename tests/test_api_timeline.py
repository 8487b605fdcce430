"""Paging the timeline by keyset, and moving between event dates: what a screen reads.

Run on every backend: the keyset and DISTINCT queries are SQL each database plans itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest

import tracker
from tests.backends import backend, store_url  # noqa: F401  (fixtures)
from tests.examples import example
from tracker.api import TimelineKey, Tracker
from tracker.corrections import CORRECTION_TYPES


@pytest.fixture
def store(store_url: str) -> Iterator[Tracker]:  # noqa: F811
    with tracker.open(store_url) as opened:
        yield opened


@pytest.fixture
def seeded(store: Tracker) -> Tracker:
    store.seed()
    return store


def key_of(records: list[object]) -> list[tuple[dt.date, int]]:
    return [TimelineKey.of(r) for r in records]  # type: ignore[arg-type]


def test_pages_walk_the_timeline_forward_and_back(seeded: Tracker) -> None:
    everything = list(seeded.events(timeline=True))
    pages, key = [], TimelineKey.start_of(dt.date.min)
    while page := seeded.timeline_page(after=key, limit=7):
        pages.extend(page)
        key = TimelineKey.of(page[-1])
    assert key_of(pages) == key_of(everything)
    backwards, key = [], TimelineKey.end_of(dt.date.max)
    while page := seeded.timeline_page(before=key, limit=9):
        backwards = page + backwards
        key = TimelineKey.of(page[0])
    assert key_of(backwards) == key_of(everything)


def test_a_page_before_the_end_of_a_day_ends_with_that_days_last_event(seeded: Tracker) -> None:
    day = dt.date(2025, 4, 24)
    before = seeded.timeline_page(before=TimelineKey.end_of(day), limit=3)
    after = seeded.timeline_page(after=TimelineKey.end_of(day), limit=1)
    assert before[-1].event.date == day
    assert [r.event.date for r in before] == sorted(r.event.date for r in before)
    assert after[0].event.date > day
    everything = key_of(list(seeded.events(timeline=True)))
    assert (
        everything.index(TimelineKey.of(after[0]))
        == everything.index(TimelineKey.of(before[-1])) + 1
    )


def test_pages_take_the_filters_of_events(seeded: Tracker) -> None:
    start = TimelineKey.start_of(dt.date(2025, 5, 1))
    page = seeded.timeline_page(after=start, limit=3, types=["meeting.held"], search="greer")
    expected = [
        r
        for r in seeded.events(types=["meeting.held"], search="greer", timeline=True)
        if r.event.date >= start.date
    ][:3]
    assert key_of(page) == key_of(expected)
    assert [r.id for r in page] == [
        "2025-05-01-technical-talks",
        "2025-05-15-cheong-greer-jeju",
        "2025-05-16-ahn-greer-jeju",
    ]


def test_a_search_the_store_cannot_narrow_still_fills_the_page(store: Tracker) -> None:
    """Non-ASCII text is matched in Python: pages keep reading until they are full."""
    events = [
        example("note", id=f"n{n}", title=f"Note {n}", body="Seoul" if n % 50 else "서울 회담")
        for n in range(600)
    ]
    store.append(events)
    page = store.timeline_page(after=TimelineKey.start_of(dt.date.min), limit=5, search="서울")
    assert [r.id for r in page] == ["n0", "n50", "n100", "n150", "n200"]
    back = store.timeline_page(before=TimelineKey.end_of(dt.date.max), limit=2, search="서울")
    assert [r.id for r in back] == ["n500", "n550"]


def test_one_key_is_required(seeded: Tracker) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        seeded.timeline_page(limit=3)


def test_event_dates_leave_corrections_out(store: Tracker) -> None:
    assert store.event_dates() is None
    store.append(
        [
            example("note", id="a", date="2025-04-02"),
            example("note", id="b", date="2025-04-09"),
            {
                "type": "event.retracted",
                "id": "fix",
                "date": "2025-05-30",
                "title": "Retract a",
                "target": "a",
                "reason": "wrong",
            },
        ]
    )
    assert store.event_dates() == (dt.date(2025, 4, 2), dt.date(2025, 4, 9))
    assert store.next_event_dates(dt.date(2025, 4, 2)) == [dt.date(2025, 4, 9)]
    assert store.next_event_dates(dt.date(2025, 4, 9)) == []
    assert store.previous_event_dates(dt.date(2025, 4, 9)) == [dt.date(2025, 4, 2)]
    assert store.previous_event_dates(dt.date(2025, 4, 2)) == []
    assert store.next_event_dates(dt.date.min, limit=5) == [
        dt.date(2025, 4, 2),
        dt.date(2025, 4, 9),
    ]
    assert store.previous_event_dates(dt.date.max, limit=5) == [
        dt.date(2025, 4, 9),
        dt.date(2025, 4, 2),
    ]


def test_event_dates_follow_known_on(store: Tracker) -> None:
    store.append([example("note", id="a", date="2025-04-02")])
    moment = dt.datetime.now(dt.UTC)
    store.append([example("note", id="b", date="2025-04-09")])
    assert store.event_dates(known_on=moment) == (dt.date(2025, 4, 2), dt.date(2025, 4, 2))
    assert store.next_event_dates(dt.date(2025, 4, 2), known_on=moment) == []


def test_counts_before_a_key_give_a_rows_place(seeded: Tracker) -> None:
    everything = list(seeded.events(timeline=True))
    assert seeded.count_events() == len(everything)
    place = 40
    assert seeded.count_events(before=TimelineKey.of(everything[place])) == place
    meetings = list(seeded.events(types=["meeting.held"], timeline=True))
    assert seeded.count_events(types=["meeting.held"]) == len(meetings)


def test_several_events_on_a_day_make_one_date(seeded: Tracker) -> None:
    day = dt.date(2025, 4, 23)
    on_each = Counter(
        record.event.date
        for record in seeded.events(timeline=True)
        if record.event.date > day and record.event.type not in CORRECTION_TYPES
    )
    soonest = sorted(on_each)[:2]
    assert on_each[soonest[0]] > 1, "the 2+2 of 24 April is several events"
    assert seeded.next_event_dates(day, limit=2) == soonest
