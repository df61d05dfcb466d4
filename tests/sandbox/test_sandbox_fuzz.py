"""Bad input never crashes the sandbox: every answer is a Telegram-shaped one."""

from __future__ import annotations

import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import Sandbox
from sandbox.api import METHODS

KEYS = [
    "chat_id", "text", "parse_mode", "reply_markup", "message_id", "photo", "caption",
    "callback_query_id", "commands", "scope", "language_code", "offset", "limit", "user_id",
    "reply_parameters", "entities", "link_preview_options", "allowed_updates", "url", "action",
    "message_ids", "menu_button", "description",
]  # fmt: skip
SAMPLES = [
    "1001", "-1001000000001", "@mychannel", "HTML", "0", "-1", "[]", "{}", "null", "<b>", "true",
    '{"inline_keyboard": [[{"text": "x"}]]}', '[{"command": "a"}]', '{"message_id": "x"}',
]  # fmt: skip
VALUES = st.one_of(st.text(max_size=30), st.sampled_from(SAMPLES))


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(method=st.sampled_from(METHODS), params=st.dictionaries(st.sampled_from(KEYS), VALUES))
async def test_garbage_parameters_get_telegram_answers(method: str, params: dict[str, str]) -> None:
    if method == "getUpdates":
        params["timeout"] = "0"
    async with Sandbox() as sb, httpx.AsyncClient(base_url=sb.api_url) as http:
        sb.inject_message(1001, "hi")
        sb.add_chat(-1001000000001, "channel", "World", "mychannel")
        r = await http.post(f"/bot{sb.token}/{method}", data=params)
        body = r.json()
        assert r.status_code in (200, 400, 403, 409, 429), body
        assert body["ok"] == (r.status_code == 200)
        assert sb.stats.internal_errors == []


async def test_broken_bodies(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    url = f"/bot{sandbox.token}/sendMessage"
    for content, ctype in [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b"\xff\xfe", "application/x-www-form-urlencoded"),
        (json.dumps({"chat_id": {"a": 1}, "text": ["x"]}).encode(), "application/json"),
    ]:
        r = await http.post(url, content=content, headers={"content-type": ctype})
        assert r.status_code in (400, 403), (content, r.text)
    assert sandbox.stats.internal_errors == []
