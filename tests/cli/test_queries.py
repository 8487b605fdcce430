"""Query commands through real subprocesses: the JSON contract and the readable table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli
from tracker.errors import ExitCode

EVENTS: list[Mapping[str, Any]] = [
    {
        "id": "autos",
        "type": "tariff.announced",
        "date": "2025-03-26",
        "title": "Autos 25 %",
        "imposed_by": "US",
        "applies_to": "*",
        "measure": "autos-232",
        "rate_pct": 25,
        "effective": "2025-04-03",
    },
    {
        "id": "autos-kr",
        "type": "tariff.announced",
        "date": "2025-12-03",
        "title": "Korean cars 15 %",
        "imposed_by": "US",
        "applies_to": "KR",
        "measure": "autos-232",
        "rate_pct": "15",
        "effective": "2025-11-01",
        "basis": "floor",
    },
    {
        "id": "m1",
        "type": "meeting.held",
        "date": "2025-04-08",
        "title": "Cheong meets Greer",
        "ours": [{"name": "Cheong In-kyo", "country": "KR"}],
        "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}],
    },
    {
        "id": "m2",
        "type": "meeting.held",
        "date": "2026-01-13",
        "title": "Yeo meets Greer",
        "ours": [{"name": "Yeo Han-koo", "country": "KR"}],
        "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}],
    },
    {
        "id": "t",
        "type": "target.set",
        "date": "2024-06-19",
        "title": "Export target",
        "set_by": "MOTIE",
        "metric": "exports.total",
        "period": "2024",
        "value": 700000000000,
        "unit": "USD",
    },
    {
        "id": "f",
        "type": "figure.reported",
        "date": "2025-01-01",
        "title": "2024 exports",
        "metric": "exports.total",
        "period": "2024",
        "value": 683800000000,
        "unit": "USD",
        "all_time_high": True,
        "previous_high": {"period": "2022", "value": 683600000000},
    },
]


@pytest.fixture
def db(run_cli: RunCli, tmp_path: Path) -> str:
    path = str(tmp_path / "q.db")
    text = "".join(json.dumps(e) + "\n" for e in EVENTS)
    assert run_cli("--db", path, "import", "-", stdin=text).returncode == 0
    return path


def query(run_cli: RunCli, db: str, *args: str) -> Any:
    result = run_cli("--db", db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tariffs_json_follows_the_contract(run_cli: RunCli, db: str) -> None:
    [row] = query(run_cli, db, "tariffs", "--as-of", "2025-04-05", "--on", "KR")
    assert {
        "imposed_by",
        "applies_to",
        "measure",
        "products",
        "status",
        "rate_pct",
        "basis",
        "since",
        "pending",
        "paused_until",
        "threat",
        "event_ids",
    } <= set(row)
    assert (row["applies_to"], row["status"], row["rate_pct"], row["since"]) == (
        "*",
        "in_effect",
        "25",
        "2025-04-03",
    )
    assert row["event_ids"] == ["autos"]
    [later] = query(run_cli, db, "tariffs", "--as-of", "2025-12-10", "--on", "KR")
    assert (later["applies_to"], later["rate_pct"], later["basis"], later["since"]) == (
        "KR",
        "15",
        "floor",
        "2025-11-01",
    )


def test_tariffs_table_is_readable(run_cli: RunCli, db: str) -> None:
    result = run_cli("--db", db, "tariffs", "--as-of", "2025-12-10")
    assert result.returncode == 0
    header, rule, *rows = result.stdout.splitlines()
    assert header.split()[:3] == ["by", "on", "measure"]
    assert set(rule) <= {"-", " "}
    assert len(rows) == 2
    assert any("15 % floor" in row and "2025-11-01" in row for row in rows)
    assert any("25 %  " in row and "floor" not in row for row in rows)


def test_known_on_shows_what_the_tracker_said_then(run_cli: RunCli, db: str) -> None:
    """Everything was recorded today: known on an earlier moment, the tracker knew nothing."""
    assert query(run_cli, db, "tariffs", "--known-on", "2025-04-06T00:00Z") == []
    assert query(run_cli, db, "targets", "--known-on", "2025-04-06") == []
    assert len(query(run_cli, db, "tariffs", "--as-of", "2025-12-10")) == 2


def test_meetings_json_and_table(run_cli: RunCli, db: str) -> None:
    [greer] = query(run_cli, db, "meetings", "--as-of", "2026-03-31")
    assert (greer["counterpart"], greer["count"], greer["first"], greer["last"]) == (
        "Jamieson Greer",
        2,
        "2025-04-08",
        "2026-01-13",
    )
    assert [m["id"] for m in greer["meetings"]] == ["m1", "m2"]
    assert query(run_cli, db, "meetings", "--as-of", "2025-12-31")[0]["count"] == 1
    [usa] = query(run_cli, db, "meetings", "--by", "country")
    assert (usa["counterpart"], usa["count"]) == ("US", 2)
    table = run_cli("--db", db, "meetings").stdout
    assert "Jamieson Greer" in table and "2026-01-13" in table


def test_by_org_and_by_country_count_people_without_them_in_a_row_of_their_own(
    run_cli: RunCli, db: str
) -> None:
    call = {
        "id": "call",
        "type": "meeting.held",
        "date": "2024-11-07",
        "title": "Yoon and Trump speak by phone",
        "ours": [{"name": "Yoon Suk Yeol", "country": "KR"}],
        "theirs": [{"name": "Donald Trump"}],
    }
    assert run_cli("--db", db, "append", "-", stdin=json.dumps(call)).returncode == 0
    for by, label, usual in (("org", "(no org)", "USTR"), ("country", "(no country)", "US")):
        rows = query(run_cli, db, "meetings", "--by", by, "--as-of", "2026-03-31")
        assert [row["counterpart"] for row in rows] == [usual, label]
        assert (rows[1]["count"], rows[1]["org"], rows[1]["country"]) == (1, None, None)
        assert rows[1]["event_ids"] == ["call"]
        args = ("--db", db, "meetings", "--by", by, "--as-of", "2026-03-31")
        table = run_cli(*args).stdout.splitlines()
        assert table[-1].split()[:3] == [*label.split(), "1"]
        [_, *csv_rows] = run_cli(*args, "--csv").stdout.splitlines()
        assert csv_rows[-1].startswith(f"{label},,,1,2024-11-07,2024-11-07")


def test_targets_json_and_table(run_cli: RunCli, db: str) -> None:
    [target] = query(run_cli, db, "targets", "--as-of", "2025-06-30")
    assert (target["status"], target["target"], target["actual"], target["gap"]) == (
        "missed",
        "700000000000",
        "683800000000",
        "-16200000000",
    )
    table = run_cli("--db", db, "targets", "--as-of", "2025-06-30").stdout
    assert "$700.0bn" in table and "$683.8bn" in table and "missed" in table


def test_records_json_and_table(run_cli: RunCli, db: str) -> None:
    [record] = query(run_cli, db, "records")
    assert (record["metric"], record["value"], record["previous"]) == (
        "exports.total",
        "683800000000",
        {"period": "2022", "value": "683600000000"},
    )
    assert "$683.8bn" in run_cli("--db", db, "records").stdout


def test_diff_json_and_table(run_cli: RunCli, db: str) -> None:
    changes = query(run_cli, db, "diff", "2025-04-24", "2026-01-31")
    by_key = {(c["projection"], c["key"]): c for c in changes}
    assert by_key[("tariffs", "US/KR/autos-232")]["change"] == "added"
    assert by_key[("meetings", "Jamieson Greer")]["change"] == "changed"
    assert {"projection", "key", "change", "before", "after"} <= set(changes[0])
    table = run_cli("--db", db, "diff", "2025-04-24", "2026-01-31").stdout
    assert "US/KR/autos-232" in table and "added" in table


def test_an_empty_answer_is_an_empty_array_or_a_note(run_cli: RunCli, db: str) -> None:
    assert query(run_cli, db, "tariffs", "--as-of", "2020-01-01") == []
    result = run_cli("--db", db, "tariffs", "--as-of", "2020-01-01")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.strip() == "no tariff lines as of 2020-01-01"


@pytest.mark.parametrize(
    "args",
    [
        ("tariffs", "--as-of", "5 April"),
        ("tariffs", "--as-of", "2025-02-30"),
        ("tariffs", "--as-of", "2025-W01-1"),
        ("tariffs", "--known-on", "2025-W01-1"),
        ("tariffs", "--known-on", "2999-01-01"),
        ("tariffs", "--known-on", "soon"),
        ("tariffs", "--on", "korea"),
        ("diff", "2025-01-01"),
        ("meetings", "--by", "mood"),
    ],
)
def test_bad_query_options_are_one_line_usage_errors(
    run_cli: RunCli, db: str, args: tuple[str, ...]
) -> None:
    result = run_cli("--db", db, *args)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1


MINISTER_MEETINGS: list[Mapping[str, Any]] = [
    {
        "id": "cheong-greer",
        "type": "meeting.held",
        "date": "2025-04-08",
        "title": "Trade Minister Cheong meets Greer",
        "ours": [{"name": "Cheong In-kyo", "role": "Trade Minister", "country": "KR"}],
        "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}],
        "source": {"publisher": "Yonhap", "published": "2025-04-09", "url": "https://a.example"},
    },
    {
        "id": "ahn-greer",
        "type": "meeting.held",
        "date": "2025-04-24",
        "title": "Industry Minister Ahn meets Greer",
        "ours": [{"name": "Ahn Duk-geun", "role": "Minister of Trade, Industry and Energy"}],
        "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}],
    },
    {
        "id": "yeo-ustr",
        "type": "meeting.held",
        "date": "2026-01-29",
        "title": "Trade Minister Yeo visits the USTR",
        "ours": [{"name": "Yeo Han-koo", "role": "Trade Minister", "country": "KR"}],
        "theirs": [{"org": "USTR", "country": "US"}, {"org": "U.S. Congress", "country": "US"}],
        "source": {"publisher": "MOTIR", "published": "2026-01-30", "url": "https://b.example"},
    },
]


def test_how_often_our_trade_minister_met_the_ustr_and_when_last(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = str(tmp_path / "m.db")
    text = "".join(json.dumps(e) + "\n" for e in MINISTER_MEETINGS)
    assert run_cli("--db", path, "import", "-", stdin=text).returncode == 0
    question = ("meetings", "--ours", "Trade Minister", "--with", "USTR", "--as-of", "2026-03-31")
    [row] = query(run_cli, path, *question)
    assert (row["counterpart"], row["count"], row["first"], row["last"]) == (
        "USTR",
        2,
        "2025-04-08",
        "2026-01-29",
    )
    assert row["event_ids"] == ["cheong-greer", "yeo-ustr"]
    table = run_cli("--db", path, *question)
    assert table.returncode == 0
    header, _, line = table.stdout.splitlines()
    assert header.split()[:4] == ["counterpart", "org", "country", "count"]
    assert line.split()[:6] == ["USTR", "USTR", "US", "2", "2025-04-08", "2026-01-29"]
    as_csv = run_cli("--db", path, *question, "--csv", "--sources").stdout.splitlines()
    assert as_csv[0] == "counterpart,org,country,count,first,last,upcoming,event ids,sources"
    assert as_csv[1] == (
        "USTR,USTR,US,2,2025-04-08,2026-01-29,,cheong-greer | yeo-ustr,"
        '"Yonhap, 2025-04-09, https://a.example | MOTIR, 2026-01-30, https://b.example"'
    )
    by_person = query(run_cli, path, "meetings", "--with", "greer", "--by", "counterpart")
    assert [(r["counterpart"], r["count"]) for r in by_person] == [("Jamieson Greer", 2)]
    bad = run_cli("--db", path, "meetings", "--ours", "  ")
    assert bad.returncode == ExitCode.USAGE and bad.stdout == ""
