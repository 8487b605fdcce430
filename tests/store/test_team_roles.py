"""The README's set-up for a team on PostgreSQL, run as written on a real server.

Its SQL blocks are taken from the README itself (roles and database renamed, as
roles belong to the whole server): the owner creates the store, the team's role
reads and appends through tracker with its password in ~/.pgpass, and nothing it
can send gets round the refusals.
"""

from __future__ import annotations

import json
import re
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from tests.backends import postgres_server_url
from tests.conftest import RunCli
from tests.examples import EXAMPLES

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Running for a team on PostgreSQL\n"


def readme_sql(tag: str) -> list[str]:
    """The section's SQL blocks in order, its names made unique to this run."""
    section = README.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = [textwrap.dedent(b) for b in re.findall(r"```sql\n(.*?)```", section, re.S)]
    names = {"tracker_owner": f"owner_{tag}", "analyst": f"analyst_{tag}",
             "negotiations": f"tracker_test_{tag}"}  # fmt: skip
    for old, new in names.items():
        blocks = [re.sub(rf"\b{old}\b", new, block) for block in blocks]
    return blocks


def run_sql(url: sa.URL, block: str) -> None:
    """Each statement of a block, as psql would run it: one at a time, autocommitted."""
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        for statement in block.split(";"):
            if statement.strip():
                conn.execute(statement)


def libpq(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def team_database(server: sa.URL, tag: str) -> Iterator[None]:
    try:
        yield
    finally:
        run_sql(
            server.set(database="postgres"),
            f'DROP DATABASE IF EXISTS "tracker_test_{tag}" WITH (FORCE);'
            f'DROP ROLE IF EXISTS "analyst_{tag}"; DROP ROLE IF EXISTS "owner_{tag}"',
        )


NOTE = {"type": "note", "date": "2026-01-02", "title": "analyst note", "body": "."}
WAYS_ROUND = [
    "ALTER TABLE events DISABLE TRIGGER USER",
    "DROP TRIGGER events_no_change ON events",
    "ALTER TABLE events OWNER TO CURRENT_USER",
    "UPDATE events SET payload = '{}' WHERE seq = 1",
    "DELETE FROM events WHERE seq = 1",
    "TRUNCATE events",
    "DROP TABLE events",
    "INSERT INTO events SELECT * FROM events WHERE seq = 1",
]


def test_the_readmes_team_set_up_appends_but_never_gets_round_the_refusals(
    run_cli: RunCli, isolated_home: Path
) -> None:
    server = sa.make_url(postgres_server_url())
    tag = uuid.uuid4().hex[:12]
    create, grant = readme_sql(tag)
    passwords = dict(re.findall(r"CREATE ROLE (\w+) LOGIN PASSWORD '([^']*)'", create))
    database = f"tracker_test_{tag}"
    owner = server.set(username=f"owner_{tag}", password=passwords[f"owner_{tag}"])
    owner = owner.set(database=database)
    analyst = sa.URL.create(  # no password: libpq reads it from ~/.pgpass
        server.drivername, f"analyst_{tag}", None, server.host, server.port, database
    )
    analyst_url = analyst.render_as_string(hide_password=False)
    with team_database(server, tag):
        run_sql(server, create)  # as the server's superuser
        seeded = run_cli("--url", owner.render_as_string(hide_password=False), "seed")
        assert seeded.returncode == 0, seeded.stderr
        pgpass = isolated_home / ".pgpass"  # the password where the README puts it
        pgpass.write_text(
            f"{server.host}:{server.port}:{database}:{analyst.username}:"
            f"{passwords[f'analyst_{tag}']}\n"
        )
        pgpass.chmod(0o600)

        before_grants = run_cli("--url", analyst_url, "append", "-", stdin=json.dumps(NOTE))
        assert before_grants.returncode == 3, before_grants.stderr
        assert before_grants.stderr.count("\n") == 1
        assert "permission denied" in before_grants.stderr

        run_sql(owner, grant)
        tariff = EXAMPLES["tariff.announced"]
        for event in (NOTE, tariff):
            appended = run_cli("--url", analyst_url, "append", "-", stdin=json.dumps(event))
            assert appended.returncode == 0, appended.stderr
        answer = run_cli("--url", analyst_url, "tariffs", "--as-of", tariff["date"], "--json")
        assert answer.returncode == 0, answer.stderr
        assert any(row.get("measure") == tariff["measure"] for row in json.loads(answer.stdout))
        verified = run_cli("--url", analyst_url, "verify")
        assert verified.returncode == 0, verified.stderr
        head = verified.stdout.strip()

        with psycopg.connect(libpq(analyst)) as conn:
            for statement in WAYS_ROUND:
                with pytest.raises(psycopg.Error, match=r"append-only|owner|permission denied"):
                    conn.execute(statement)
                conn.rollback()
        after = run_cli("--url", analyst_url, "verify", "--head", head)
        assert (after.returncode, after.stdout.strip()) == (0, head), after.stderr
