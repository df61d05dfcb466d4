"""Reading Bot API parameters the way Telegram does: strings, JSON strings or JSON values."""

from __future__ import annotations

import json
import re
from typing import Any

from sandbox.errors import ApiError, bad_request
from sandbox.html import HtmlError, ParsedText, parse_html, utf16_len

__all__ = [
    "format_text",
    "get_bool",
    "get_int",
    "get_json",
    "get_str",
    "reply_markup",
]

_WHITESPACE = " \t\r\n\v\f"  # trimmed from both ends, as TDLib trims
# Characters that show nothing: a text made only of these is "empty" (TDLib's
# strip_empty_characters list, read broadly so the sandbox errs on the strict side).
_BLANK = _WHITESPACE + (
    "\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202e\u202f\u205f\u2800\u3000\ufeff\ufffc"
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def get_str(params: dict[str, Any], name: str) -> str | None:
    """A string parameter; JSON numbers are accepted as their text."""
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def get_int(params: dict[str, Any], name: str) -> int | None:
    """An integer parameter, or None when absent or not a number (Telegram treats both as 0)."""
    value = params.get(name)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def get_bool(params: dict[str, Any], name: str) -> bool:
    """A boolean parameter: true/1 are true, anything else false."""
    value = params.get(name)
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1") if value is not None else False


def get_json(params: dict[str, Any], name: str, what: str) -> Any:
    """A parameter holding an object: a JSON string (form) or a JSON value (JSON body)."""
    value = params.get(name)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what} JSON object") from None
    return value


def format_text(
    text: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    caption: bool,
    warnings: list[str],
) -> ParsedText:
    """Parse, trim and length-check a text or caption; raise Telegram's 400 on failure.

    Length is counted in UTF-16 code units after entity parsing and trimming (4096 for a text,
    1024 for a caption). Telegram documents "characters"; UTF-16 is never smaller, so a text
    the sandbox accepts is one Telegram accepts.
    """
    text = text or ""
    mode = (parse_mode or "").strip()
    parsed: ParsedText
    if mode.lower() == "html":
        try:
            parsed = parse_html(text)
        except HtmlError as err:
            raise bad_request(f"can't parse entities: {err}") from None
        warnings.extend(parsed.warnings)
    elif mode.lower() in ("markdown", "markdownv2"):
        # Not validated by the sandbox: the bot uses HTML. Kept as plain text.
        parsed = ParsedText(text)
        warnings.append(f"parse_mode {mode} is not validated by the sandbox")
    elif mode:
        raise bad_request(f"unsupported parse_mode {mode!r}".replace("'", '"'))
    else:
        parsed = ParsedText(text, list(entities) if isinstance(entities, list) else [])
    parsed = _trim(parsed)
    limit = 1024 if caption else 4096
    if not caption and not parsed.text.strip(_BLANK):
        raise bad_request("message text is empty")
    if utf16_len(parsed.text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return parsed


def _trim(parsed: ParsedText) -> ParsedText:
    """Drop leading and trailing whitespace and clip the entities, as Telegram does."""
    text = parsed.text
    stripped = text.strip(_WHITESPACE)
    if stripped == text:
        return parsed
    left = utf16_len(text[: len(text) - len(text.lstrip(_WHITESPACE))])
    end = left + utf16_len(stripped)
    entities = []
    for e in parsed.entities:
        start = max(e["offset"], left)
        stop = min(e["offset"] + e["length"], end)
        if stop > start:
            entities.append(e | {"offset": start - left, "length": stop - start})
    return ParsedText(stripped, entities, parsed.warnings)


def reply_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """Validate ``reply_markup`` like Telegram; return it normalised or None."""
    markup = get_json(params, "reply_markup", "reply keyboard markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request("field \"inline_keyboard\" must be an Array of Arrays")
        if sum(len(r) for r in rows) > 100:
            raise bad_request("reply markup is too long")
        clean_rows = [[_inline_button(b) for b in row] for row in rows]
        return {"inline_keyboard": [r for r in clean_rows if r]}
    for key in ("keyboard", "remove_keyboard", "force_reply"):
        if key in markup:
            return markup
    raise bad_request("can't find field \"inline_keyboard\"")


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request("can't parse inline keyboard button: Field \"text\" must be of type String")
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    out: dict[str, Any] = {"text": text}
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
        out["callback_data"] = data
    elif "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://[^\s/$.?#][^\s]*$", url, re.I):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
        out["url"] = url
    else:
        for key in ("switch_inline_query", "switch_inline_query_current_chat", "web_app",
                    "login_url", "copy_text", "callback_game", "pay",
                    "switch_inline_query_chosen_chat"):  # fmt: skip
            if key in button:
                out[key] = button[key]
                break
        else:
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
    return out


def bot_commands(params: dict[str, Any]) -> list[dict[str, str]]:
    """Validate ``commands`` of setMyCommands."""
    commands = get_json(params, "commands", "BotCommand array")
    if commands is None:
        raise bad_request("parameter \"commands\" is required")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse BotCommand array JSON object")
    out = []
    for cmd in commands:
        if not isinstance(cmd, dict):
            raise bad_request("can't parse BotCommand array JSON object")
        command, description = cmd.get("command"), cmd.get("description")
        if not isinstance(command, str) or not _COMMAND.match(command.lower()):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        out.append({"command": command.lower(), "description": description})
    return out


def require(condition: bool, error: ApiError) -> None:
    """Raise ``error`` unless ``condition``."""
    if not condition:
        raise error
