"""Bytes to text, and telling a feed, an HTML page and a plain-text dump apart."""

from __future__ import annotations

import codecs
import re

from content.errors import ContentError

__all__ = ["decode", "looks_binary", "sniff_kind"]

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""")
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF|RDF)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_ANY_TAG = re.compile(r"<(?:p|div|article|section|span|a|h[1-6]|br|img|ul|li|table)\b", re.I)
_LEADING_JUNK = re.compile(r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)


def looks_binary(nul_count: int, size: int) -> bool:
    """More than a stray NUL or two (1% of the sample): a binary file, not text."""
    return nul_count > max(2, size // 100)


def _charset_from(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET.search(content_type.encode("latin-1", "replace"))
    return match.group(1).decode("ascii") if match else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str | None = None) -> str:
    """Decode ``data``: BOM, then the declared charset (HTTP header, XML declaration,
    <meta>), then UTF-8, then windows-1256 (common on older Arabic sites).

    Raises ContentError for binary data (NUL bytes or mostly control characters).
    """
    head = data[:4096]
    if looks_binary(head.count(b"\x00"), len(head)) and not head.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise ContentError("input looks binary (it contains NUL bytes), not a feed, page or text")
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    declared = _known(_charset_from(content_type))
    if declared is None:
        match = _XML_ENCODING.match(head.lstrip()) or _CHARSET.search(head)
        declared = _known(match.group(1).decode("ascii")) if match else None
    candidates = [c for c in (declared, "utf-8") if c]
    for encoding in candidates:
        try:
            text = data.decode(encoding).replace("\x00", "")
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        text = data.decode("cp1256", errors="replace").replace("\x00", "")
    sample = text[:4096]
    if sample:
        controls = len(_CONTROLS.findall(sample))
        if controls * 10 > len(sample) or sample.count("\ufffd") * 4 > len(sample):
            raise ContentError("input looks binary (mostly control characters), not text")
    return text


def sniff_kind(text: str, content_type: str | None = None) -> str:
    """"feed", "html" or "text", from the content type when it says, else from the start."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    start = _LEADING_JUNK.sub("", text[:4096], count=1)
    if any(word in ctype for word in ("rss", "atom", "rdf")):
        return "feed"
    if _FEED_ROOT.match(start):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml") or _HTML_START.match(start):
        return "html"
    if ctype.endswith("xml") and _FEED_ROOT.search(text[:4096]):
        return "feed"
    if ctype == "text/plain":
        return "text"
    # A plain-text dump holds no tags; a fragment of HTML starts with one or holds several.
    tags = len(_ANY_TAG.findall(text[:20000]))
    if tags >= 2 or (tags and start.startswith("<")):
        return "html"
    return "text"
