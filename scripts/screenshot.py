"""Write the README's picture of the app: an SVG the app itself renders.

    python scripts/screenshot.py [--out scripts/app-screenshot.svg]

It seeds a fresh store with the curated timeline, opens the app at 120x40 on the
tariffs as they bear on Korea, steps onto 3 December 2025 (the day the 15 % floor
on Korean cars was published) and selects that line, so the picture shows the
marks of the step and the rate chart. tests/tui/test_readme_picture.py checks
the committed picture is what this script makes, so it is kept current.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PICTURE = HERE / "app-screenshot.svg"
SIZE = (120, 40)
AS_OF = dt.date(2025, 12, 1)


def normalize(svg: str) -> str:
    """Rich numbers its SVG ids at random; a fixed id keeps the file stable between runs."""
    return re.sub(r"\bterminal-\d+-", "terminal-", svg)


async def _shoot() -> str:
    import tracker
    from tracker.tui.app import make_app
    from tracker.tui.views.base import View
    from tracker.tui.views.tariffs import TariffsView

    with tracker.open("seed.db") as store:
        store.seed()
        app = make_app(store, as_of=AS_OF)
        async with app.run_test(size=SIZE) as pilot:

            async def settle() -> None:
                for _ in range(400):
                    await pilot.pause()
                    reading = any(worker.is_running for worker in app.workers)
                    if not reading and all(view.settled for view in app.query(View)):
                        await pilot.pause()
                        return
                    await asyncio.sleep(0.01)

            await settle()
            await pilot.press("2")
            await settle()
            tariffs = app.query_one(TariffsView)
            tariffs.country = "KR"  # what `c` then choosing KR does
            tariffs.reload()
            await settle()
            await pilot.press("right_square_bracket")
            await settle()
            tariffs.select_key("US/KR/autos-232")
            await settle()
            return normalize(app.export_screenshot(title="tracker"))


def screenshot() -> str:
    """The picture, made in a temporary folder (the header names the store `seed.db`)."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            return asyncio.run(_shoot())
        finally:
            os.chdir(here)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PICTURE, help="where to write the SVG")
    args = parser.parse_args()
    args.out.write_text(screenshot(), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
