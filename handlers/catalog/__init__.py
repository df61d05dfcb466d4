"""Message catalogs: every reply in English and Arabic, in one place.

`t(lang, key, **values)` formats a message. Templates are Telegram HTML and values are inserted as
given, so callers escape user and article text with `html.escape` first.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from handlers.catalog import admin_messages, reader_messages

__all__ = ["LANGS", "ago", "has", "lang_of", "t"]

LANGS = ("en", "ar")
_CATALOG: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
for _module in (reader_messages, admin_messages):
    for _lang in LANGS:
        _CATALOG[_lang].update(getattr(_module, _lang.upper()))


def t(lang: str | None, key: str, **values: Any) -> str:
    """The message `key` in `lang` (English when the language or the key is missing)."""
    table = _CATALOG.get(lang or "en", _CATALOG["en"])
    template = table.get(key) or _CATALOG["en"][key]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    """Whether the catalog has a message `key` (in English, the fallback of every language)."""
    return key in _CATALOG["en"]


def lang_of(update: Update | None, stored: str | None = None) -> str:
    """The reply language: the chat's stored choice, else the user's Telegram language, else English."""
    if stored in LANGS:
        return stored
    user = update.effective_user if update is not None else None
    code = (user.language_code or "") if user else ""
    return "ar" if code.lower().startswith("ar") else "en"


# Arabic counts take different noun forms: 1 singular, 2 dual, 3-10 plural, 11+ singular accusative.
_AR_UNITS = {
    "minute": ("دقيقة", "دقيقتين", "دقائق", "دقيقة"),
    "hour": ("ساعة", "ساعتين", "ساعات", "ساعة"),
    "day": ("يوم", "يومين", "أيام", "يومًا"),
}
_EN_UNITS = {"minute": "min", "hour": "h", "day": "d"}


def _arabic_count(n: int, unit: str) -> str:
    one, two, few, many = _AR_UNITS[unit]
    if n == 1:
        return one
    if n == 2:
        return two
    return f"{n} {few if 3 <= n % 100 <= 10 else many}"


def ago(lang: str | None, seconds: float) -> str:
    """How long ago, briefly: "3 h ago" / "منذ 3 ساعات"; "just now" under a minute (or in the future)."""
    if seconds < 60:
        return "الآن" if lang == "ar" else "just now"
    n, unit = (
        (int(seconds // 60), "minute")
        if seconds < 3600
        else (int(seconds // 3600), "hour")
        if seconds < 86400
        else (int(seconds // 86400), "day")
    )
    if lang == "ar":
        return f"منذ {_arabic_count(n, unit)}"
    return f"{n} {_EN_UNITS[unit]} ago"
