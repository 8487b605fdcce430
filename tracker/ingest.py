"""Events to import, read and checked a chunk at a time: files are streamed, never held.

A file of JSON Lines is read in blocks and each line parsed once: through the fast
path (`tracker.fastcodec`) when it can vouch for the line, else through the codec,
whose errors name the line and the field. Any other file (a JSON array, or one
object spread over lines) is read whole, as `codec.read_records` reads it; the rule
deciding which is that function's, so a file means the same either way. Errors come
in the order of the file, so the first bad line is the one named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from tracker.codec import decode_event, read_records, utf8_text
from tracker.errors import InvalidEvent
from tracker.fastcodec import fast_event
from tracker.jsontext import parse_json
from tracker.model import Event

CHUNK = 5000  # records decoded, checked and handed on at a time
BLOCK = 1 << 20  # bytes read from a file at a time
BOM = b"\xef\xbb\xbf"


class Decoded(NamedTuple):
    """One valid event to append: where it came from (`file:line (id)`), and its payload
    when the fast path wrote it (else `codec.payload_of` writes it, once the batch's
    corrections are checked: a correction's changes may hold what no payload can)."""

    where: str
    event: Event
    payload: str | None


def decoded(where: str, item: object) -> Decoded:
    """A parsed record through the codec; model events are re-read, so what is stored reads back."""
    from tracker.codec import encode_event

    obj = encode_event(item) if isinstance(item, Event) else item
    event = decode_event(obj, where)
    return Decoded(_named(where, event), event, None)


def _named(where: str, event: Event) -> str:
    return f"{where} ({event.id})" if event.id else where


def decode_line(name: str, number: int, line: bytes) -> Decoded | None:
    """One line of JSON Lines (None if blank): the fast path, else the codec's verdict."""
    fast = fast_event(line)
    where = f"{name}:{number}"
    if fast is not None:
        event, payload = fast
        return Decoded(_named(where, event), event, payload)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidEvent(
            where, "", f"not UTF-8 text: byte 0x{line[error.start]:02x} at column {error.start + 1}"
        ) from None
    if number == 1:
        text = text.removeprefix("\ufeff")  # a byte order mark, as some editors write
    if not text.strip():
        return None
    try:
        obj = parse_json(text)
    except json.JSONDecodeError as error:
        raise InvalidEvent(where, "", f"not valid JSON: {error.msg}") from None
    return decoded(where, obj)


def chunks(records: Iterable[Decoded | None]) -> Iterator[list[Decoded]]:
    """The records in lists of `CHUNK`, blank lines (None) left out."""
    size = CHUNK
    chunk: list[Decoded] = []
    for record in records:
        if record is None:
            continue
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_file(path: Path) -> Iterator[Decoded | None]:
    """Every event of a file, in order, streamed when the file is JSON Lines."""
    name = str(path)
    try:
        file = path.open("rb")
    except OSError as error:
        raise InvalidEvent(name, "", f"cannot read file: {error.strerror}") from None
    with file:
        blocks = _blocks(file)
        start = b""
        # Enough to see the first line whole: what decides how the file is read.
        while b"\n" not in start.removeprefix(BOM).lstrip() and (block := next(blocks, b"")):
            start += block
        if not _json_lines(start):
            yield from read_data(start + b"".join(blocks), name)
            return
        yield from read_lines(name, _chain(start, blocks))


def count_records(path: Path, limit: int | None = None) -> int:
    """How many events a file holds (up to `limit`), without checking them: what a
    progress bar needs, and whether the file is empty. Raises if it cannot be read."""
    name = str(path)
    try:
        file = path.open("rb")
    except OSError as error:
        raise InvalidEvent(name, "", f"cannot read file: {error.strerror}") from None
    with file:
        start = file.read(BLOCK)
        if not _json_lines(start):
            return count_records_in(start + file.read(), name)
        return _count(_chain(start, _blocks(file)), limit)


def count_records_in(data: bytes, name: str) -> int:
    """`count_records` of an input already in memory (stdin)."""
    if _json_lines(data):
        return _count([data], None)
    try:
        return len(read_records(utf8_text(data, name), name))
    except InvalidEvent:
        return 1  # something, if not an event: the import says what is wrong with it


def _count(blocks: Iterable[bytes], limit: int | None) -> int:
    count = 0
    tail = b""
    for block in blocks:
        lines = (tail + block).split(b"\n")
        tail = lines.pop()
        count += sum(map(_holds_text, lines))
        if limit is not None and count >= limit:
            return limit
    return count + _holds_text(tail)


def _holds_text(line: bytes) -> bool:
    """Not a blank line as `codec.iter_records` sees it (its `str.strip` knows more spaces)."""
    stripped = line.strip()
    if stripped.isascii():
        return bool(stripped)
    return bool(stripped.decode("utf-8", "replace").removeprefix("\ufeff").strip())


def read_data(data: bytes, name: str) -> Iterator[Decoded | None]:
    """Every event of an input already in memory (stdin): as a file with this content."""
    if not _json_lines(data):
        yield from (decoded(w, item) for w, item in read_records(utf8_text(data, name), name))
        return
    yield from read_lines(name, [data])


def read_lines(name: str, blocks: Iterable[bytes]) -> Iterator[Decoded | None]:
    """JSON Lines from blocks of bytes: lines end at `\\n` only, numbered from 1."""
    number = 0
    tail = b""
    for block in blocks:
        lines = (tail + block).split(b"\n")
        tail = lines.pop()
        for line in lines:
            number += 1
            yield decode_line(name, number, line)
    yield decode_line(name, number + 1, tail)


def _blocks(file: object) -> Iterator[bytes]:
    read = file.read  # type: ignore[attr-defined]
    while block := read(BLOCK):
        yield block


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _json_lines(start: bytes) -> bool:
    """Whether `codec.read_records` reads a text starting so as JSON Lines.

    It reads a text as one JSON value when it starts with `[`, or with `{` and spans
    more lines, and that value parses; a first line that is a whole JSON value by
    itself means the whole text is not one value, so it is JSON Lines.
    """
    stripped = start.removeprefix(BOM).lstrip()
    if stripped.startswith(b"["):
        return False
    if not stripped.startswith(b"{") or b"\n" not in stripped.rstrip():
        return True
    first = stripped.split(b"\n", 1)[0]
    try:
        parse_json(first.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return True
