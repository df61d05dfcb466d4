"""The one exception the content package raises, so callers can catch it by name."""

from __future__ import annotations

__all__ = ["ContentError"]


class ContentError(ValueError):
    """Input that holds no article: empty, binary, undecodable, or with no article text.

    The message says which, in words a user can act on.
    """
