"""Plainer causes for the RDF parser's messages that mislead.

pyoxigraph checks language tags against BCP 47 and reports what its tag parser saw, not
what the user wrote: ``"x"@en-`` gives "An integer should not be empty", ``"x"@fr_FR``
"Unexpected character 'F'", ``"x"@en--us`` a message about base directions.  When the
error's column falls on a language tag, the cause names the tag and says what a tag
looks like, keeping the parser's own words after it.  The file is read again only on
that error path, up to the error's line."""

from __future__ import annotations

import re
from itertools import islice
from os import PathLike

# a literal's closing quote, "@", then what the user wrote as the tag (up to a space, ".",
# ",", ";" or a bracket): the characters pyoxigraph's columns count (1-based, in characters)
_TAG = re.compile(r"[\"']@([\w-]*)")

TAG_RULE = ('a language tag is letters, then "-" and letters or digits, as in en, fr, '
            "fr-CA, zh-Hant")


def language_tag_at(text: str, column: int) -> str | None:
    """The language tag written in ``text`` (one line) that the 1-based ``column`` falls
    on or just after, or None."""
    for m in _TAG.finditer(text):
        if m.start(1) + 1 <= column <= m.end(1) + 1:
            return m.group(1)
    return None


def explain(path: str | PathLike[str], line: int | None, column: int | None, cause: str) -> str:
    """``cause``, preceded by what is wrong in the user's words when the parser's position
    (``line``, ``column``, 1-based) is on a malformed language tag of ``path``."""
    if not line or not column:
        return cause
    text = _line(path, line)
    if text is None:
        return cause
    tag = language_tag_at(text, column)
    if tag is None:
        return cause
    return f'malformed language tag "@{tag}" ({TAG_RULE}); the parser says: {cause}'


def _line(path: str | PathLike[str], number: int) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            found = next(islice(f, number - 1, number), None)
    except OSError:
        return None
    return None if found is None else found.rstrip("\r\n")
