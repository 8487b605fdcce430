"""Moving a store with its history: every row copied as stored, never appended anew.

Re-importing an export would stamp every event with a new `recorded_at` (and new
hashes), changing every answer about the past. A copy instead inserts each row
as it is -- `seq`, `id`, `recorded_at`, payload and hash -- into an empty store,
checking the chain as it reads, in one transaction: the target ends up with the
whole log and the same head, or (a broken source, a failure) with nothing.
The source is read in one snapshot, so it may be appended to meanwhile.
Caches of derived state are not copied: the target rebuilds them from the log.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from tracker.errors import ChainBroken, TargetNotEmpty, TrackerError
from tracker.schema import WRITE_OPTION, events
from tracker.store import (
    GENESIS,
    INSERT_CHUNK,
    OPTIMIZE_AFTER,
    Head,
    Progress,
    Store,
    StoredRow,
    insert_rows,
    row_hash,
)


def copy_rows(source: Store, target: Store, progress: Progress | None = None) -> tuple[int, Head]:
    """Copy every row of `source` into the empty `target`: (rows copied, the head)."""
    head, copied = GENESIS, 0
    writer = target.engine.connect().execution_options(**{WRITE_OPTION: True})
    with writer as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
        held = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
        if held:
            raise TargetNotEmpty(target.display_url, int(held))
        chunk: list[StoredRow] = []
        for row in source.read():
            if row_hash(head.hash, row.seq, row, row.recorded_at) != row.hash:
                raise ChainBroken(
                    f"not copied: the source's hash chain is broken at seq {row.seq} "
                    f"(id {row.id}); `tracker verify` says more"
                )
            head = Head(row.seq, row.hash)
            chunk.append(row)
            if len(chunk) == INSERT_CHUNK:
                insert_rows(conn, chunk, progress)
                copied += len(chunk)
                chunk = []
        insert_rows(conn, chunk, progress)
        copied += len(chunk)
    if copied >= OPTIMIZE_AFTER:
        target.optimize()
    return copied, head


def backup(source: Store, path: Path, progress: Progress | None = None) -> tuple[int, Head]:
    """A consistent copy of a store in a new SQLite file, readable by its owner only.

    Built beside `path` and linked into place at the end, so `path` is never a
    half-made store, and never overwrites a file that is there.
    """
    if path.exists():
        raise TrackerError(f"{path} exists: a backup never overwrites a file")
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise TrackerError(f"cannot create {path}: {error.strerror}") from None
    try:
        target = Store.open(f"sqlite:///{partial}")
        try:
            result = copy_rows(source, target, progress)
            target.checkpoint()
        finally:
            target.close()
        try:
            os.link(partial, path)  # fails, rather than overwrite, if `path` appeared meanwhile
        except FileExistsError:
            raise TrackerError(f"{path} exists: a backup never overwrites a file") from None
        return result
    finally:
        for leftover in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm"))):
            Path(leftover).unlink(missing_ok=True)
