"""Dates printed as a line of their own ("5 March 2024 10:30 GMT", "الثلاثاء 5 مارس 2024")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from content.normalize import normalize

__all__ = ["parse_date_line", "to_aware"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan يناير كانون الثاني",
        "february feb فبراير شباط",
        "march mar مارس اذار",
        "april apr ابريل نيسان",
        "may مايو ايار",
        "june jun يونيو يونيه حزيران",
        "july jul يوليو يوليه تموز",
        "august aug اغسطس اب",
        "september sep sept سبتمبر ايلول",
        "october oct اكتوبر تشرين الاول",
        "november nov نوفمبر تشرين الثاني",
        "december dec ديسمبر كانون الاول",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
# Two-word Levantine month names, longest first so "كانون الثاني" wins over "كانون".
_LEVANT = {"كانون الثاني": 1, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12}

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*"
    r"(z|utc|gmt|[+-]\d{2}:?\d{2})?"
)
_DMY = re.compile(r"(\d{1,2})\s+([^\W\d_]+(?: [^\W\d_]+)?)\s*,?\s+(\d{4})")
_MDY = re.compile(r"([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?:\s*(am|pm))?(?:\s*(gmt|utc))?")
_FILLER = frozenset(
    "published updated posted on at last modified date the | - · , نشر في تاريخ النشر اخر تحديث "
    "محدث الساعة بتوقيت غرينتش gmt utc am pm monday tuesday wednesday thursday friday saturday "
    "sunday mon tue wed thu fri sat sun الاثنين الثلاثاء الاربعاء الخميس الجمعة السبت الاحد "
    "منذ".split()
)


def to_aware(value: datetime) -> datetime:
    """Return ``value`` with a timezone, assuming UTC when the source gave none."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _tz(text: str | None) -> timezone:
    if not text or text in ("z", "utc", "gmt"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _month(word: str) -> int | None:
    return _LEVANT.get(word) or _MONTHS.get(word) or _MONTHS.get(word.split(" ")[0])


def parse_date_line(line: str) -> datetime | None:
    """Return the date a short line consists of (aware, UTC if unstated), else None.

    A line qualifies only when, apart from the date and time, it holds at most a few filler
    words ("Published", "Updated", weekday names, "نشر في"), so a sentence mentioning a
    date is never taken for one.
    """
    text = normalize(line)
    if not text or len(text) > 80:
        return None
    found: datetime | None = None
    rest = text
    if match := _ISO.search(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        hour, minute, second = int(match[4] or 0), int(match[5] or 0), int(match[6] or 0)
        try:
            found = datetime(year, month, day, hour, minute, second, tzinfo=_tz(match[7]))
        except ValueError:
            return None
        rest = text[: match.start()] + " " + text[match.end() :]
    else:
        day_month_year: tuple[int, int, int] | None = None
        if (match := _DMY.search(text)) and (month_no := _month(match[2])):
            day_month_year = (int(match[1]), month_no, int(match[3]))
        elif (match := _MDY.search(text)) and (month_no := _month(match[1])):
            day_month_year = (int(match[2]), month_no, int(match[3]))
        if match is None or day_month_year is None:
            return None
        rest = text[: match.start()] + " " + text[match.end() :]
        hour = minute = 0
        if time_match := _TIME.search(rest):
            hour, minute = int(time_match[1]), int(time_match[2])
            if time_match[3] == "pm" and hour < 12:
                hour += 12
            rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
        day, month_no, year = day_month_year
        try:
            found = datetime(year, month_no, day, hour, minute, tzinfo=UTC)
        except ValueError:
            return None
    leftover = [w for w in re.split(r"[\s|,·:\-–—]+", rest) if w and w not in _FILLER]
    if len(leftover) > 1:
        return None
    return found
