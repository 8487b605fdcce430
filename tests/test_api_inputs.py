"""The API at its door: ISO strings for dates, JSON-safe rows, sources, and missing stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tracker
from tests.examples import EXAMPLES, example
from tracker.api import Tracker
from tracker.errors import StoreMissing, StoreUnavailable
from tracker.moments import MomentError
from tracker.projections import rows_to_json

EVENTS = [
    EXAMPLES["tariff.announced"],
    EXAMPLES["meeting.held"],
    EXAMPLES["target.set"],
    EXAMPLES["figure.reported"],
]


@pytest.fixture
def filled(store: Tracker) -> Tracker:
    store.append(EVENTS)
    return store


def test_iso_strings_are_dates_wherever_the_api_takes_dates(filled: Tracker) -> None:
    as_date = filled.tariffs(as_of=dt.date(2025, 12, 10), on="KR")
    assert filled.tariffs(as_of="2025-12-10", on="KR") == as_date
    assert filled.meetings(as_of="2026-03-31", known_on=dt.datetime.now(dt.UTC).date().isoformat())
    assert filled.diff("2025-01-01", "2026-03-31") == filled.diff(
        dt.date(2025, 1, 1), dt.date(2026, 3, 31)
    )
    assert list(filled.events(date_from="2026-01-01")) == list(
        filled.events(date_from=dt.date(2026, 1, 1))
    )
    assert filled.targets(known_on="2000-01-01T00:00Z") == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: t.tariffs(as_of="5 April 2025"), "as_of: '5 April 2025' is not an ISO date"),
        (lambda t: t.tariffs(as_of=dt.datetime(2025, 4, 5, tzinfo=dt.UTC)), "as_of: must be"),
        (lambda t: t.records(as_of=20250405), "as_of: must be a date"),
        (lambda t: t.targets(known_on="soon"), "known_on: 'soon' is not an ISO date"),
        (lambda t: t.diff("2025-01-01", None), "b: a date is required"),
        (lambda t: t.log(recorded_since="yesterday"), "recorded_since: 'yesterday'"),
    ],
)
def test_anything_else_is_refused_at_the_door_naming_the_parameter(
    filled: Tracker, call: object, message: str
) -> None:
    with pytest.raises(MomentError, match=message):
        call(filled)  # type: ignore[operator]


def test_rows_to_json_is_what_json_dumps_takes(filled: Tracker) -> None:
    for rows in (
        filled.tariffs(as_of="2025-12-10"),
        filled.meetings(as_of="2026-03-31"),
        filled.targets(as_of="2026-03-31"),
        filled.records(as_of="2026-03-31"),
    ):
        assert rows
        text = json.dumps(rows_to_json(rows))
        assert "Decimal" not in text
    [line] = rows_to_json(filled.tariffs(as_of="2025-12-10", on="KR"))
    assert (line["rate_pct"], line["since"]) == ("15", "2025-11-01")


def test_sources_are_the_corrected_ones_and_leave_out_unknown_ids(filled: Tracker) -> None:
    meeting_id = EXAMPLES["meeting.held"]["id"]
    moved = {**EXAMPLES["meeting.held"]["source"], "url": "https://example.org/corrected"}
    filled.append(
        [
            example(
                "event.corrected",
                id="fix-source",
                target=meeting_id,
                changes={"source": moved},
            )
        ]
    )
    found = filled.sources([meeting_id, "no-such-id"])
    assert list(found) == [meeting_id]
    source = found[meeting_id]
    assert source is not None and source.url == "https://example.org/corrected"
    before = filled.sources([meeting_id], known_on="2000-01-01")
    assert before == {}


def test_data_ends_on_the_latest_event_date_known(filled: Tracker) -> None:
    latest = max(dt.date.fromisoformat(e["date"]) for e in EVENTS)
    assert filled.data_ends() == latest
    target = EXAMPLES["figure.reported"]["id"]
    filled.append([example("event.retracted", date="2030-01-01", target=target)])
    assert filled.data_ends() == latest  # corrections are not data about the world
    assert filled.data_ends(known_on="2000-01-01") is None


def test_reading_a_store_that_does_not_exist_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "store.db"
    with pytest.raises(StoreMissing, match=r"tracker --db .*store.db seed"):
        tracker.open(missing, create=False)
    assert not missing.parent.exists()
    with tracker.open(missing) as created:  # scripts that write still create it
        assert list(created.events()) == []
    with tracker.open(f"sqlite:///{missing}", create=False) as opened:
        assert list(opened.events()) == []


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="is a directory"):
        tracker.open(tmp_path)
    with pytest.raises(StoreUnavailable, match="is a directory"):
        tracker.open(tmp_path, create=False)


def test_the_default_store_is_still_created_for_a_read(isolated_home: Path) -> None:
    with tracker.open(create=False) as default:
        assert default.data_ends() is not None
