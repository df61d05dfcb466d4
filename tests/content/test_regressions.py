"""Regressions found by black-box acceptance runs."""

from __future__ import annotations

import pytest

from content import Article, ContentError, fingerprint, parse, rank_related


def test_broken_feed_xml_is_an_error_not_an_empty_feed() -> None:
    with pytest.raises(ContentError, match="malformed feed"):
        parse(b"<rss><channel><item><title>oops</tit", content_type="application/rss+xml")


def test_well_formed_empty_feed_is_empty() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert parse(empty, content_type="application/rss+xml") == []


def story(n: int) -> Article:
    body = (
        "The harbour board approved the repair of the northern quay after a long debate about "
        f"its cost and the lights of the old port (story {n})."
    )
    base = Article(title=f"Harbour board story {n} on the quay", url=f"https://x.test/{n}",
                   paragraphs=(body, f"Residents reacted to story {n} with relief."))
    return Article(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                      "fingerprint": fingerprint(base)})  # type: ignore[arg-type]


def test_close_siblings_stored_apart_are_offered_as_related() -> None:
    first, *others = [story(n) for n in range(1, 4)]
    ranked = rank_related(first, list(enumerate(others, start=2)), k=5)
    assert sorted(ident for ident, _, _ in ranked) == [2, 3]
