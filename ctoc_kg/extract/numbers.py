"""Dates, day ranges and ordinals written in French or English.

Month names come from babel's CLDR data (wide and abbreviated forms of the ``fr`` and
``en`` locales); ordinals written out ("neuvième", "twenty-first", "vingt et unième")
are read by text2num's ``alpha2digit``.  What is ours is the small grammar of the
ranges the Secretariat writes: "du 9 au 11 octobre 2019", "les 10 et 11 septembre 2020",
"12-16 octobre 2020", "from 4 to 6 July 2022", "on 13 and 14 April 2021",
"17–21 October 2022", "du 30 septembre au 2 octobre 2020", a single day.

Nothing is guessed: a date without a year, or a day that does not exist (30 February),
is not a date here (``find_dates`` skips it and ``DateMention`` never holds one).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LANGS = ("fr", "en")


def fold(text: str) -> str:
    """Lower case without accents (for matching names, never for output).

    The result has the length of ``text``, character for character, so that offsets
    found in the folded text are offsets in the original; every space character
    (line breaks too) becomes a plain space."""
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "  # a line break inside a name is a space
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    low = base.lower() if len(base) == 1 else c.lower()
    return low if len(low) == 1 else c


@lru_cache(maxsize=None)
def month_names() -> dict[str, int]:
    """Folded month name (wide and abbreviated, French and English) -> month number."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in LANGS:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                key = fold(name).rstrip(".")
                if len(key) >= 3:
                    names[key] = number
    return names


def _month_alternation() -> str:
    # longest first so that "septembre" wins over "sept"
    keys = sorted(month_names(), key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


@dataclass(frozen=True)
class DateMention:
    """A date or a span of days found in a text: ``text[start:end]``."""

    start: int
    end: int
    first: _dt.date
    last: _dt.date
    text: str

    @property
    def single(self) -> bool:
        return self.first == self.last


_DAY = r"(\d{1,2})(?:\s?(?:er|re|ᵉʳ|st|nd|rd|th))?"
_SEP_RANGE = r"\s*[-‐‑–—]\s*"


@lru_cache(maxsize=None)
def _patterns() -> list[re.Pattern[str]]:
    m = f"({_month_alternation()})\\.?"
    y = r"(\d{4})"
    d = _DAY
    flags = re.IGNORECASE
    return [
        # across two months: du 30 septembre au 2 octobre 2020 / from 30 September to 2 October 2020
        #                    30 septembre-2 octobre 2020 / 30 September – 2 October 2020
        re.compile(rf"\b(?:(?:du|from)\s+)?{d}\s+{m}(?:\s+{y})?"
                   rf"(?:\s+(?:au|to|until)\s+|{_SEP_RANGE}){d}\s+{m}\s+{y}\b", flags),
        # one month: du 9 au 11 octobre 2019 / from 4 to 6 July 2022 / 12-16 octobre 2020
        re.compile(rf"\b(?:(?:du|from)\s+)?{d}(?:\s+(?:au|to|until)\s+|{_SEP_RANGE}){d}\s+{m}\s+{y}\b", flags),
        # two days: les 10 et 11 septembre 2020 / on 13 and 14 April 2021
        re.compile(rf"\b(?:(?:les|le|on)\s+)?{d}\s+(?:et|and|&)\s+(?:le\s+)?{d}\s+{m}\s+{y}\b", flags),
        # US order, seen in some English texts: July 4-6, 2022 / July 4, 2022
        re.compile(rf"\b{m}\s+{d}(?:(?:{_SEP_RANGE}|\s+(?:to|and)\s+){d})?,\s*{y}\b", flags),
        # single day: le 1er juillet 2020 / on 16 July 2020 / 16 July 2020
        re.compile(rf"\b(?:(?:le|on)\s+)?{d}\s+{m}\s+{y}\b", flags),
    ]


def _date(year: str, month: str, day: str) -> _dt.date | None:
    try:
        return _dt.date(int(year), month_names()[fold(month).rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def _convert(index: int, g: tuple[str | None, ...]) -> tuple[_dt.date, _dt.date] | None:
    if index == 0:
        d1, m1, y1, d2, m2, y2 = g
        first, last = _date(y1 or y2, m1, d1), _date(y2, m2, d2)
    elif index == 1:
        d1, d2, m, y = g
        first, last = _date(y, m, d1), _date(y, m, d2)
    elif index == 2:
        d1, d2, m, y = g
        first, last = _date(y, m, d1), _date(y, m, d2)
    elif index == 3:
        m, d1, d2, y = g
        first, last = _date(y, m, d1), _date(y, m, d2 or d1)
    else:
        d, m, y = g
        first = last = _date(y, m, d)
    if first is None or last is None or last < first:
        return None
    return first, last


def find_dates(text: str) -> list[DateMention]:
    """Every date or day range in ``text``, in order, not overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    for i, pattern in enumerate(_patterns()):
        for m in pattern.finditer(folded):
            s, e = m.span()
            # the optional lead word ("du", "on") belongs to the mention; leading space does not
            while s < e and text[s].isspace():
                s += 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            dates = _convert(i, m.groups())
            taken.append((s, e))  # an impossible range is not read again as its last day alone
            if dates is None:
                continue
            found.append(DateMention(s, e, dates[0], dates[1], text[s:e]))
    return sorted(found, key=lambda d: d.start)


# --- ordinals -----------------------------------------------------------------

@dataclass(frozen=True)
class OrdinalMention:
    start: int
    end: int
    value: int
    text: str


_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*|\d+(?:\^\{?(?:e|er|re|ère|ème|th|st|nd|rd)\}?|e|er|re|ère|ème|th|st|nd|rd)\b", re.UNICODE)
_ORDINAL_WORD = re.compile(
    r"(?:ième|ieme|th|premier|premiere|premiers|premieres|first|second|third|\d+(?:\^\{?)?(?:e|er|re|ere|eme|th|st|nd|rd)\}?)$")
_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:\^\{?)?(?:e|er|re|ère|ème|th|st|nd|rd)\}?$")
_CONVERTED = re.compile(r"^(\d+)(?:e|er|re|ère|ème|th|st|nd|rd)$")


@lru_cache(maxsize=4096)
def _alpha_ordinal(phrase: str, lang: str) -> int | None:
    from text_to_num import alpha2digit

    out = alpha2digit(phrase, lang, 0).strip()
    m = _CONVERTED.match(out)
    return int(m.group(1)) if m else None


def find_ordinals(text: str, lang: str) -> list[OrdinalMention]:
    """Ordinals in ``text``: written out ("neuvième", "twenty-first", "vingt et unième")
    or in figures ("9th", "1er", "11^e")."""
    words = list(_WORD.finditer(text))
    found: list[OrdinalMention] = []
    for i, w in enumerate(words):
        token = w.group(0)
        if not _ORDINAL_WORD.search(fold(token)):
            continue
        m = _DIGIT_ORDINAL.match(token)
        if m:
            found.append(OrdinalMention(w.start(), w.end(), int(m.group(1)), token))
            continue
        if _alpha_ordinal(token, lang) is None and _alpha_ordinal(token.lower(), lang) is None:
            continue
        best = (w.start(), _alpha_ordinal(token.lower(), lang) or _alpha_ordinal(token, lang))
        # compounds written with spaces: "vingt et unième", "twenty first"
        for back in range(1, 4):
            if i - back < 0:
                break
            first = words[i - back]
            gap = text[first.end():words[i - back + 1].start()]
            if gap.strip(" -"):
                break
            phrase = text[first.start():w.end()].lower()
            value = _alpha_ordinal(phrase, lang)
            if value is not None:
                best = (first.start(), value)
        start, value = best
        if value is not None and value > 0:
            found.append(OrdinalMention(start, w.end(), value, text[start:w.end()]))
    return found


def ordinal_suffix(n: int, lang: str) -> str:
    """``9th`` / ``9e`` / ``1er``-style short ordinal for labels (no words invented)."""
    if lang == "fr":
        return f"{n}{'re' if n == 1 else 'e'}"
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"
