"""Append a meeting through the public API, as a script would.

    python scripts/append_meeting.py --db my.db

Without --db it writes to the default store (the one `tracker` opens).
"""

from __future__ import annotations

import argparse
import datetime as dt

import tracker
from tracker.model import MeetingHeld, Person, Source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file or database URL (default: the default store)")
    args = parser.parse_args()
    meeting = MeetingHeld(
        id="2026-01-13-yeo-greer",
        date=dt.date(2026, 1, 13),
        title="Trade Minister Yeo Han-koo meets USTR Jamieson Greer",
        ours=(Person(name="Yeo Han-koo", role="Trade Minister", org="MOTIR", country="KR"),),
        theirs=(
            Person(
                name="Jamieson Greer", role="U.S. Trade Representative", org="USTR", country="US"
            ),
        ),
        location="Washington, D.C.",
        format="bilateral",
        topics=("digital legislation",),
        source=Source(
            publisher="MOTIR",
            title="Trade Minister Meets with U.S. Trade Representative",
            published=dt.date(2026, 1, 14),
        ),
    )
    with tracker.open(args.db) as store:
        report = store.append([meeting])
    for event_id in report.appended:
        print(f"appended {event_id}")
    for event_id in report.skipped:
        print(f"already stored: {event_id}")


if __name__ == "__main__":
    main()
