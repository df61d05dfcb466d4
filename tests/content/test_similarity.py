"""similarity, rank_related and near-duplicate fingerprints."""

from __future__ import annotations

from dataclasses import replace

from content import Article, fingerprint, is_near_duplicate, rank_related, similarity

STORM = Article(
    title="Storm cuts power to thousands on the northern coast",
    url="https://a.example/storm",
    paragraphs=("A storm cut electricity to 40,000 homes on the northern coast overnight.",),
)
STORM_FOLLOW_UP = Article(
    title="Power back for most homes after coast storm",
    url="https://a.example/storm-2",
    paragraphs=("Crews restored electricity to most homes hit by the storm on the northern coast.",),
)
FOOTBALL = Article(
    title="Home side wins cup final",
    url="https://a.example/cup",
    paragraphs=("The home side won the cup final three goals to one in front of a full stadium.",),
)
AR_1 = Article(
    title="روسيا ترفض محادثات السلام مع أوكرانيا",
    lang="ar",
    paragraphs=("قال وزير الخارجية الروسي إن موسكو لن تتفاوض لإنهاء الحرب مع أوكرانيا.",),
)
AR_2 = Article(
    title="أوكرانيا: لا سلام مع روسيا قبل الانسحاب",
    lang="ar",
    paragraphs=("قالت كييف إن محادثات السلام مع روسيا لن تبدأ قبل انسحاب القوات الروسية.",),
)
AR_3 = Article(
    title="ارتفاع أسعار الذهب في الأسواق العالمية",
    lang="ar",
    paragraphs=("ارتفعت أسعار الذهب اليوم مع تراجع الدولار.",),
)


def test_similarity_is_symmetric_bounded_and_ranks_the_same_topic_higher() -> None:
    assert similarity(STORM, STORM_FOLLOW_UP) == similarity(STORM_FOLLOW_UP, STORM)
    assert 0.0 <= similarity(STORM, FOOTBALL) < similarity(STORM, STORM_FOLLOW_UP) <= 1.0
    assert similarity(STORM, STORM) == 1.0
    assert similarity(Article(title=""), STORM) == 0.0


def test_arabic_similarity_ignores_harakat_and_prefixes() -> None:
    assert similarity(AR_1, AR_2) > similarity(AR_1, AR_3)
    vowelled = replace(AR_1, title="رُوسِيَا تَرْفُضُ مُحَادَثَاتِ السَّلَامِ مَعَ أُوكْرَانِيَا")
    assert similarity(AR_1, vowelled) > 0.95


def test_rank_related_orders_by_score_and_leaves_out_self_and_duplicates() -> None:
    repost = replace(STORM, url="https://a.example/storm?utm_source=twitter")
    candidates = [(1, FOOTBALL), (2, STORM_FOLLOW_UP), (3, repost), (4, STORM)]
    ranked = rank_related(STORM, candidates, k=5)
    assert [ident for ident, _, _ in ranked] == [2]
    assert 0 < ranked[0][2] < 0.9


def test_rank_related_respects_k_and_handles_nothing() -> None:
    assert rank_related(STORM, [], k=3) == []
    assert rank_related(STORM, [(1, STORM_FOLLOW_UP)], k=0) == []
    many = [
        (i, replace(STORM_FOLLOW_UP, url=f"https://b.example/{i}", title=f"{STORM.title} {i}"))
        for i in range(10)
    ]
    assert len(rank_related(STORM, many, k=3)) == 3


def test_fingerprint_is_stable_hex_and_tolerates_small_edits() -> None:
    text = " ".join(
        f"Paragraph {i} of the report says the storm damaged roads, bridges and power lines."
        for i in range(20)
    )
    edited = text.replace("Paragraph 7 of", "Paragraph seven of")
    other = " ".join(f"Item {i}: the cup final was won by the home side." for i in range(20))
    fp = fingerprint(text)
    assert fp == fingerprint(text) and len(fp) == 16
    assert is_near_duplicate(fp, fingerprint(edited))
    assert not is_near_duplicate(fp, fingerprint(other))


def test_fingerprint_of_an_article_uses_title_and_text() -> None:
    assert fingerprint(STORM) == fingerprint(STORM.title + " " + STORM.paragraphs[0])
    assert fingerprint("") == "0" * 16


def test_is_near_duplicate_rejects_malformed_values() -> None:
    assert not is_near_duplicate("", "")
    assert not is_near_duplicate("xyz", "xyz")
    assert is_near_duplicate("00000000000000ff", "00000000000000f8")
    assert not is_near_duplicate("00000000000000ff", "00000000000000f0")
