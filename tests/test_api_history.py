"""`Tracker.history` and `Tracker.corrections` on a real SQLite file: the evidence behind a row."""

from __future__ import annotations

import pytest

from tracker.api import Tracker
from tracker.errors import UnknownEvent

ANNEX = {
    "id": "annex",
    "type": "tariff.announced",
    "date": "2025-04-02",
    "title": "Annex lists Korea at 26 %",
    "imposed_by": "US",
    "applies_to": "KR",
    "measure": "reciprocal",
    "rate_pct": 26,
    "source": {"publisher": "The White House", "url": "https://example.org/annex"},
}
FIX = {
    "id": "fix",
    "type": "event.corrected",
    "date": "2025-04-03",
    "title": "Annex corrected to 25 %",
    "target": "annex",
    "changes": {"rate_pct": 25},
    "reason": "the annex was corrected the next day",
}
NOTE = {"id": "n", "type": "note", "date": "2025-04-01", "title": "context", "body": "x"}


def test_history_gives_original_effective_and_corrections(store: Tracker) -> None:
    store.append([ANNEX, NOTE])
    store.append([FIX])
    history = store.history("annex")
    assert history.status == "corrected"
    assert str(history.record.event.rate_pct) == "26"  # type: ignore[attr-defined]
    assert history.effective is not None
    assert str(history.effective.rate_pct) == "25"  # type: ignore[attr-defined]
    assert [(e.record.id, e.counts) for e in history.corrections] == [("fix", True)]
    assert history.record.event.source is not None
    assert history.record.event.source.url == "https://example.org/annex"
    assert store.history("n").status == "original"


def test_history_as_known_before_the_correction(store: Tracker) -> None:
    store.append([ANNEX])
    before = max(r.recorded_at for r in store.events())
    store.append([FIX])
    assert store.history("annex", known_on=before).status == "original"
    assert store.history("annex").status == "corrected"
    with pytest.raises(UnknownEvent, match="'fix'"):
        store.history("fix", known_on=before)


def test_an_unknown_id_is_one_clear_error(store: Tracker) -> None:
    store.append([NOTE])
    with pytest.raises(UnknownEvent, match="no stored event has id 'nope'"):
        store.history("nope")


def test_the_correction_index_marks_every_stored_event(store: Tracker) -> None:
    store.append([ANNEX, NOTE])
    store.append([FIX, retraction("drop", "n")])
    store.append([retraction("undo", "drop")])
    index = store.corrections()
    status = {record.id: index.status(record) for record in store.events()}
    assert status == {
        "annex": "corrected",
        "n": "original",
        "fix": "original",
        "drop": "retracted",
        "undo": "original",
    }
    first = next(iter(store.events()))
    assert first.id == "annex"
    assert store.corrections(known_on=first.recorded_at).status(first) == "original"


def retraction(event_id: str, target: str) -> dict[str, str]:
    return {
        "id": event_id,
        "type": "event.retracted",
        "date": "2025-04-04",
        "title": f"retract {target}",
        "target": target,
        "reason": "test",
    }
