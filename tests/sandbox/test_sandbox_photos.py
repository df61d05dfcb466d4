"""With fetch_local_photos, local photo URLs are checked the way Telegram checks them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest

from sandbox import Sandbox

CHANNEL = -1001000000001
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100


@pytest_asyncio.fixture
async def site() -> AsyncIterator[str]:
    bodies = {
        "/ok.jpg": (JPEG, "image/jpeg"),
        "/page": (b"<html></html>", "text/html"),
        "/fake.jpg": (b"not an image", "image/jpeg"),
    }

    async def serve(request: web.Request) -> web.Response:
        body, ctype = bodies[request.path]
        return web.Response(body=body, content_type=ctype)

    app = web.Application()
    for path in bodies:
        app.router.add_get(path, serve)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_local_photo_urls_are_fetched_and_checked(site: str) -> None:
    async with Sandbox(fetch_local_photos=True) as sb:
        sb.add_chat(CHANNEL, "channel", "World")
        async with Bot(sb.token, base_url=f"{sb.api_url}/bot") as bot:
            sent = await bot.send_photo(CHANNEL, f"{site}/ok.jpg", caption="fine")
            assert sent.photo
            cases = {
                "/missing.jpg": "Failed to get http url content",
                "/page": "Wrong type of the web page content",
                "/fake.jpg": "Image_process_failed",
            }
            for path, error in cases.items():
                with pytest.raises(BadRequest, match=error):
                    await bot.send_photo(CHANNEL, f"{site}{path}")
            # a remote URL cannot be fetched offline: taken on trust, as before
            assert (await bot.send_photo(CHANNEL, "https://example.com/a.jpg")).photo


async def test_without_the_option_local_urls_are_taken_on_trust(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.add_chat(CHANNEL, "channel", "World")
    assert (await bot.send_photo(CHANNEL, "http://127.0.0.1:9/none.jpg")).photo
