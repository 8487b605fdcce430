"""One store seeded from events/ for the seed tests of a session, and a way to read its lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tracker
from tracker.api import Tracker
from tracker.projections.tariffs import TariffLine


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    path: Path = tmp_path_factory.mktemp("seed") / "seed.db"
    with tracker.open(path) as store:
        report = store.seed()
        assert len(report.appended) >= 100
        yield store


def line(lines: list[TariffLine], measure: str) -> TariffLine:
    """The one line of `measure` among `lines` (a query for one country has one per measure)."""
    [found] = [item for item in lines if item.measure == measure]
    return found
