"""Short quotes of what a user gave, for one-line error messages.

An error names the bad value so it can be found, but a 5 MB string, a number
of a million digits or a structure nested ten thousand deep must not be
repeated whole (or crash the message): quote a short prefix and say how long
the rest is.
"""

from __future__ import annotations

import math
import reprlib
from decimal import Decimal

PREFIX = 40  # characters of a value quoted in an error message

_REPR = reprlib.Repr()
_REPR.maxstring = PREFIX
_REPR.maxother = PREFIX
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = 3


def brief(value: object) -> str:
    """A short, one-line quote of `value`: `'Washin…' (5,000,000 characters)`."""
    if isinstance(value, str):
        if len(value) <= PREFIX:
            return repr(value)
        return f"{value[:PREFIX]!r}… ({len(value):,} characters)"
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        digits = math.floor(abs(value).bit_length() * math.log10(2)) + 1
        return str(value) if digits <= PREFIX else f"an integer of about {digits:,} digits"
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= PREFIX else f"{text[:PREFIX]}… ({len(text):,} characters)"
    try:
        if isinstance(value, list | tuple | dict | set | frozenset):
            return _REPR.repr(value)  # never builds the whole of a huge or deep one
        text = repr(value)
    except Exception:  # a value whose repr fails is still named by its type
        return f"a {type(value).__name__}"
    return text if len(text) <= 2 * PREFIX else f"{text[:PREFIX]}… ({len(text):,} characters)"
