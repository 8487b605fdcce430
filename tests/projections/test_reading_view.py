"""A tariff line's reading view, stored and read back, answers every later day as the
whole line does."""

from __future__ import annotations

import datetime as dt

from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.linecodec import decode_view, encode_view
from tracker.log import effective_log
from tracker.model import Recorded, TariffEvent
from tracker.projections import tariffs

from .strategies import stored_logs


@settings(max_examples=300, deadline=None)
@given(records=stored_logs(), ahead=st.lists(st.integers(0, 60), min_size=1, max_size=4))
def test_the_view_after_each_event_answers_every_day_from_then_on(
    records: list[Recorded], ahead: list[int]
) -> None:
    state = tariffs.initial()
    for event in effective_log(records):
        state = tariffs.apply(state, event)
        if not isinstance(event, TariffEvent):
            continue
        key = event.key
        line = state.lines[(key[0], key[1])][key[2]]
        view = evolve(tariffs.reading_view(line, event.date), event_ids=line.event_ids)
        stored = evolve(decode_view(encode_view(view)), event_ids=line.event_ids)
        for days in ahead:
            day = event.date + dt.timedelta(days=days)
            assert tariffs.line_at(key, view, day) == tariffs.line_at(key, line, day)
            assert tariffs.line_at(key, stored, day) == tariffs.line_at(key, line, day)
