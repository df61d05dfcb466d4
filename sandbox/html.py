"""Telegram's HTML parse mode, re-implemented to fail exactly where Telegram fails.

The parser follows TDLib's ``parse_html`` (td/telegram/MessageEntity.cpp) step by step, so
error texts and byte offsets match what the real Bot API answers:

* every ``<`` opens a tag; the tag name runs to the first space or ``>``;
* only Telegram's tag set is accepted; anything else is ``Unsupported start tag "p" at byte
  offset N`` where N counts UTF-8 bytes of the *original* text;
* entities: ``&lt; &gt; &amp; &quot;`` and numeric ones (decimal or ``x`` hex, ``;``
  optional) are decoded; any other ``&...`` stays literally in the text, as on Telegram (this
  is not an error there, so it is not one here either, but it is reported as a warning so tests
  can catch a visible ``&nbsp;``);
* ``<a href>`` accepts http(s), tg:// and ton:// links and bare domains; any other scheme
  (``javascript:``, ``ftp:``, ``mailto:``) silently drops the link and keeps the text, as
  TDLib's ``check_link`` does (also reported as a warning).

The result is the visible text plus Bot API ``MessageEntity`` dicts with UTF-16 offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HtmlError", "ParsedText", "parse_html", "utf16_len"]

_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_FAST_TAGS = frozenset(t.encode() for t in _TAGS - {"span"})
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\f\v"
_SPECIAL = re.compile(rb"[<&]")
_SIMPLE_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z-]*)>")
_ENTITY_LIKE = re.compile(rb"&#?[A-Za-z0-9]+;")  # looks meant as an entity: worth a warning
# TDLib's check_link: a scheme, if present, must be one of these; no scheme means http.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST = re.compile(r"^[A-Za-z0-9\-._~%\u0080-\uffff]+(:\d{1,5})?$")


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; ``str(err)`` is Telegram's wording."""


@dataclass
class ParsedText:
    """Visible text and its entities, as Telegram would store them."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def _check_link(url: str) -> str | None:
    """Return the normalised link, or None where Telegram would drop it."""
    url = url.strip()
    if not url:
        return None
    m = _SCHEME.match(url)
    scheme = m.group(1).lower() if m else ""
    if scheme in ("tg", "ton"):
        return url if re.match(r"^(tg|ton)://[A-Za-z0-9_\-]+", url, re.I) else None
    if scheme and scheme not in ("http", "https"):
        return None
    rest = url[len(scheme) + 3 :] if scheme else url
    if scheme and not url[len(scheme) :].startswith("://"):
        return None
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    if not host or not _HOST.match(host) or ("." not in host.strip(".") and host != "localhost"):
        return None
    return url if scheme else "http://" + url


def _decode_entity(raw: bytes, pos: int) -> tuple[str, int] | None:
    """Decode an HTML entity at ``raw[pos] == '&'``: (character, next position) or None."""
    end = pos + 1
    n = len(raw)
    if end < n and raw[end : end + 1] == b"#":
        end += 1
        value = 0
        hexa = end < n and raw[end : end + 1] == b"x"
        if hexa:
            end += 1
        digits = b"0123456789abcdefABCDEF" if hexa else b"0123456789"
        while end < n and raw[end] in digits:
            value = value * (16 if hexa else 10) + int(chr(raw[end]), 16)
            end += 1
            if value >= 0x10FFFF:
                return None
        if value == 0 or end - pos >= 10 or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < n and chr(raw[end]).isascii() and chr(raw[end]).isalpha():
            end += 1
        name = raw[pos + 1 : end].decode()
        if name not in _NAMED_ENTITIES:
            return None
        char = _NAMED_ENTITIES[name]
    if end < n and raw[end : end + 1] == b";":
        end += 1
    return char, end


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the output where the entity starts
    begin: int  # index in the output string where the entity starts


def parse_html(text: str) -> ParsedText:
    """Parse Telegram HTML; raise HtmlError with Telegram's message on the first error."""
    raw = text.encode("utf-8")
    n = len(raw)
    out: list[str] = []
    out_len = 0  # UTF-16 length of "".join(out)
    entities: list[dict[str, Any]] = []
    warnings: list[str] = []
    stack: list[_Open] = []

    def at(k: int) -> str:
        return chr(raw[k]) if k < n else "\0"

    i = 0
    while i < n:
        special = _SPECIAL.search(raw, i)
        stop = special.start() if special else n
        if stop > i:  # a run of plain text, copied at once
            chunk = raw[i:stop].decode("utf-8")
            out.append(chunk)
            out_len += utf16_len(chunk)
            i = stop
            continue
        if raw[i] == ord("&"):
            decoded = _decode_entity(raw, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                out_len += utf16_len(char)
                continue
            m = _ENTITY_LIKE.match(raw, i)
            if m:
                warnings.append(
                    f"HTML entity {m.group(0).decode()!r} at byte offset {i} "
                    "is not one Telegram decodes; it is shown literally"
                )
            out.append("&")
            out_len += 1
            i += 1
            continue

        begin = i
        simple = _SIMPLE_TAG.match(raw, i)
        if simple and not simple.group(1) and simple.group(2).lower() in _FAST_TAGS:
            # fast path for the common attribute-less start tag; same result as below
            stack.append(_Open(simple.group(2).decode().lower(), "", out_len, len(out)))
            i = simple.end()
            continue
        i += 1
        if at(i) != "/":
            while i < n and at(i) not in _SPACE and at(i) != ">":
                i += 1
            if i >= n:
                raise HtmlError(f"Unclosed start tag at byte offset {begin}")
            tag = raw[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in _TAGS:
                raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != ">":
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while i < n and at(i) not in _SPACE and at(i) not in "=>":
                    i += 1
                attr = raw[attr_begin:i].decode("utf-8", "replace")
                if not attr:
                    raise HtmlError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while i < n and at(i) in _SPACE:
                    i += 1
                if at(i) != "=":
                    if i >= n:
                        raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attr.lower() == "expandable":
                        argument = "1"
                    continue
                i += 1
                while i < n and at(i) in _SPACE:
                    i += 1
                if i >= n:
                    raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                value_chars: list[str] = []
                if at(i) not in "'\"":
                    token_begin = i
                    while i < n and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = raw[token_begin:i].decode().lower()
                    if i < n and at(i) not in _SPACE and at(i) != ">":
                        raise HtmlError(f"Unexpected end of name token at byte offset {token_begin}")
                else:
                    quote = at(i)
                    i += 1
                    while i < n and at(i) != quote:
                        if at(i) == "&":
                            decoded = _decode_entity(raw, i)
                            if decoded is not None:
                                value_chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        j = i + 1
                        while j < n and (raw[j] & 0xC0) == 0x80:
                            j += 1
                        value_chars.append(raw[i:j].decode("utf-8"))
                        i = j
                    if at(i) == quote:
                        i += 1
                    value = "".join(value_chars)
                if i >= n:
                    raise HtmlError(f"Unclosed start tag at byte offset {begin}")
                name = attr.lower()
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "pre" and name == "language":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            i += 1  # past '>'
            stack.append(_Open(tag, argument, out_len, len(out)))
            continue

        # an end tag
        if not stack:
            raise HtmlError(f"Unexpected end tag at byte offset {begin}")
        i += 1
        name_begin = i
        while i < n and at(i) not in _SPACE and at(i) != ">":
            i += 1
        end_tag = raw[name_begin:i].decode("utf-8", "replace").lower()
        while i < n and at(i) in _SPACE:
            i += 1
        if at(i) != ">":
            raise HtmlError(f"Unclosed end tag at byte offset {begin}")
        i += 1
        top = stack.pop()
        if end_tag and end_tag != top.tag:
            raise HtmlError(
                f'Unmatched end tag at byte offset {begin}, expected "</{top.tag}>", '
                f'found "</{end_tag}>"'
            )
        length = out_len - top.offset
        if length <= 0:
            continue
        entity: dict[str, Any] = {"offset": top.offset, "length": length}
        if top.tag in _SIMPLE:
            entity["type"] = _SIMPLE[top.tag]
            if top.tag == "code" and top.argument:
                entity["language"] = top.argument  # only kept when merged into a pre
        elif top.tag == "a":
            url = top.argument or "".join(out[top.begin :])
            uid = re.fullmatch(r"tg://user\?id=(\d+)", url.strip())
            if uid:
                entity["type"] = "text_mention"
                entity["user"] = {"id": int(uid.group(1)), "is_bot": False, "first_name": ""}
            else:
                link = _check_link(url)
                if link is None:
                    warnings.append(
                        f"link {url!r} is not one Telegram accepts; the link is dropped, "
                        "the text kept"
                    )
                    continue
                entity["type"] = "text_link"
                entity["url"] = link
        elif top.tag == "pre":
            entity["type"] = "pre"
            if top.argument:
                entity["language"] = top.argument
        elif top.tag == "blockquote":
            entity["type"] = "expandable_blockquote" if top.argument else "blockquote"
        elif top.tag == "tg-emoji":
            if not top.argument.isdigit():
                continue  # Telegram drops a custom emoji without a valid id
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = top.argument
        entities.append(entity)
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    # <pre><code class="language-x"> becomes one pre entity with a language.
    entities = _merge_pre_code(entities)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities, warnings)


def _merge_pre_code(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pres = {(e["offset"], e["length"]): e for e in entities if e["type"] == "pre"}
    merged: list[dict[str, Any]] = []
    for e in entities:
        pre = pres.get((e["offset"], e["length"]))
        if e["type"] == "code" and pre is not None and pre is not e:
            if "language" not in pre and e.get("language"):
                pre["language"] = e["language"]
            continue
        if e["type"] == "code":
            e.pop("language", None)
        merged.append(e)
    return merged
