"""Sentence splitting, language detection, summaries, dates, URLs, credits."""

from __future__ import annotations

import pytest

from content import Article, canonical_url, detect_lang, split_sentences, summarize
from content.credits import credit_of, source_of, split_caption_credit
from content.dates import parse_date_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four؟ خمسة.", ["One.", "Two!", "Three?", "Four؟", "خمسة."]),
        ("قال، ثم قال: لا شيء. انتهى", ["قال، ثم قال: لا شيء.", "انتهى"]),
        ("Growth was 3.5% this year. It fell.", ["Growth was 3.5% this year.", "It fell."]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("J. R. Smith wrote it. Then left.", ["J. R. Smith wrote it.", "Then left."]),
        ("He said: “Stop.” Then he left.", ["He said: “Stop.”", "Then he left."]),
        ('"Go," he said. "Now."', ['"Go," he said.', '"Now."']),
        ("The U.S. economy grew. Shares rose.", ["The U.S. economy grew.", "Shares rose."]),
        ("e.g. apples and pears.", ["e.g. apples and pears."]),
        ("first line\nsecond line", ["first line", "second line"]),
        ("Wait... what?", ["Wait...", "what?"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("قال وزير الخارجية إن المحادثات ستستمر", "ar"),
        ("The minister said the talks would continue", "en"),
        ("Le ministre a dit que les discussions vont continuer", "fr"),
        ("این یک خبر فارسی است که گزارش شده", "fa"),
        ("Министр сказал, что переговоры продолжатся", "ru"),
        ("Govt-19: عالم الأوبئة يحذر من ارتفاع عدد الحالات في المدينة", "ar"),
        ("12345 !!!", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def _article(*paragraphs: str, title: str = "Headline about the budget") -> Article:
    return Article(title=title, paragraphs=paragraphs)


def test_summary_is_the_lead_in_whole_sentences_within_bounds() -> None:
    article = _article(
        "The council approved the budget on Monday. It includes money for schools.",
        "Opposition members voted against it. They said it was too small.",
    )
    assert summarize(article) == (
        "The council approved the budget on Monday. It includes money for schools. "
        "Opposition members voted against it."
    )
    short = summarize(article, max_chars=80)
    assert short == "The council approved the budget on Monday. It includes money for schools."


def test_summary_skips_repeats_of_the_title_and_of_chosen_sentences() -> None:
    article = _article(
        "Headline about the budget.",
        "The council approved the budget on Monday after a long debate.",
        "The council approved the budget on Monday after a long debate in the hall.",
        "Schools get more money.",
    )
    assert summarize(article) == (
        "The council approved the budget on Monday after a long debate. Schools get more money."
    )


def test_summary_skips_list_items_and_cuts_an_overlong_first_sentence() -> None:
    article = _article("• a bullet point here", "word " * 200 + "end.")
    summary = summarize(article, max_chars=50)
    assert len(summary) <= 50 and summary.endswith("…")
    assert "bullet" not in summary


def test_summary_of_an_article_without_text_is_empty() -> None:
    assert summarize(_article()) == ""


def test_arabic_summary_stays_arabic() -> None:
    article = _article("قال الوزير إن الحكومة ستراجع الخطة. وأضاف أن القرار نهائي.", title="خطة")
    assert summarize(article) == "قال الوزير إن الحكومة ستراجع الخطة. وأضاف أن القرار نهائي."


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("5 March 2024 10:30 GMT", "2024-03-05T10:30:00+00:00"),
        ("Published: March 5, 2024", "2024-03-05T00:00:00+00:00"),
        ("الثلاثاء ٥ مارس ٢٠٢٤", "2024-03-05T00:00:00+00:00"),
        ("2024-03-05T10:00:00+02:00", "2024-03-05T10:00:00+02:00"),
        ("12 كانون الثاني 2023", "2023-01-12T00:00:00+00:00"),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    found = parse_date_line(line)
    assert found is not None and found.isoformat() == iso


@pytest.mark.parametrize(
    "line", ["He arrived on 5 March 2024 and left the same day.", "2024-13-45", "March madness"]
)
def test_sentences_with_dates_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_canonical_url_strips_tracking_and_fragment() -> None:
    assert canonical_url(
        "https://News.Example.com/a/b?utm_source=rss&id=7&fbclid=x&gclid=y#comments"
    ) == "https://news.example.com/a/b?id=7"
    assert canonical_url("https://x.example/a?b=2&a=1") == "https://x.example/a?a=1&b=2"
    assert canonical_url("  javascript:alert(1) ") == "javascript:alert(1)"
    assert canonical_url("") == ""


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("AP", "AP"),
        ("Evgeniy Maloletka / AP", "Evgeniy Maloletka / AP"),
        ("Getty Images", "Getty Images"),
        ("رويترز", "رويترز"),
        ("Photo: Jane Doe", "Jane Doe"),
        ("تصوير: سامر يوسف", "سامر يوسف"),
        ("(AFP)", "AFP"),
        ("AP Photo/Amr Nabil", "AP Photo/Amr Nabil"),
    ],
)
def test_credit_lines(line: str, credit: str) -> None:
    assert credit_of(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "دخلت الحرب الآن شهرها الحادي عشر.",
        "The minister said so",
        "AP reported that the talks had failed after three days of negotiations.",
        "Smoke rises. Photo: Jane/AP",
    ],
)
def test_body_lines_are_not_credits(line: str) -> None:
    assert credit_of(line) is None


def test_caption_and_credit_are_split() -> None:
    assert split_caption_credit("Waves hit the wall. Jane Doe / Reuters") == (
        "Waves hit the wall.",
        "Jane Doe / Reuters",
    )
    assert split_caption_credit("متظاهرون في القاهرة (رويترز)") == ("متظاهرون في القاهرة", "رويترز")
    assert split_caption_credit("Just a caption") == ("Just a caption", "")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("بلومبرج نيوز", "بلومبرج نيوز"),
        ("Reuters", "Reuters"),
        ("— AFP", "AFP"),
        ("Source: BBC News", "BBC News"),
        ("المصدر: الجزيرة نت", "الجزيرة نت"),
        ("The Harbour Courier", "The Harbour Courier"),
        ("صحيفة الساحل – ملف الأسبوع", "صحيفة الساحل – ملف الأسبوع"),
        ("A good report", None),
        ("The end of the war", None),
        ("It was over.", None),
    ],
)
def test_source_lines(line: str, source: str | None) -> None:
    assert source_of(line) == source
