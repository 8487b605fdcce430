"""A realistic synthetic event log for benchmarks: every event type, decades, out of order.

About 40 countries, 12 measures and a few hundred people, dates 1990-2026 in
random order (as a tracker filled from many sources over time would be), a
few events without ids (so ids are generated), and about 2 % corrections and
retractions, some of which move an event to another date or another key.
The same `seed` always gives the same log.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

COUNTRIES = (
    "US", "CN", "JP", "KR", "DE", "FR", "GB", "IT", "CA", "MX", "BR", "IN", "AU", "ID",
    "TR", "SA", "AR", "ZA", "RU", "EU", "VN", "TH", "MY", "SG", "PH", "NL", "BE", "CH",
    "SE", "PL", "ES", "NO", "CL", "CO", "PE", "EG", "NG", "IL", "AE", "NZ",
)  # fmt: skip
IMPOSERS = ("US", "US", "US", "EU", "CN", "CN", "CA", "MX", "IN", "JP", "KR", "GB")
MEASURES = (
    "reciprocal", "baseline", "autos-232", "auto-parts-232", "steel-aluminium-232",
    "semiconductors-232", "pharma-232", "lumber-232", "copper-232", "fentanyl-ieepa",
    "section-301", "antidumping",
)  # fmt: skip
METRICS = (
    "exports.total", "exports.autos", "exports.chips", "imports.total", "trade.balance",
    "investment.us", "exports.steel", "exports.arms",
)  # fmt: skip
ROLES = ("Trade Minister", "Finance Minister", "Ambassador", "Trade Representative")
FIRST = 1990
RECENT = 20_000  # corrections pick their targets among this many recent events
DAYS = (dt.date(2026, 12, 31) - dt.date(FIRST, 1, 1)).days


def _people(rng: random.Random) -> list[dict[str, str]]:
    return [
        {"name": f"{country} official {n}", "role": rng.choice(ROLES), "org": f"{country} MOT",
         "country": country}
        for country in COUNTRIES
        for n in range(8)
    ]  # fmt: skip


class _Maker:
    """Builds one event at a time; keeps what later corrections may point at."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = _people(self.rng)
        self.recent: list[dict[str, Any]] = []  # what a correction may target
        self.n = 0

    def day(self) -> dt.date:
        return dt.date(FIRST, 1, 1) + dt.timedelta(days=self.rng.randrange(DAYS))

    def source(self, day: dt.date) -> dict[str, Any]:
        published = (day + dt.timedelta(days=self.rng.randrange(3))).isoformat()
        return {"publisher": self.rng.choice(("MOTIR", "USTR", "Reuters", "Yonhap")),
                "title": f"Report {self.n}", "published": published}  # fmt: skip

    def envelope(self, kind: str, day: dt.date, title: str) -> dict[str, Any]:
        self.n += 1
        event: dict[str, Any] = {"id": f"ev-{self.n}", "type": kind, "date": day.isoformat(),
                                 "title": f"{title} {self.n}"}  # fmt: skip
        if self.rng.random() < 0.05:
            del event["id"]  # the store generates one from the date and title
        if self.rng.random() < 0.8:
            event["source"] = self.source(day)
        return event

    def tariff(self, day: dt.date) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(("threatened", "announced", "paused", "lifted"), (3, 10, 2, 2))[0]
        event = self.envelope(f"tariff.{kind}", day, f"Tariff {kind}")
        event |= {"imposed_by": rng.choice(IMPOSERS),
                  "applies_to": rng.choice((*COUNTRIES, "*", "*", "*")),
                  "measure": rng.choice(MEASURES)}  # fmt: skip
        rate = rng.choice((0, 10, 15, 20, 25, 34, 50, 125))
        if kind == "threatened":
            event["rate_pct"] = rate
        elif kind == "announced":
            event["rate_pct"] = f"{rate}.5" if rng.random() < 0.1 else rate
            event["effective"] = (day + dt.timedelta(days=rng.randrange(-20, 60))).isoformat()
            event["products"] = "goods covered by the measure"
            if rng.random() < 0.2:
                event["basis"] = "floor"
        elif kind == "paused":
            event["until"] = (day + dt.timedelta(days=rng.randrange(1, 120))).isoformat()
            event["rate_pct"] = rng.choice((10, 15))
        else:
            event["effective"] = (day + dt.timedelta(days=rng.randrange(0, 30))).isoformat()
        return event

    def meeting(self, day: dt.date) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(("held", "scheduled", "cancelled"), (10, 3, 1))[0]
        event = self.envelope(f"meeting.{kind}", day, f"Meeting {kind}")
        event["ours"] = [rng.choice(self.people[24:32])]  # KR's officials
        event["theirs"] = rng.sample(self.people, rng.choice((1, 1, 1, 2)))
        event["format"] = rng.choice(("bilateral", "2+2", "summit", "call"))
        if kind != "held":
            event["for_date"] = (day + dt.timedelta(days=rng.randrange(1, 30))).isoformat()
        return event

    def figure(self, day: dt.date) -> dict[str, Any]:
        rng = self.rng
        year = min(day.year, 2026)
        period = rng.choice((str(year), f"{year}-Q{rng.randrange(1, 5)}",
                             f"{year}-{rng.randrange(1, 13):02d}"))  # fmt: skip
        kind = "target.set" if rng.random() < 0.2 else "figure.reported"
        event = self.envelope(kind, day, "Figure" if kind == "figure.reported" else "Target")
        event |= {"metric": f"{rng.choice(METRICS)}.{rng.choice(COUNTRIES)}", "period": period,
                  "value": rng.randrange(10**8, 10**12), "unit": "USD"}  # fmt: skip
        if kind == "target.set":
            event["set_by"] = rng.choice(("MOTIR", "Government", "DAPA"))
        else:
            event["all_time_high"] = rng.random() < 0.15
            event["preliminary"] = rng.random() < 0.1
        return event

    def context(self, day: dt.date) -> dict[str, Any]:
        if self.rng.random() < 0.2:
            event = self.envelope("agreement.reached", day, "Agreement")
            return event | {"parties": self.rng.sample(COUNTRIES, 2), "summary": "Terms agreed.",
                            "terms": ["tariffs cut", "investment pledged"]}  # fmt: skip
        return self.envelope("note", day, "Note") | {"body": "Context for the talks."}

    def correction(self) -> dict[str, Any] | None:
        rng = self.rng
        target = rng.choice(self.recent)
        if "id" not in target or target["type"].startswith("event."):
            return None
        day = self.day()
        if rng.random() < 0.35:
            event = self.envelope("event.retracted", day, "Retraction")
            return event | {"target": target["id"], "reason": "wrong report"}
        changes: dict[str, Any] = {"title": f"Corrected {self.n}"}
        if target["type"] == "tariff.announced":
            changes = rng.choice(({"rate_pct": "17.5"}, {"applies_to": rng.choice(COUNTRIES)},
                                  {"measure": rng.choice(MEASURES)}))  # fmt: skip
        elif target["type"] in ("figure.reported", "target.set"):
            changes = {"value": rng.randrange(10**8, 10**12)}
        elif target["type"] in ("note", "meeting.held") and rng.random() < 0.5:
            changes = {"date": self.day().isoformat()}  # moves the event in time
        event = self.envelope("event.corrected", day, "Correction")
        return event | {"target": target["id"], "changes": changes, "reason": "fixed"}

    def next(self) -> dict[str, Any]:
        roll = self.rng.random()
        event: dict[str, Any] | None = None
        if roll < 0.02 and self.recent:
            event = self.correction()
        if event is None:
            day = self.day()
            maker = self.rng.choices(
                (self.tariff, self.meeting, self.figure, self.context), (36, 28, 20, 14)
            )[0]
            event = maker(day)
        if len(self.recent) < RECENT:
            self.recent.append(event)
        else:
            self.recent[self.rng.randrange(RECENT)] = event
        return event


def synthetic_events(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`count` events in append order, as dicts in the EVENTS.md format."""
    maker = _Maker(seed)
    for _ in range(count):
        yield maker.next()
