"""How alike two articles are, and the stored articles most related to one.

Similarity is the cosine of term vectors (normalised, stop words removed, light stemming)
built from the title (counted twice: it names the story) and the lead (first paragraphs, up
to ~1500 characters). ``rank_related`` weights terms by IDF over the candidates it is given,
so rare shared names count more than common words; nothing is cached between calls.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from content.fingerprint import is_near_duplicate
from content.model import Article
from content.terms import terms
from content.urls import canonical_url

__all__ = ["rank_related", "similarity"]

_LEAD_CHARS = 1500


def _bag(article: Article) -> Counter[str]:
    lead: list[str] = []
    size = 0
    for paragraph in article.paragraphs:
        if size >= _LEAD_CHARS:
            break
        lead.append(paragraph)
        size += len(paragraph)
    if not lead and article.summary:
        lead.append(article.summary)
    bag = Counter(terms(" ".join(lead)))
    for term in terms(article.title):
        bag[term] += 2
    return bag


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float] | None = None) -> float:
    if not a or not b:
        return 0.0

    def weight(bag: Counter[str], term: str) -> float:
        """Term frequency, times IDF when given."""
        return bag[term] * (idf.get(term, 1.0) if idf else 1.0)

    dot = sum(weight(a, t) * weight(b, t) for t in a.keys() & b.keys())
    norm_a = math.sqrt(sum(weight(a, t) ** 2 for t in a))
    norm_b = math.sqrt(sum(weight(b, t) ** 2 for t in b))
    if norm_a == 0 or norm_b == 0:
        return 0.0
    return max(0.0, min(1.0, dot / (norm_a * norm_b)))


def similarity(a: Article, b: Article) -> float:
    """Cosine similarity in [0, 1] of the two articles' title-and-lead terms."""
    return _cosine(_bag(a), _bag(b))


def _same_story(a: Article, b: Article) -> bool:
    if a.url and b.url and canonical_url(a.url) == canonical_url(b.url):
        return True
    if a.guid and a.guid == b.guid:
        return True
    return bool(a.fingerprint and b.fingerprint and is_near_duplicate(a.fingerprint, b.fingerprint))


def rank_related(
    article: Article,
    candidates: Sequence[tuple[int, Article]],
    k: int = 5,
    *,
    min_score: float = 0.08,
) -> list[tuple[int, Article, float]]:
    """The ``k`` candidates most similar to ``article``, best first, as (id, article, score).

    Candidates that are the article itself or the same story re-posted (same canonical URL or
    guid, near-duplicate fingerprint: the rules storage dedups by, so anything stored as a story of
    its own can be offered) are left out, and so are ones scoring below ``min_score``. Ties keep
    the candidates' order.
    """
    if k <= 0 or not candidates:
        return []
    bags = [_bag(candidate) for _, candidate in candidates]
    own = _bag(article)
    documents = [*bags, own]
    df: Counter[str] = Counter()
    for bag in documents:
        df.update(bag.keys())
    n = len(documents)
    idf = {term: math.log((n + 1) / (count + 0.5)) + 1.0 for term, count in df.items()}
    scored: list[tuple[int, Article, float]] = []
    for (ident, candidate), bag in zip(candidates, bags, strict=True):
        if candidate is article or _same_story(article, candidate):
            continue
        score = _cosine(own, bag, idf)
        if score < min_score:
            continue
        scored.append((ident, candidate, round(score, 4)))
    scored.sort(key=lambda item: -item[2])
    return scored[:k]
