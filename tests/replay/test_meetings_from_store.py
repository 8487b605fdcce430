"""Meetings read from the stored meetings equal the replay, on logs of meetings alone.

The general property (test_equal_to_full_replay) mixes every kind of event; here
every event is a meeting or a correction of one, so late meetings, corrections
that move a meeting's date, side or day planned, retractions and cancellations
naming a scheduling meet often, asked known on every moment of the log.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker
from tests.backends import fresh_store_url
from tracker.log import effective_log
from tracker.model import MeetingCancelled, MeetingScheduled, Recorded
from tracker.projections.meetings import GroupBy, meeting_rows

from ..projections.strategies import (
    DAY0,
    DAYS,
    OURS,
    PEOPLE,
    as_records,
    meeting_event,
    stored_logs,
)
from .test_equal_to_full_replay import store_records

QUERIES: list[tuple[GroupBy | None, str | None, str | None]] = [
    (None, None, None),
    ("org", None, None),
    ("country", None, None),
    (None, None, "USTR"),
    (None, "yeo", None),
]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    records=stored_logs(max_events=12, kinds=meeting_event()),
    days=st.lists(st.integers(-1, DAYS + 12), min_size=1, max_size=3),
)
def test_meetings_from_the_store_equal_the_replay(
    backend: str, records: list[Recorded], days: list[int]
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_store_url(backend, Path(folder)) as url,
        tracker.open(url) as store,
    ):
        store_records(store, records)
        for known_on in {record.recorded_at for record in records}:
            for as_of in (DAY0 + dt.timedelta(days=n) for n in days):
                log = effective_log(records, as_of=as_of, known_on=known_on)
                for by, ours, theirs in QUERIES:
                    want = meeting_rows(log, as_of, by, ours=ours, theirs=theirs)
                    got = store.meetings(as_of, known_on, by, ours=ours, theirs=theirs)
                    assert got == want, (as_of, known_on, by, ours, theirs)


def test_a_cancellation_naming_a_scheduling_calls_it_off_whatever_its_own_day(
    backend: str, tmp_path: Path
) -> None:
    """The cancellation is for a day already past on the day asked, yet it names the
    scheduling, so the meeting planned after that day is no longer upcoming."""
    people = {"ours": OURS, "theirs": (PEOPLE[0],)}
    events = [
        MeetingScheduled(id="plan", date=DAY0, title="plan", for_date=DAY0 + dt.timedelta(9),
                         **people),
        MeetingCancelled(id="off", date=DAY0 + dt.timedelta(2), title="off", scheduled="plan",
                         for_date=DAY0 + dt.timedelta(3), **people),
    ]  # fmt: skip
    records = as_records(events, [1])
    as_of = DAY0 + dt.timedelta(5)
    with fresh_store_url(backend, tmp_path) as url, tracker.open(url) as store:
        store_records(store, records)
        assert meeting_rows(effective_log(records), as_of) == []
        assert store.meetings(as_of) == []
        assert store.meetings(DAY0 + dt.timedelta(1))[0].upcoming[0].id == "plan"
