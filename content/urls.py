"""URL hygiene: canonical URLs for dedup and safe link targets for Telegram."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from courlan import normalize_url

__all__ = ["absolute_url", "canonical_url", "safe_link"]

# Query parameters that identify a campaign or a click, never the article.
# courlan already drops utm_*, mc_*, fbclid, gclid and friends; these are extras seen on news sites.
_EXTRA_TRACKERS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ocid|cmpid|"
    r"xtor|at_medium|at_campaign|at_link\w*|smid|guccounter|s_cid|ito|intcmp|rss|feed|"
    r"ref|ref_src|referrer)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """Return ``url`` without tracking parameters or fragment, host lower-cased, query sorted.

    Uses courlan's ``normalize_url`` (utm_*, fbclid, gclid... removed) plus a few extra
    tracking names. Non-http(s) input is returned stripped but otherwise unchanged; this
    never raises.

    >>> canonical_url("https://Example.com/a?utm_source=x&id=3&fbclid=y#top")
    'https://example.com/a?id=3'
    """
    url = url.strip()
    parts = urlsplit(url) if url else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    try:
        cleaned = normalize_url(url)
    except Exception:  # courlan raises assorted errors on odd input; keep what we had
        cleaned = url
    parts = urlsplit(cleaned)
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not _EXTRA_TRACKERS.match(pair.split("=", 1)[0])
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, query, ""))


def absolute_url(href: str | None, base: str | None) -> str | None:
    """Resolve ``href`` against ``base``; None unless the result is an http(s) URL."""
    if not href:
        return None
    href = href.strip()
    try:
        joined = urljoin(base, href) if base else href
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return joined


def safe_link(url: str | None) -> str | None:
    """Return ``url`` if Telegram may link to it (http, https or tg://), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url) or '"' in url or "<" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc:
        return url
    if scheme == "tg" and (parts.netloc or parts.path):
        return url
    return None
