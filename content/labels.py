"""Words the rendered messages use, in the article's language (English otherwise)."""

from __future__ import annotations

__all__ = ["RTL_LANGS", "label"]

RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "ps", "ku", "sd", "ug", "yi"})

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "source": "Source",
        "read_more": "Read more",
        "full_text": "Full text",
        "summary": "Summary",
        "related": "Related",
        "more_like_this": "More on this",
        "open": "Open original",
        "nothing_related": "No related articles yet.",
        "no_summary": "No summary available.",
        "photo": "Photo",
        "untitled": "Untitled",
    },
    "ar": {
        "source": "المصدر",
        "read_more": "اقرأ المزيد",
        "full_text": "النص الكامل",
        "summary": "الملخص",
        "related": "ذات صلة",
        "more_like_this": "مقالات مشابهة",
        "open": "المقال الأصلي",
        "nothing_related": "لا توجد مقالات ذات صلة بعد.",
        "no_summary": "لا يتوفر ملخص.",
        "photo": "صورة",
        "untitled": "بدون عنوان",
    },
}


def label(key: str, lang: str | None) -> str:
    """The label ``key`` in ``lang`` (ISO 639-1), falling back to English."""
    table = _LABELS.get((lang or "en").lower()[:2], _LABELS["en"])
    return table.get(key, _LABELS["en"][key])
