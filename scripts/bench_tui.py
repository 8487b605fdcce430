"""Time the app's first paint: from opening the store to the timeline showing rows.

    python scripts/bench_tui.py [--db PATH | --url URL] [--json]

Without a store it uses a new one seeded with the curated timeline. The app runs
headless at 120x40 through Textual's own test driver, as the tests do; the clock
starts before the app's modules are imported (a cold start) and stops when the
timeline draws its first event row for the screen.
The timeline pages from the store by keyset, so the figure should not grow with
the log: scripts/bench.py reports it (`tui_first_paint_s`) on its synthetic log.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)
TIMEOUT_S = 120.0


def first_paint_seconds(url: str) -> float:
    """Seconds from opening `url` until the app's timeline has drawn its first event row."""
    started = time.perf_counter()
    import tracker
    from tracker.tui.app import make_app
    from tracker.tui.widgets.timeline_list import TimelineList

    painted: list[float] = []
    draw = TimelineList.render_line

    def watched(self: TimelineList, y: int) -> Any:
        if y > 0 and self.window.rows and not painted:  # line 0 is the header
            painted.append(time.perf_counter())
        return draw(self, y)

    async def paint() -> float:
        with tracker.open(url) as store:
            app = make_app(store)
            async with app.run_test(size=SIZE):
                while not painted:
                    if time.perf_counter() - started > TIMEOUT_S:
                        raise SystemExit(f"no rows after {TIMEOUT_S:.0f} s")
                    await asyncio.sleep(0.002)
                return painted[0] - started

    TimelineList.render_line = watched  # type: ignore[method-assign]
    try:
        return asyncio.run(paint())
    finally:
        TimelineList.render_line = draw  # type: ignore[method-assign]


def seeded_store(folder: Path) -> str:
    import tracker

    path = folder / "seed.db"
    with tracker.open(path) as store:
        store.seed()
    return f"sqlite:///{path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="a SQLite store to open")
    where.add_argument("--url", help="a store URL to open")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or (f"sqlite:///{args.db}" if args.db else seeded_store(Path(folder)))
        seconds = first_paint_seconds(url)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {"tui_first_paint_s": round(seconds, 3), "peak_rss_mb": round(peak_mb, 1)}
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}", file=sys.stdout)


if __name__ == "__main__":
    main()
