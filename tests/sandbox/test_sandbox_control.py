"""The control API over HTTP drives the same sandbox a child-process bot would talk to."""

from __future__ import annotations

import asyncio
import types

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

import sandbox as sandbox_pkg
from sandbox import Sandbox

USER = 1001


async def control(http: httpx.AsyncClient, verb: str, path: str, **body: object) -> object:
    if verb == "GET":
        r = await http.get(path, params={k: str(v) for k, v in body.items()})
    else:
        r = await http.post(path, json=body)
    assert r.status_code == 200, r.text
    payload = r.json()
    assert payload["ok"] is True
    return payload["result"]


async def test_help_lists_every_route(http: httpx.AsyncClient) -> None:
    routes = await control(http, "GET", "/control")
    assert isinstance(routes, list) and any("/control/messages" in r for r in routes)


async def test_inject_wait_and_read_over_http(sandbox: Sandbox, bot: Bot, http: httpx.AsyncClient) -> None:
    await control(http, "POST", "/control/chats", chat_id=-1001000000001, type="channel",
                  title="World", username="mychannel")  # fmt: skip
    message = await control(http, "POST", "/control/messages", chat_id=USER, text="/start")
    assert isinstance(message, dict) and message["text"] == "/start"
    updates = await bot.get_updates(timeout=0)
    assert updates[0].message is not None and updates[0].message.text == "/start"

    waiting = asyncio.create_task(control(http, "GET", "/control/wait", chat_id=USER, n=1, timeout=5))
    await asyncio.sleep(0.1)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="m:1")]])
    sent = await bot.send_message(USER, "Welcome", reply_markup=keyboard)
    arrived = await waiting
    assert isinstance(arrived, list) and arrived[0]["text"] == "Welcome"

    link = "https://t.me/newsbot_sandbox_bot?start=read_3"
    opened = await control(http, "POST", "/control/deep_links", url=link, user_id=1002)
    assert isinstance(opened, dict) and opened["text"] == "/start read_3"
    r = await http.post("/control/deep_links", json={"url": "https://t.me/x_bot?start=a", "user_id": 1})
    assert r.status_code == 400 and "not @newsbot_sandbox_bot" in r.json()["error"]
    query_id = await control(http, "POST", "/control/callbacks", chat_id=USER,
                             message_id=sent.message_id, data="m:1")  # fmt: skip
    assert await bot.answer_callback_query(str(query_id), text="ok")
    answers = await control(http, "GET", "/control/callback_answers")
    assert isinstance(answers, list) and answers[0]["text"] == "ok"

    state = await control(http, "GET", "/control/message", chat_id=USER, message_id=sent.message_id)
    assert isinstance(state, dict) and state["reply_markup"] == keyboard.to_dict()
    log = await control(http, "GET", "/control/sent", chat_id=USER)
    assert isinstance(log, list) and [e["text"] for e in log] == ["Welcome"]
    stats = await control(http, "GET", "/control/stats")
    assert isinstance(stats, dict) and stats["calls"]["sendMessage"] == 1 and stats["sends"] == 1


async def test_faults_limits_and_reset_over_http(sandbox: Sandbox, bot: Bot, http: httpx.AsyncClient) -> None:
    sandbox.inject_message(USER, "hi")
    await control(http, "POST", "/control/faults", chat_id=USER, fault="blocked")
    r = await http.post(f"/bot{sandbox.token}/sendMessage", data={"chat_id": USER, "text": "x"})
    assert r.status_code == 403
    await control(http, "POST", "/control/faults", chat_id=USER, fault=None)
    await control(http, "POST", "/control/retry_after", chat_id=USER, count=1, seconds=7)
    r = await http.post(f"/bot{sandbox.token}/sendMessage", data={"chat_id": USER, "text": "x"})
    assert r.json()["parameters"] == {"retry_after": 7}
    await control(http, "POST", "/control/fail_next", n=1, mode="500")
    limits = await control(http, "POST", "/control/limits", global_limit=500, enabled=False)
    assert isinstance(limits, dict) and limits["global_limit"] == 500
    assert sandbox.limits.global_limit == 500 and sandbox.limits.enabled is False
    errors = await control(http, "GET", "/control/errors")
    assert isinstance(errors, list) and errors[0]["error_code"] == 403
    await bot.set_my_commands([("latest", "Latest")])
    assert await control(http, "GET", "/control/commands") == [
        {"command": "latest", "description": "Latest"}
    ]
    await control(http, "POST", "/control/reset")
    assert sandbox.sent() == [] and sandbox.world.chats == {}


async def test_bad_control_requests_say_why(http: httpx.AsyncClient) -> None:
    r = await http.post("/control/messages", json={"text": "no chat"})
    assert r.status_code == 400 and "chat_id is required" in r.json()["error"]
    r = await http.post("/control/chats", json={"chat_id": 5, "type": "channel"})
    assert r.status_code == 400 and "-100" in r.json()["error"]
    r = await http.post("/control/limits", json={"speed": 3})
    assert r.status_code == 400 and "unknown limit" in r.json()["error"]
    r = await http.post("/control/faults", content=b"{not json")
    assert r.status_code == 400
    r = await http.get("/control/wait", params={"chat_id": USER, "timeout": "0.2"})
    assert r.status_code == 408 and "got 0" in r.json()["error"]


def test_all_is_complete() -> None:
    public = {
        name
        for name in dir(sandbox_pkg)
        if not name.startswith("_") and not isinstance(getattr(sandbox_pkg, name), types.ModuleType)
    }
    assert public == set(sandbox_pkg.__all__)


def test_sandbox_repr_hides_the_token() -> None:
    sb = Sandbox(token="987654:SECRET-token")
    assert "SECRET" not in repr(sb)
    with pytest.raises(ValueError, match="looks like"):
        Sandbox(token="nonsense")


async def test_group_membership_over_http(sandbox: Sandbox, bot: Bot, http: httpx.AsyncClient) -> None:
    r = await http.post("/control/chats", json={"chat_id": -5005, "type": "group", "title": "Readers"})
    assert r.json()["ok"]
    r = await http.post("/control/members", json={"chat_id": -5005, "user_id": 77, "status": "administrator"})
    assert r.json()["ok"], r.text
    assert (await bot.get_chat_member(-5005, 77)).status == "administrator"
    bad = await http.post("/control/members", json={"chat_id": -5005, "user_id": 77, "status": "king"})
    assert bad.status_code == 400 and "status must be one of" in bad.json()["error"]
    missing = await http.post("/control/members", json={"chat_id": -9, "user_id": 77})
    assert missing.status_code == 400 and "does not exist" in missing.json()["error"]
