"""The band index finds exactly the near duplicates a full scan would, and forgets the oldest."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.storage.neardup import RecentFingerprints
from content import is_near_duplicate


def hex64(value: int) -> str:
    return format(value, "016x")


@settings(max_examples=200, deadline=None)
@given(
    base=st.integers(0, 2**64 - 1),
    flips=st.lists(st.integers(0, 63), max_size=6, unique=True),
    others=st.lists(st.integers(0, 2**64 - 1), max_size=30),
)
def test_band_lookup_agrees_with_a_full_scan(base: int, flips: list[int], others: list[int]) -> None:
    index = RecentFingerprints(size=100)
    stored = [hex64(v) for v in others] + [hex64(base)]
    for article_id, fp in enumerate(stored, start=1):
        index.add(article_id, fp)
    probe = base
    for bit in flips:
        probe ^= 1 << bit
    expected = [i for i, fp in enumerate(stored, start=1) if is_near_duplicate(fp, hex64(probe))]
    assert index.find(hex64(probe)) == (max(expected) if expected else None)
    if len(flips) <= 3:
        assert index.find(hex64(probe)) is not None


def test_oldest_fingerprints_are_forgotten() -> None:
    rng = random.Random(7)
    index = RecentFingerprints(size=3)
    values = [rng.getrandbits(64) for _ in range(5)]
    for article_id, value in enumerate(values, start=1):
        index.add(article_id, hex64(value))
    assert len(index) == 3
    assert index.find(hex64(values[0])) is None and index.find(hex64(values[1])) is None
    assert index.find(hex64(values[4] ^ 0b101)) == 5
    assert index.find("not a fingerprint") is None
