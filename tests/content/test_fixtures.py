"""Boilerplate removal measured on fixtures written for newsbot (trafilatura's style).

Each case lists sentences that must stay in the body (`with`) and boilerplate that must go
(`without`). A kept `with` sentence is a true positive, a lost one a false negative; a
`without` string left in the body is a false positive. Precision and recall are printed
(with -s, and in the terminal summary) and must both reach 0.95 over all cases, Arabic and English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from content import Article, parse

CASES = Path(__file__).parent / "fixtures" / "cases"


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        case["name"] = path.stem
        cases.append(case)
    return cases


def _article(case: dict[str, Any]) -> Article:
    data = (CASES / case["file"]).read_bytes()
    articles = parse(data, url=case.get("url"), content_type=case.get("content_type"))
    return articles[case.get("entry", 0)]


def _score(case: dict[str, Any], article: Article) -> tuple[Score, list[str], list[str]]:
    body = "\n".join(article.paragraphs)
    score = Score()
    lost, left = [], []
    for sentence in case["with"]:
        if sentence in body:
            score.tp += 1
        else:
            score.fn += 1
            lost.append(sentence)
    for junk in case["without"]:
        if junk in body:
            score.fp += 1
            left.append(junk)
        else:
            score.tn += 1
    return score, lost, left


def test_there_are_enough_cases_of_each_shape() -> None:
    cases = _cases()
    assert len(cases) >= 12
    files = [c["file"] for c in cases]
    assert any(f.endswith(".html") for f in files)
    assert any(f.endswith(".txt") for f in files)
    assert any(f.endswith((".xml", ".rss", ".atom")) for f in files)
    langs = {c["expect"]["lang"] for c in cases}
    assert {"ar", "en"} <= langs


def test_precision_and_recall_over_all_cases(boilerplate_report: list[str]) -> None:
    total = Score()
    by_lang: dict[str, Score] = {}
    report = []
    for case in _cases():
        score, lost, left = _score(case, _article(case))
        lang = case["expect"]["lang"]
        for agg in (total, by_lang.setdefault(lang, Score())):
            agg.tp += score.tp
            agg.fn += score.fn
            agg.fp += score.fp
            agg.tn += score.tn
        report.append(
            f"{case['name']:<28} P={score.precision:.3f} R={score.recall:.3f}"
            + (f" lost={lost}" if lost else "")
            + (f" left={left}" if left else "")
        )
    for lang, score in sorted(by_lang.items()):
        report.append(f"[{lang}] precision={score.precision:.3f} recall={score.recall:.3f}")
    report.append(
        f"[all] precision={total.precision:.3f} recall={total.recall:.3f} "
        f"(tp={total.tp} fn={total.fn} fp={total.fp} tn={total.tn})"
    )
    print("\nboilerplate removal\n" + "\n".join(report))
    boilerplate_report.extend(report)  # shown in the terminal summary (see conftest)
    assert total.precision >= 0.95, report
    assert total.recall >= 0.95, report
    for score in by_lang.values():
        assert score.precision >= 0.95 and score.recall >= 0.95, report


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["name"])
def test_case_metadata(case: dict[str, Any]) -> None:
    article = _article(case)
    expect = case["expect"]
    assert article.lang == expect["lang"]
    if "title" in expect:
        assert article.title == expect["title"]
        assert all(expect["title"] != p for p in article.paragraphs)
    for name in ("site", "source", "url", "guid"):
        if name in expect:
            assert getattr(article, name) == expect[name], name
    if "related" in expect:
        assert len(article.related) == expect["related"], article.related
    if "images_with_caption" in expect:
        captioned = [i for i in article.images if i.caption]
        assert len(captioned) == expect["images_with_caption"], article.images
    if "published" in expect:
        assert article.published is not None
        assert article.published.isoformat().startswith(expect["published"])
    assert article.summary
    assert article.fingerprint
