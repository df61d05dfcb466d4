"""Near-duplicate fingerprints: a 64-bit simhash of word 3-shingles of the normalised text.

Two fingerprints within Hamming distance 3 (of 64 bits) are the same story re-posted: the
threshold Manku, Jain and Das Sarma (WWW 2007) found right for web pages. Short texts (a
title and one line) give noisier hashes, which is why storage first compares canonical URLs.
"""

from __future__ import annotations

import re
from hashlib import blake2b

from content.model import Article
from content.normalize import normalize

__all__ = ["NEAR_DUPLICATE_BITS", "fingerprint", "is_near_duplicate"]

NEAR_DUPLICATE_BITS = 3
_WORD = re.compile(r"\w+", re.UNICODE)
_HEX = re.compile(r"^[0-9a-f]{16}$")


def _hash(feature: str) -> str:
    digest = blake2b(feature.encode("utf-8"), digest_size=8).digest()
    return format(int.from_bytes(digest, "big"), "064b")


def fingerprint(article_or_text: Article | str) -> str:
    """Return the 16-hex-digit simhash of an article (title and paragraphs) or of a text.

    Deterministic across runs and machines (blake2b, not ``hash()``); the all-zero value for
    text with no words.
    """
    if isinstance(article_or_text, Article):
        text = " ".join((article_or_text.title, *article_or_text.paragraphs))
    else:
        text = article_or_text
    words = _WORD.findall(normalize(text))
    if len(words) >= 3:
        features = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    else:
        features = words
    if not features:
        return "0" * 16
    bits = [_hash(feature) for feature in features]
    half = len(bits) / 2
    # Column-wise vote: bit i is set when most features have it set (zip runs in C).
    value = "".join("1" if column.count("1") > half else "0" for column in zip(*bits, strict=True))
    return format(int(value, 2), "016x")


def is_near_duplicate(fp_a: str, fp_b: str) -> bool:
    """True when two fingerprints differ in at most 3 of 64 bits; False for malformed ones."""
    a, b = fp_a.strip().lower(), fp_b.strip().lower()
    if not _HEX.match(a) or not _HEX.match(b):
        return False
    return (int(a, 16) ^ int(b, 16)).bit_count() <= NEAR_DUPLICATE_BITS
