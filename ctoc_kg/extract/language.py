"""Which language a note is written in: French, English, or another (refused).

py3langid (a maintained fork of langid.py, with its model inside the package) scores
the text over its 97 languages; the note is French or English when that is the best
score.  Markup, symbols and figures are removed first so that they do not vote.
"""

from __future__ import annotations

import re

SUPPORTED = ("fr", "en")


def detect(text: str) -> str:
    """The ISO 639-1 code of the best-scoring language of ``text`` (any language)."""
    import py3langid

    words = re.sub(r"\b[A-Z]+(?:[/.][\w.]+)+\b|[\d*#\[\]()_/]+", " ", text)
    words = " ".join(words.split())
    if not re.search(r"[^\W\d_]{2,}", words):
        return "und"
    lang, _score = py3langid.classify(words)
    return lang
