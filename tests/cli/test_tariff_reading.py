"""Tariff answers as a reader takes them, through real subprocesses: table and JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli

KEY_KR = {"imposed_by": "US", "applies_to": "KR"}
KEY_ALL = {"imposed_by": "US", "applies_to": "*"}
EVENTS: list[Mapping[str, Any]] = [
    {"id": "autos", "type": "tariff.announced", "date": "2025-03-26", "title": "Autos 25 %",
     **KEY_ALL, "measure": "autos-232", "rate_pct": 25, "effective": "2025-04-03"},
    {"id": "autos-kr-threat", "type": "tariff.threatened", "date": "2026-01-26",
     "title": "Korean cars to 25 %", **KEY_KR, "measure": "autos-232", "rate_pct": 35},
    {"id": "pharma-kr-threat", "type": "tariff.threatened", "date": "2026-01-26",
     "title": "Korean pharmaceuticals to 25 %", **KEY_KR, "measure": "pharma-232",
     "rate_pct": 25},
    {"id": "threats-lapse", "type": "tariff.threat_withdrawn", "date": "2026-03-12",
     "title": "The hike is not published", **KEY_KR, "measure": "pharma-232"},
    {"id": "autos-threat-lapse", "type": "tariff.threat_withdrawn", "date": "2026-03-12",
     "title": "The hike on cars is not published", **KEY_KR, "measure": "autos-232"},
]  # fmt: skip


@pytest.fixture
def db(run_cli: RunCli, tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    text = "".join(json.dumps(e) + "\n" for e in EVENTS)
    result = run_cli("--db", path, "import", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    return path


def query(run_cli: RunCli, db: str, *args: str) -> Any:
    result = run_cli("--db", db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_withdrawn_threat_leaves_the_answers(run_cli: RunCli, db: str) -> None:
    before = query(run_cli, db, "tariffs", "--as-of", "2026-03-11")
    assert {(r["applies_to"], r["measure"]) for r in before} == {
        ("*", "autos-232"),
        ("KR", "autos-232"),
        ("KR", "pharma-232"),
    }
    after = query(run_cli, db, "tariffs", "--as-of", "2026-03-12")
    assert [(r["applies_to"], r["measure"], r["threat"]) for r in after] == [
        ("*", "autos-232", None)
    ]
    riding = query(run_cli, db, "tariffs", "--on", "KR", "--as-of", "2026-03-11")
    assert [(r["measure"], r["threat"]["rate_pct"]) for r in riding] == [
        ("autos-232", "35"),
        ("pharma-232", "25"),
    ]
    on_kr = query(run_cli, db, "tariffs", "--on", "KR", "--as-of", "2026-03-12")
    assert [(r["measure"], r["status"], r["threat"]) for r in on_kr] == [
        ("autos-232", "in_effect", None)
    ]
    table = run_cli("--db", db, "tariffs", "--on", "KR", "--as-of", "2026-03-12").stdout
    assert "35 %" not in table and "pharma" not in table


def test_log_takes_the_new_type(run_cli: RunCli, db: str) -> None:
    rows = query(run_cli, db, "log", "--type", "tariff.threat_withdrawn")
    assert [row["id"] for row in rows] == ["threats-lapse", "autos-threat-lapse"]
    assert all(row["type"] == "tariff.threat_withdrawn" for row in rows)
    exported = [json.loads(line) for line in run_cli("--db", db, "export").stdout.splitlines()]
    assert [e["id"] for e in exported if e["type"] == "tariff.threat_withdrawn"] == [
        "threats-lapse",
        "autos-threat-lapse",
    ]
