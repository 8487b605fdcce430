"""Export, then import into an empty store, gives the same answers (real SQLite files)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker
from tracker.errors import InvalidEvent
from tracker.model import Recorded
from tracker.projections import rows_to_json

from .strategies import DAY0, DAYS, stored_logs

SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(
    log=stored_logs(max_events=12),
    as_of=st.integers(0, DAYS + 10).map(lambda n: DAY0 + dt.timedelta(days=n)),
)
def test_export_then_import_gives_the_same_answers(log: list[Recorded], as_of: dt.date) -> None:
    with tempfile.TemporaryDirectory() as folder, tracker.open(Path(folder) / "a.db") as original:
        for record in log:
            # One append each, so a correction lands after its target; the API refuses
            # some generated corrections (of a correction, or making the target invalid).
            with contextlib.suppress(InvalidEvent):
                original.append([record.event])
        out = io.StringIO()
        assert original.export(out) >= 1
        (Path(folder) / "export.jsonl").write_text(out.getvalue(), encoding="utf-8")
        with tracker.open(Path(folder) / "b.db") as copy:
            copy.import_file(Path(folder) / "export.jsonl")
            for name in ("tariffs", "meetings", "targets", "records"):
                before = getattr(original, name)(as_of=as_of)
                after = getattr(copy, name)(as_of=as_of)
                assert rows_to_json(after) == rows_to_json(before), name
