"""Message catalogs: every reply in English and Arabic, in one place.

`t(lang, key, **values)` formats a message; values are inserted as given, so callers escape HTML.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from handlers.catalog import admin_messages, reader_messages

__all__ = ["LANGS", "lang_of", "t"]

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


def lang_of(update: Update, stored: str | None = None) -> str:
    """The reply language: the chat's stored choice, else the user's Telegram language, else English."""
    if stored in LANGS:
        return stored
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "ar" if code.lower().startswith("ar") else "en"
