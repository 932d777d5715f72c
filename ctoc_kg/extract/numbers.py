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


_DAY = r"(\d{1,2})(?:\s?(?:er|re|st|nd|rd|th))?"
_SEP_RANGE = r"\s*[-‐‑–—]\s*"


@lru_cache(maxsize=None)
def weekday_names() -> tuple[str, ...]:
    """Folded weekday names (wide forms, French and English): "lundi", "monday" …"""
    from babel.dates import get_day_names

    return tuple(sorted({fold(n) for locale in LANGS for n in get_day_names("wide", locale=locale).values()},
                        key=len, reverse=True))


# the kinds of day expression, in the order they are tried (a longer expression first)
CROSS, RANGE, LIST, US, SINGLE = range(5)


@lru_cache(maxsize=None)
def _patterns() -> list[re.Pattern[str]]:
    m = f"({_month_alternation()})\\.?"
    y = r"(?:\s+(\d{4}))?"           # optional: a year written once for two ranges is carried (find_dates)
    d = _DAY
    w = rf"(?:(?:{'|'.join(weekday_names())})\s*,?\s+)?"   # "du lundi 9 au mercredi 11", "Tuesday, 4 May"
    to = rf"(?:\s+(?:au|to|until|till|through|jusqu'au)\s+|{_SEP_RANGE})"
    flags = re.IGNORECASE
    return [
        # across two months: du 30 septembre au 2 octobre 2020 / from 30 September to 2 October 2020 /
        # 30 septembre-2 octobre 2020 / on 30 June and 1 July 2022 / les 30 juin et 1er juillet 2022
        re.compile(rf"\b(?:(?:du|from|between|les|on)\s+)?{w}{d}\s+{m}{y}"
                   rf"(?:{to}|\s+(?:and|et|&)\s+(?:le\s+|on\s+)?){w}{d}\s+{m}{y}\b", flags),
        # one month: du 9 au 11 octobre 2019 / from 4 to 6 July 2022 / 12-16 octobre 2020
        re.compile(rf"\b(?:(?:du|from)\s+)?{w}{d}{to}{w}{d}\s+{m}{y}\b", flags),
        # days of one month: les 10 et 11 septembre 2020 / on 13 and 14 April 2021 / on 6, 7 and 8 May 2022
        re.compile(rf"\b(?:(?:les|le|on|between)\s+)?{w}{d}((?:\s*,\s*{w}\d{{1,2}})*),?\s+(?:et|and|&)\s+(?:le\s+)?"
                   rf"{w}{d}\s+{m}{y}\b", flags),
        # US order, seen in some English texts: July 4-6, 2022 / July 4, 2022
        re.compile(rf"\b{m}\s+{d}(?:(?:{_SEP_RANGE}|\s+(?:to|and)\s+){d})?,\s*(\d{{4}})\b", flags),
        # single day: le 1er juillet 2020 / on 16 July 2020 / 16 July 2020 / on Monday, 3 May 2021
        re.compile(rf"\b(?:(?:le|on)\s+)?{w}{d}\s+{m}{y}\b", flags),
    ]


def _date(year: str | int, month: str, day: str) -> _dt.date | None:
    try:
        return _dt.date(int(year), month_names()[fold(month).rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def _parts(index: int, g: tuple[str | None, ...]):
    """(first day, first month, first year or None, last day, last month, last year or None) of a match."""
    if index == CROSS:
        d1, m1, y1, d2, m2, y2 = g
        return d1, m1, y1 or y2, d2, m2, y2
    if index == RANGE:
        d1, d2, m, y = g
        return d1, m, y, d2, m, y
    if index == LIST:
        d1, middle, d2, m, y = g
        days = [int(d1), *[int(x) for x in re.findall(r"\d{1,2}", middle or "")], int(d2)]
        if len(days) > 2 and any(b != a + 1 for a, b in zip(days, days[1:])):
            return None  # "13, 15 and 17 April": separate days, not one meeting's span
        return d1, m, y, d2, m, y
    if index == US:
        m, d1, d2, y = g
        return d1, m, y, d2 or d1, m, y
    d, m, y = g
    return d, m, y, d, m, y


def _convert(parts, year: str | int | None = None) -> tuple[_dt.date, _dt.date] | None:
    d1, m1, y1, d2, m2, y2 = parts
    y1, y2 = y1 or year, y2 or year
    if y1 is None or y2 is None:
        return None
    first, last = _date(y1, m1, d1), _date(y2, m2, d2)
    if first is None or last is None or last < first:
        return None
    return first, last


_MONTHS_RX = None


def _fragment_before(folded: str, start: int) -> bool:
    """Does a day expression end right before ``start`` ("30 June and" before "1 July 2022",
    "9 au mercredi" before "11 octobre")? Then a match at ``start`` is only the tail of an
    expression that was not read whole, and must not give a date of its own."""
    global _MONTHS_RX
    if _MONTHS_RX is None:
        _MONTHS_RX = re.compile(
            rf"(?<!\d)\d{{1,2}}(?:\s?(?:er|re|st|nd|rd|th))?(?:\s+(?:{_month_alternation()})\.?)?\s*"
            rf"(?:,|and|et|&|to|au|until|-|‐|‑|–|—)\s*(?:le\s+|les\s+|on\s+|the\s+)?"
            rf"(?:(?:{'|'.join(weekday_names())})\s*,?\s+)?$")
    return bool(_MONTHS_RX.search(folded[max(0, start - 40):start]))


_CONNECTOR = r"\s*(?:,|and|et|&|to|au|until|-|‐|‑|–|—)\s*(?:le\s+|les\s+|on\s+|the\s+|from\s+|du\s+)?"


def _carries(gap: str) -> bool:
    """Is ``gap`` (between a year-less expression and the next dated one) a coordination
    in one phrase: ", and", " et les", ", et la quinzième" (no figure, no clause break)?"""
    return len(gap) <= 60 and not re.search(r"[\d.;:()]", gap) and bool(re.match(r"\s*(?:,|and\b|et\b|&)", gap))


def find_yearless(text: str, dated: list[DateMention] | None = None) -> list[tuple[int, int, str, tuple]]:
    """Day expressions written without a year ("les 5–6 mars", "on 6–7 March") that
    ``find_dates`` did not date: (start, end, text, parts). ``in_year`` dates one."""
    dated = find_dates(text) if dated is None else dated
    return [(s, e, text[s:e], parts) for s, e, parts in _scan(text)[1]
            if not any(s < d.end and d.start < e for d in dated)]


def in_year(parts: tuple, year: int) -> tuple[_dt.date, _dt.date] | None:
    """A year-less expression of ``find_yearless`` in ``year`` (None if no such day)."""
    return _convert(parts, year)


def find_dates(text: str) -> list[DateMention]:
    """Every date or day range in ``text``, in order, not overlapping.

    A range written without its year takes the year of the dated expression coordinated
    with it in the same phrase ("du 10 au 12 juin et les 13 et 14 juin 2024", "from 30 May to
    1 June and from 2 to 3 June 2022"), when the two are in order; otherwise it is no date.
    A match that is only the tail of an expression not read whole (a day list with a gap,
    "5 May and 7 June 2021" read as one span) gives no date rather than a wrong one."""
    found, pending = _scan(text)
    folded = fold(text)
    return _carry_and_trim(text, folded, found, pending)


def _scan(text: str) -> tuple[list[DateMention], list[tuple[int, int, tuple]]]:
    """The dated expressions of ``text`` and the year-less ones (start, end, parts)."""
    found: list[DateMention] = []
    pending: list[tuple[int, int, tuple]] = []  # year-less expressions: (start, end, parts)
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
            parts = _parts(i, m.groups())
            if parts is not None and i == CROSS and re.search(r"\s(?:and|et|&)\s", folded[m.start():m.end()]):
                if m.group(3):
                    continue  # "le 5 mai 2021 et le 7 juin 2021": two dates, read one by one
                pair = _convert(parts, 2000)
                if pair is None or (pair[1] - pair[0]).days > 7:
                    parts = None  # "le 5 mai et le 7 juin 2021": two separate days, not one span
            taken.append((s, e))  # an impossible range is not read again as its last day alone
            if parts is None:
                continue
            if parts[2] is None or parts[5] is None:
                pending.append((s, e, parts))
                continue
            dates = _convert(parts)
            if dates is not None:
                found.append(DateMention(s, e, dates[0], dates[1], text[s:e]))
    found.sort(key=lambda d: d.start)
    return found, pending


def _carry_and_trim(text: str, folded: str, found: list[DateMention], pending) -> list[DateMention]:
    # a year written once for two coordinated expressions
    for s, e, parts in pending:
        nxt = next((d for d in found if d.start >= e), None)
        if nxt is None or not _carries(folded[e:nxt.start]):
            continue
        dates = _convert(parts, nxt.first.year)
        if dates is not None and dates[1] < nxt.first:
            found.append(DateMention(s, e, dates[0], dates[1], text[s:e]))
    found.sort(key=lambda d: d.start)
    # the tail of an expression that was not read whole is no date
    read = [(d.start, d.end) for d in found] + [(s, e) for s, e, _p in pending]
    out = []
    for d in found:
        after_read = any(re.fullmatch(_CONNECTOR, folded[e:d.start]) for _s, e in read if e <= d.start)
        if _fragment_before(folded, d.start) and not after_read:
            continue
        out.append(d)
    return out


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


_ROMAN = re.compile(r"\b(X{0,3})(IX|IV|V?I{0,3})(?:e|ème|eme|er|re|ère|th|st|nd|rd)\b")
_SPACED = re.compile(r"\b(\d{1,3})\s(?:th|st|nd|rd)\b")


def _roman(m: re.Match[str]) -> int | None:
    value = {"": 0, "X": 10, "XX": 20, "XXX": 30}[m.group(1)]
    value += {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}[m.group(2)]
    return value or None


def find_ordinals(text: str, lang: str) -> list[OrdinalMention]:
    """Ordinals in ``text``: written out ("neuvième", "twenty-first", "vingt et unième"),
    in figures ("9th", "1er", "11^e", "12ᵉ" once normalised, "12 th") or in Roman figures
    with a French or English suffix ("XIIe", "XIIIème", "XIIth"; up to 39)."""
    found: list[OrdinalMention] = []
    for m in _ROMAN.finditer(text):
        value = _roman(m)
        if value and m.group(0) not in ("Ie", "Ve"):  # "Ie"/"Ve" alone are not read (a word, a Republic)
            found.append(OrdinalMention(m.start(), m.end(), value, m.group(0)))
    for m in _SPACED.finditer(text):
        found.append(OrdinalMention(m.start(), m.end(), int(m.group(1)), m.group(0)))
    found += _word_ordinals(text, lang)
    return sorted(found, key=lambda o: o.start)


def _word_ordinals(text: str, lang: str) -> list[OrdinalMention]:
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
