"""The newest fingerprints in memory, indexed by band, so a near-duplicate check is a lookup.

A scan of 1,000 fingerprints per new article cost more than the rest of storing it (bench/RESULTS.md);
content.fingerprint_bands guarantees that any near duplicate shares a band, so only the few stored
fingerprints sharing one are compared.
"""

from __future__ import annotations

from collections import deque

from content import fingerprint_bands, is_near_duplicate

__all__ = ["RecentFingerprints"]


class RecentFingerprints:
    """The last `size` (article id, fingerprint) pairs and a band index over them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._order: deque[tuple[int, str]] = deque()
        self._bands: dict[tuple[int, int], set[int]] = {}
        self._fingerprints: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, article_id: int, fingerprint: str) -> None:
        """Remember a stored article's fingerprint, forgetting the oldest beyond `size`."""
        self._order.append((article_id, fingerprint))
        self._fingerprints[article_id] = fingerprint
        for key in fingerprint_bands(fingerprint):
            self._bands.setdefault(key, set()).add(article_id)
        while len(self._order) > self.size:
            old_id, old_fp = self._order.popleft()
            self._fingerprints.pop(old_id, None)
            for key in fingerprint_bands(old_fp):
                ids = self._bands.get(key)
                if ids is not None:
                    ids.discard(old_id)
                    if not ids:
                        del self._bands[key]

    def find(self, fingerprint: str) -> int | None:
        """The newest remembered article whose fingerprint is a near duplicate, or None."""
        candidates: set[int] = set()
        for key in fingerprint_bands(fingerprint):
            candidates |= self._bands.get(key, set())
        matches = [i for i in candidates if is_near_duplicate(self._fingerprints[i], fingerprint)]
        return max(matches) if matches else None
