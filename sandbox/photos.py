"""What Telegram checks when it fetches a photo by URL, for URLs the sandbox can reach.

Telegram downloads the URL itself; the sandbox can only reach 127.0.0.1, so it checks local URLs
(the test news site) the way Telegram would and takes any other URL on trust.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import aiohttp

from sandbox.errors import bad_request

__all__ = ["MAX_PHOTO_BYTES", "check_photo_url", "is_local"]

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # Telegram's limit for photos sent by URL
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")


def is_local(url: str) -> bool:
    """Whether the sandbox can fetch this URL itself."""
    host = urlsplit(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def _looks_like_image(head: bytes) -> bool:
    return head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


async def check_photo_url(session: aiohttp.ClientSession, url: str) -> None:
    """Fetch ``url`` and raise Telegram's 400 where Telegram would refuse it as a photo."""
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
            if response.status != 200:
                raise bad_request("failed to get HTTP URL content")
            ctype = response.headers.get("Content-Type", "")
            body = await response.content.read(MAX_PHOTO_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError):
        raise bad_request("failed to get HTTP URL content") from None
    if not ctype.lower().startswith("image/"):
        raise bad_request("wrong type of the web page content")
    if len(body) > MAX_PHOTO_BYTES or not _looks_like_image(body[:16]):
        raise bad_request("IMAGE_PROCESS_FAILED")
