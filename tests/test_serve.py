"""`tracker serve`: the app in a real headless Chromium, read-only, and its warnings.

The browser test needs Chromium (Debian's `chromium` package; `TRACKER_TEST_CHROMIUM`
names another binary). Without it the test skips, unless
`TRACKER_TEST_REQUIRE_BROWSER=1` (set in CI), when a missing browser is a failure.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import tracker
from tests.conftest import RunCli

REQUIRE_BROWSER_ENV = "TRACKER_TEST_REQUIRE_BROWSER"
CHROMIUM_ENV = "TRACKER_TEST_CHROMIUM"
# Flags for a closed network: no background fetches, no sandbox as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PATIENCE_S = 90.0  # a loaded 2-core machine starts the app slowly; success returns at once


def chromium() -> str:
    found = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium")
    if found:
        return found
    message = f"no Chromium: install Debian's chromium or set {CHROMIUM_ENV}"
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(
    condition: Callable[[], bool], what: str, pause: Callable[[], object] | None = None
) -> None:
    """Poll; `pause` lets a browser deliver its events meanwhile (a sleep would block them)."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        (pause or (lambda: time.sleep(0.2)))()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def serving(*args: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "tracker", *args], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def folder_digest(folder: Path) -> str:
    return "".join(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()))


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "store.db"
    with tracker.open(path) as opened:
        opened.seed()
        opened.store.checkpoint()
    return path


def test_the_app_loads_in_a_browser_and_shows_the_timeline(seeded_db: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    browser_path = chromium()
    with tracker.open(seeded_db) as opened:
        latest = opened.log(reverse=True, limit=1)[0].event.date.isoformat()
    before = folder_digest(seeded_db.parent)
    port = free_port()
    frames: list[str] = []
    with serving("--db", str(seeded_db), "serve", "--port", str(port), log=tmp_path / "log"):
        wait_for(lambda: listening(port), "the server to listen")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.on(
                    "websocket",
                    lambda ws: ws.on("framereceived", lambda data: frames.append(_text(data))),
                )
                page.goto(f"http://127.0.0.1:{port}/")

                def screen() -> str:
                    return "".join(frames)

                def pause() -> None:
                    page.wait_for_timeout(200)

                # The app's header and its timeline reach the page through its websocket.
                wait_for(lambda: "data through" in screen() and latest in screen(), "header", pause)
                wait_for(lambda: "meeting.held" in screen(), "the timeline's rows", pause)
                page.mouse.click(700, 450)  # the terminal takes the keyboard focus
                shown = len(frames)
                page.keyboard.press("2")  # keys reach the app: the tariffs view, drawn anew
                wait_for(lambda: "in effect" in "".join(frames[shown:]), "tariffs", pause)
                shot = tmp_path / "serve.png"
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 10_000  # a drawn screen, not a blank page
            finally:
                browser.close()
    assert folder_digest(seeded_db.parent) == before  # read-only: not a byte written


def _text(data: str | bytes) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


def test_serving_beyond_this_machine_warns(seeded_db: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "log"
    args = ("--db", str(seeded_db), "serve", "--host", "0.0.0.0", "--port", str(port))
    with serving(*args, log=log):
        wait_for(lambda: listening(port), "the server to listen")
    text = log.read_text(errors="replace")
    assert "Warning: serving on 0.0.0.0" in text
    assert "no login" in text


def test_serving_on_this_machine_does_not_warn(seeded_db: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "log"
    with serving("--db", str(seeded_db), "serve", "--port", str(port), log=log):
        wait_for(lambda: listening(port), "the server to listen")
    text = log.read_text(errors="replace")
    assert f"read-only on http://127.0.0.1:{port}" in text
    assert "Warning" not in text


def test_a_taken_port_is_one_line(seeded_db: Path, run_cli: RunCli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("--db", str(seeded_db), "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr


def test_a_missing_store_is_not_served(tmp_path: Path, run_cli: RunCli) -> None:
    missing = tmp_path / "missing.db"
    result = run_cli("--db", str(missing), "serve", "--port", str(free_port()))
    assert result.returncode == 3
    assert "no store at" in result.stderr
    assert not missing.exists()


def test_read_only_refuses_writing_commands_before_touching_the_store(
    seeded_db: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    before = folder_digest(seeded_db.parent)
    event = tmp_path / "event.jsonl"
    event.write_text(
        '{"type": "note", "date": "2026-01-01", "title": "probe", '
        '"source": {"publisher": "Probe", "title": "Probe", "date": "2026-01-01"}}\n'
    )
    for args in (["import", str(event)], ["append", str(event)], ["seed"]):
        result = run_cli("--read-only", "--db", str(seeded_db), *args)
        assert result.returncode == 2, args
        assert "--read-only: this command writes to the store" in result.stderr
    reading = run_cli("--read-only", "--db", str(seeded_db), "tariffs", "--on", "KR")
    assert reading.returncode == 0, reading.stderr
    assert "reciprocal" in reading.stdout
    assert folder_digest(seeded_db.parent) == before
