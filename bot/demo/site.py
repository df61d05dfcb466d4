"""The demo's news site: bundled sample articles served as real feeds and pages on 127.0.0.1.

Two sites (an Arabic one and an English one) publish article pages with the boilerplate real
news pages carry (site header, tagline, repeated title, photo caption and credit, a read-more
list, a promo line, the source, a footer); their feeds carry teasers, so the bot fetches each page
and extracts the article as it would from a real site. A third feed gains an item every minute.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from importlib import resources
from typing import Any

from sandbox.newssite import NewsItem, NewsSite, rss

__all__ = ["DemoArticle", "DemoSite", "SiteInfo", "live_item", "load_site", "page_html"]

LIVE_EVERY = 60.0  # seconds between new items of the live feed
LIVE_KEEP = 20  # items the live feed lists


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """A sample site: its name, tagline and boilerplate words."""

    key: str  # "ar" or "en": the data folder
    name: str
    tagline: str
    lang: str
    read_more: str
    promo: str
    footer: str
    nav: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One bundled article."""

    slug: str
    title: str
    minutes_ago: int
    image: str
    caption: str
    credit: str
    more: tuple[str, ...]
    source: str
    paragraphs: tuple[str, ...]


def _data() -> Any:
    return resources.files("bot.demo").joinpath("data")


def _article(slug: str, text: str) -> DemoArticle:
    head, _, body = text.partition("\n\n")
    fields: dict[str, list[str]] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), []).append(value.strip())
    image, caption, credit = ([*fields.get("image", [""])[0].split("|"), "", ""][:3])
    return DemoArticle(
        slug=slug,
        title=fields["title"][0],
        minutes_ago=int(fields.get("published", ["0"])[0]),
        image=image.strip(),
        caption=caption.strip(),
        credit=credit.strip(),
        more=tuple(fields.get("more", [])),
        source=fields.get("source", [""])[0],
        paragraphs=tuple(p.strip() for p in body.split("\n\n") if p.strip()),
    )


def load_site(key: str) -> tuple[SiteInfo, list[DemoArticle]]:
    """The bundled site `key` ("ar" or "en") and its articles, oldest first."""
    folder = _data().joinpath(key)
    meta = json.loads(folder.joinpath("site.json").read_text(encoding="utf-8"))
    info = SiteInfo(key=key, nav=tuple(meta.pop("nav")), **meta)
    articles = [
        _article(entry.name.removesuffix(".txt"), entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    ]
    return info, sorted(articles, key=lambda a: -a.minutes_ago)


def page_html(
    info: SiteInfo, article: DemoArticle, base: str, links: dict[str, str], published: datetime
) -> str:
    """An article page as a real news site would serve it, boilerplate included."""
    direction = "rtl" if info.lang == "ar" else "ltr"
    paras = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
    image = f"{base}/img/{article.image}" if article.image else ""
    figure = (
        f'<figure><img src="{escape(image)}" alt="{escape(article.caption)}">'
        f"<figcaption>{escape(article.caption)} <span class=\"credit\">{escape(article.credit)}</span>"
        "</figcaption></figure>"
        if image
        else ""
    )
    more = "".join(
        f'<li><a href="{escape(links.get(title, base + "/"))}">{escape(title)}</a></li>'
        for title in article.more
    )
    read_more = f'<div class="read-more"><p>{escape(info.read_more)}</p><ul>{more}</ul></div>' if more else ""
    promo = (
        f'<p class="promo">{escape(info.promo)}  {escape(article.more[-1])}</p>' if article.more else ""
    )
    # The figure after the first paragraph and the read-more list after the third, as on the sample.
    body = [*paras[:1], figure, *paras[1:3], read_more, *paras[3:5], promo, *paras[5:]]
    nav = " | ".join(f'<a href="{base}/">{escape(n)}</a>' for n in info.nav)
    return (
        f'<!doctype html><html lang="{info.lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{escape(article.title)} | {escape(info.name)}</title>"
        f'<meta property="og:title" content="{escape(article.title)}">'
        f'<meta property="og:site_name" content="{escape(info.name)}">'
        f'<meta property="og:image" content="{escape(image)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f"</head><body><header><div class=\"logo\">{escape(info.name)}</div>"
        f'<p class="tagline">{escape(info.tagline)}</p><nav>{nav}</nav></header>'
        f"<main><article><h1>{escape(article.title)}</h1>"
        f'<h2 class="subtitle">{escape(article.title)}</h2>'
        + "".join(body)
        + f'<p class="source">{escape(article.source)}</p></article></main>'
        f"<footer><p>{escape(info.footer)}</p></footer></body></html>"
    )


def _svg(label: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450">'
        '<rect width="800" height="450" fill="#2a7ab9"/>'
        f'<text x="400" y="235" font-size="40" text-anchor="middle" fill="#fff">{escape(label)}</text>'
        "</svg>"
    ).encode()


def live_item(k: int, base: str, start: float) -> NewsItem:
    """The live feed's k-th item (k = 0, 1, ...), published `k` minutes after `start`."""
    meta = json.loads(_data().joinpath("live.json").read_text(encoding="utf-8"))
    topics = meta["topics"]
    topic, *sentences = topics[k % len(topics)]
    at = datetime.fromtimestamp(start + k * LIVE_EVERY, UTC)
    values = {"h": f"{at.hour:02d}", "m": f"{at.minute:02d}", "n": 7 + (k * 37) % 180, "k": 3 + (k * 11) % 40}
    text = [s.format(**values) for s in sentences]
    title = f"{topic}, {values['h']}:{values['m']} UTC (update {k + 1})"
    link = f"{base}/live/{k + 1}"
    content = "".join(f"<p>{escape(p)}</p>" for p in text)
    return NewsItem(title, link, guid=f"live-{k + 1}", description=text[0], content=content, published=at)


class DemoSite:
    """The running demo site: `async with DemoSite() as site:`; `site.feeds` maps name -> feed URL."""

    def __init__(self) -> None:
        self.server = NewsSite()
        self.feeds: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self._start = time.time()
        self._live_task: asyncio.Task[None] | None = None
        self.live_items = 0

    async def __aenter__(self) -> DemoSite:
        await self.server.__aenter__()
        base = self.server.base_url
        for key, name in (("ar", "sahel"), ("en", "courier")):
            info, articles = load_site(key)
            links = {a.title: f"{base}/{key}/{a.slug}.html" for a in articles}
            items = []
            for article in articles:
                published = datetime.fromtimestamp(self._start - article.minutes_ago * 60, UTC)
                url = links[article.title]
                self.server.set_page(
                    f"/{key}/{article.slug}.html",
                    page_html(info, article, base, links, published).encode(),
                    content_type="text/html; charset=utf-8",
                )
                image = f"{base}/img/{article.image}" if article.image else None
                if article.image:
                    self.server.set_page(
                        f"/img/{article.image}", _svg(article.image), content_type="image/svg+xml"
                    )
                items.append(
                    NewsItem(
                        article.title,
                        url,
                        guid=f"{key}-{article.slug}",
                        description=article.paragraphs[0],  # a teaser: the bot fetches the page
                        published=published,
                        image=image,
                    )
                )
            feed = rss(items[::-1], title=info.name, link=base, lang=info.lang)
            self.server.set_feed(f"/{key}/feed.xml", feed)
            self.feeds[name] = self.server.url(f"/{key}/feed.xml")
            self.titles[name] = info.name
        self.feeds["live"] = self.server.url("/live.xml")
        self.titles["live"] = "Harbour Live"
        self._publish_live()
        self._live_task = asyncio.create_task(self._live_loop())
        return self

    def _publish_live(self) -> None:
        base = self.server.base_url
        count = int((time.time() - self._start) // LIVE_EVERY) + 1
        items = [live_item(k, base, self._start) for k in range(max(0, count - LIVE_KEEP), count)]
        for item in items:
            page = f"<html><body><h1>{escape(item.title)}</h1>{item.content}</body></html>"
            self.server.set_page(item.link.removeprefix(base), page.encode())
        self.server.set_feed("/live.xml", rss(items[::-1], title="Harbour Live", link=base))
        self.live_items = count

    async def _live_loop(self) -> None:
        while True:
            await asyncio.sleep(LIVE_EVERY - (time.time() - self._start) % LIVE_EVERY + 0.05)
            self._publish_live()

    async def __aexit__(self, *exc: object) -> None:
        if self._live_task is not None:
            self._live_task.cancel()
            await asyncio.gather(self._live_task, return_exceptions=True)
        await self.server.__aexit__(*exc)
