"""`tracker` alone opens the app on a terminal and prints the timeline anywhere else."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.conftest import RunCli


def test_without_a_terminal_tracker_prints_the_timeline(run_cli: RunCli, seed_file: Path) -> None:
    result = run_cli("--db", str(seed_file))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split() == ["date", "type", "status", "id", "title"]


def test_tracker_tui_needs_a_terminal(run_cli: RunCli, seed_file: Path) -> None:
    result = run_cli("--db", str(seed_file), "tui")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr


def read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_on_a_terminal_tracker_opens_the_app_and_q_quits(seed_file: Path) -> None:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", str(seed_file)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm-256color"},
        close_fds=True,
    )
    os.close(terminal)
    try:
        screen = read_until(controller, b"data through", 60)
        assert b"data through" in screen
        for _ in range(30):  # a key sent while the app still starts up may be dropped
            os.write(controller, b"q")
            read_until(controller, b"\0", 1)
            if process.poll() is not None:
                break
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
