"""`newsbot extract` and `newsbot render`: the content pipeline on a file or standard input.

Only ``content`` and the standard library: these commands need no config, token or network.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from content import (
    Article,
    ContentError,
    Image,
    parse,
    render_pages,
    render_post,
    render_related,
    render_summary,
)

__all__ = ["extract", "render"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
_MAX_BYTES = 50 * 1024 * 1024  # a news page is far smaller; refuse to slurp a disk image


def _fail(message: str) -> int:
    print(f"newsbot: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _emit(text: str) -> None:
    """Write one line as UTF-8 whatever the locale says (Arabic must not crash a C locale)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8") + b"\n")
        buffer.flush()
    else:
        sys.stdout.write(text + "\n")


def _read(source: str) -> bytes:
    """The bytes of ``source`` (a path, or - for stdin); raises OSError or ContentError."""
    if source == "-":
        data = sys.stdin.buffer.read(_MAX_BYTES + 1)
    else:
        path = Path(source)
        if path.is_dir():
            raise ContentError(f"{source} is a directory, not a file")
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    if len(data) > _MAX_BYTES:
        raise ContentError(f"{source} is larger than {_MAX_BYTES // (1024 * 1024)} MB")
    return data


def _articles(source: str) -> list[Article] | int:
    """The articles in ``source``, or the exit code after one clear line on stderr."""
    try:
        data = _read(source)
    except OSError as error:
        return _fail(f"cannot read {source}: {error.strerror or error}")
    except ContentError as error:
        return _fail(str(error))
    if not data.strip():
        return _fail(f"{'standard input' if source == '-' else source} is empty")
    try:
        return parse(data)
    except ContentError as error:
        return _fail(f"{'standard input' if source == '-' else source}: {error}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def article_json(article: Article) -> dict[str, Any]:
    """An Article as JSON-ready data: ISO 8601 datetimes, lists for tuples."""
    data: dict[str, Any] = _jsonable(dataclasses.asdict(article))
    return data


def _readable(article: Article) -> str:
    lines = [f"Title:     {article.title}"]
    for name, value in (
        ("URL", article.url),
        ("Language", article.lang),
        ("Site", article.site),
        ("Source", article.source),
        ("Published", article.published.isoformat() if article.published else ""),
        ("GUID", article.guid),
        ("Summary", article.summary),
    ):
        if value:
            lines.append(f"{name + ':':<10} {value}")
    images: dict[int | None, list[Image]] = {}
    for image in article.images:
        images.setdefault(image.position, []).append(image)
    lines.append("")
    for index, paragraph in enumerate(article.paragraphs):
        for image in images.get(index, []):
            lines.append(f"    [image] {image.caption} | {image.credit} | {image.url or ''}")
        lines.append(f"[{index + 1}] {paragraph}")
    for position, group in images.items():
        if position is None or position >= len(article.paragraphs):
            for image in group:
                lines.append(f"    [image] {image.caption} | {image.credit} | {image.url or ''}")
    if article.related:
        lines.append("Related:")
        lines.extend(f"  - {link.title}" + (f" <{link.url}>" if link.url else "") for link in article.related)
    return "\n".join(lines)


def extract(source: str, as_json: bool) -> int:
    """Print the clean articles in ``source``; exit 2 on unreadable, empty or binary input."""
    articles = _articles(source)
    if isinstance(articles, int):
        return articles
    if not articles:
        print("newsbot: no articles found (a feed with no entries)", file=sys.stderr)
    for number, article in enumerate(articles):
        if as_json:
            _emit(json.dumps(article_json(article), ensure_ascii=False))
        else:
            _emit(("\n" + "=" * 60 + "\n" if number else "") + _readable(article))
    return EXIT_OK


def rendered(article: Article) -> dict[str, Any]:
    """What the bot would send for ``article``."""
    post = render_post(article)
    return {
        "post": {
            "text": post.text,
            "buttons": [dataclasses.asdict(button) for button in post.buttons],
            "photo": post.photo,
            "caption_fits": post.caption_fits,
        },
        "pages": render_pages(article),
        "summary": render_summary(article),
        "related": render_related(article),
    }


def render(source: str, as_json: bool) -> int:
    """Print what the bot would send for each article in ``source``; exit 2 on bad input."""
    articles = _articles(source)
    if isinstance(articles, int):
        return articles
    if not articles:
        print("newsbot: no articles found (a feed with no entries)", file=sys.stderr)
    for article in articles:
        data = rendered(article)
        if as_json:
            _emit(json.dumps(data, ensure_ascii=False))
            continue
        post = data["post"]
        buttons = ", ".join(f"[{b['label']}] ({b['action']})" for b in post["buttons"])
        parts = [f"--- post{' (photo ' + post['photo'] + ')' if post['photo'] else ''} ---"]
        parts += [post["text"], f"buttons: {buttons}"]
        for number, page in enumerate(data["pages"], start=1):
            parts += [f"--- page {number}/{len(data['pages'])} ---", page]
        parts += ["--- summary ---", data["summary"], "--- related ---", data["related"]]
        _emit("\n".join(parts))
    return EXIT_OK
