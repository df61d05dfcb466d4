"""Near-duplicate fingerprints: a 64-bit simhash of word 3-shingles of the normalised text.

Two fingerprints within Hamming distance 3 (of 64 bits) are the same story re-posted: the
threshold Manku, Jain and Das Sarma (WWW 2007) found right for web pages. The hash covers
the title and the opening of the text (the first 200 words): a re-post of a story shares its
opening, and an update that only adds to the end still matches. Short texts (a title and one
line) give noisier hashes, which is why storage first compares canonical URLs.
"""

from __future__ import annotations

import re
from hashlib import blake2b

from content.model import Article
from content.normalize import normalize

__all__ = ["NEAR_DUPLICATE_BITS", "fingerprint", "fingerprint_bands", "is_near_duplicate"]

NEAR_DUPLICATE_BITS = 3
# Four 16-bit bands: two fingerprints within 3 bits differ in at most 3 bands, so they share at
# least one band exactly (pigeonhole). An index by band finds every near duplicate without a scan.
_BANDS = 4
assert NEAR_DUPLICATE_BITS < _BANDS
_MAX_WORDS = 200
_MAX_CHARS = 3000
_WORD = re.compile(r"\w+", re.UNICODE)
_HEX = re.compile(r"^[0-9a-f]{16}$")


_MASK = (1 << 64) - 1


def _rotate(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (64 - bits))) & _MASK


def fingerprint(article_or_text: Article | str) -> str:
    """Return the 16-hex-digit simhash of an article (title and opening paragraphs) or a text.

    Deterministic across runs and machines (blake2b, not ``hash()``); the all-zero value for
    text with no words.
    """
    if isinstance(article_or_text, Article):
        text = " ".join((article_or_text.title, *article_or_text.paragraphs))
    else:
        text = article_or_text
    # The opening carries the story; capping the shingles keeps this cheap on long pages.
    words = _WORD.findall(normalize(text[:_MAX_CHARS]))[:_MAX_WORDS]
    if not words:
        return "0" * 16
    # Each distinct word is hashed once (blake2b: stable across runs and machines); a
    # shingle's hash mixes its three word hashes, a few integer operations instead of
    # another digest.
    # word -> (hash, hash rotated by 21, hash rotated by 42)
    ids: dict[str, tuple[int, int, int]] = {}
    for word in words:
        if word not in ids:
            value = int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")
            ids[word] = (value, _rotate(value, 21), _rotate(value, 42))
    seq = [ids[word] for word in words]
    if len(seq) < 3:
        hashes = [value for value, _, _ in seq]
    else:
        hashes = []
        for first, second, third in zip(seq, seq[1:], seq[2:], strict=False):
            # splitmix64's finaliser, inlined: spreads every input bit over the result.
            value = first[0] ^ second[1] ^ third[2]
            value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
            value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
            hashes.append(value ^ (value >> 31))
    # All hashes as one string of bits; bit i of every hash is every 64th character, so
    # the per-bit majority vote is a C-level slice and count.
    bits = "".join(format(h, "064b") for h in hashes)
    half = len(hashes) / 2
    votes = "".join("1" if bits[i::64].count("1") > half else "0" for i in range(64))
    return format(int(votes, 2), "016x")


def fingerprint_bands(fp: str) -> tuple[tuple[int, int], ...]:
    """(band number, band value) keys of a fingerprint; () for a malformed one.

    Every near duplicate of `fp` (see is_near_duplicate) shares at least one of these keys.
    """
    text = fp.strip().lower()
    if not _HEX.match(text):
        return ()
    value = int(text, 16)
    width = 64 // _BANDS
    return tuple((band, (value >> (band * width)) & ((1 << width) - 1)) for band in range(_BANDS))


def is_near_duplicate(fp_a: str, fp_b: str) -> bool:
    """True when two fingerprints differ in at most 3 of 64 bits; False for malformed ones."""
    a, b = fp_a.strip().lower(), fp_b.strip().lower()
    if not _HEX.match(a) or not _HEX.match(b):
        return False
    return (int(a, 16) ^ int(b, 16)).bit_count() <= NEAR_DUPLICATE_BITS
