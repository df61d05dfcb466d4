"""The real page in shared/samples: the issue's done-when, checked field by field."""

from pathlib import Path

import pytest

from content import Article, parse, split_sentences

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "article-ar-qsarpress.txt"
TITLE = "روسيا ترفض محادثات السلام مع أوكرانيا وتقول إنها لن تستسلم"


@pytest.fixture(scope="module")
def article() -> Article:
    [found] = parse(SAMPLE.read_bytes())
    return found


def test_language_site_title(article: Article) -> None:
    assert article.lang == "ar"
    assert article.site == "Qsarpress"
    assert article.title == TITLE
    assert all(TITLE not in p for p in article.paragraphs)


def test_thirteen_body_paragraphs_in_order(article: Article) -> None:
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    expected_numbers = [9, 11, 13, 15, 22, 24, 26, 34, 36, 40, 48, 50, 52]
    assert list(article.paragraphs) == [lines[n - 1] for n in expected_numbers]


def test_no_boilerplate_in_body(article: Article) -> None:
    body = "\n".join(article.paragraphs)
    for junk in ("Qsarpress", "ما في ذلك السياسة", "قراءة المزيد", "READ", "Govt-19",
                 "Evgeniy Maloletka", "بلومبرج نيوز", "روسيا تدمر البنية التحتية"):
        assert junk not in body, junk
    captions = {image.caption for image in article.images}
    assert not captions & set(article.paragraphs)
    assert "AP" not in article.paragraphs


def test_two_images_with_captions_and_credits(article: Article) -> None:
    assert [(i.caption, i.credit) for i in article.images] == [
        ("وقال وزير الخارجية الروسي سيرجي لافروف إن الكرملين لن يناقش مطالب أوكرانيا "
         "بالانسحاب من الأراضي المحتلة ودفع تعويضات.", "AP"),
        ("دخلت الحرب الآن شهرها الحادي عشر.", "Evgeniy Maloletka / AP"),
    ]
    # Each image stands where the page showed it.
    assert [i.position for i in article.images] == [7, 10]


def test_four_related_links(article: Article) -> None:
    assert [link.title for link in article.related] == [
        "روسيا تدمر البنية التحتية للطاقة في أوكرانيا بهجوم صاروخي “ضخم”",
        "لا شيء لتدميره: الأوكرانيون في المناطق المضمومة يخشون الغزو الروسي الثالث",
        "الدبابات والأسلحة الروسية التي تم الاستيلاء عليها: “جوائز” أم “مجرد خردة” لأوكرانيا؟",
        "Govt-19: عالم الأوبئة يحذر من أن عدد القتلى في نيوزيلندا قد يصل إلى 20 في اليوم قريبًا",
    ]


def test_source(article: Article) -> None:
    assert article.source == "بلومبرج نيوز"


def test_summary_is_whole_body_sentences(article: Article) -> None:
    body_sentences = {s for p in article.paragraphs for s in split_sentences(p)}
    summary_sentences = split_sentences(article.summary)
    assert summary_sentences
    assert all(s in body_sentences for s in summary_sentences)
    assert len(article.summary) <= 400


def test_fingerprint_is_hex(article: Article) -> None:
    assert len(article.fingerprint) == 16
    int(article.fingerprint, 16)


def test_shared_sample_matches_fixture_copy() -> None:
    shared = Path(__file__).parents[2].parent / "shared" / "samples" / SAMPLE.name
    if not shared.exists():
        pytest.skip("../shared/samples is not beside this checkout")
    assert shared.read_bytes() == SAMPLE.read_bytes()
