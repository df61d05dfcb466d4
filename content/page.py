"""HTML pages: metadata and figures from the tree, main text from trafilatura (called once)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from content.blocks import Block
from content.clean import label_kind
from content.credits import split_caption_credit
from content.dates import parse_date_line, to_aware
from content.extracted import extracted_blocks
from content.fragment import CREDIT_CLASS, drop_hidden, fragment_blocks, image_src
from content.model import Image, Link
from content.text import strip_controls
from content.urls import absolute_url

__all__ = ["PageParts", "read_page"]

_META_TITLE = ("og:title", "twitter:title", "dc.title", "title")
_META_SITE = ("og:site_name", "application-name", "twitter:site", "publisher")
_META_DATE = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article:modified_time",
)
_META_IMAGE = ("og:image", "og:image:url", "twitter:image", "twitter:image:src")
_META_DESCRIPTION = ("og:description", "description", "twitter:description")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CAPTION_XPATH = "//*[contains(@class, 'caption')][not(.//img)][not(ancestor::figure)]"
_LABEL_TAGS = "p|h2|h3|h4|h5|h6|strong|b|span|div|header|section"


@dataclass(slots=True)
class PageParts:
    """What a page yields before cleaning."""

    blocks: list[Block]
    title: str = ""
    weak_title: bool = False  # only the <title> tag named it: often the site, or generic
    site: str = ""
    url: str | None = None
    published: datetime | None = None
    lang: str = ""
    description: str = ""
    images: list[Image] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)


def _meta(tree: etree._Element) -> dict[str, str]:
    """Every <meta> property/name/itemprop, lower-cased, first value wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        value = meta.get("content") or ""
        if key and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _json_ld(tree: etree._Element) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (NewsArticle, Article, ...)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[k] for k in keys if meta.get(k)), "")


def _date(value: str) -> datetime | None:
    """A metadata date: ISO 8601 (most sites), RFC 2822 (some), or a written date line."""
    value = value.strip()
    if not value:
        return None
    try:
        return to_aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return to_aware(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return parse_date_line(value)


def _ld_name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name", ""))
    if isinstance(value, list) and value:
        return _ld_name(value[0])
    return value if isinstance(value, str) else ""


def _ld_image(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("url", ""))
    if isinstance(value, list) and value:
        return _ld_image(value[0])
    return value if isinstance(value, str) else ""


def _figures(tree: etree._Element, base: str | None) -> list[Image]:
    """Every <figure> with an image: its source, caption and credit."""
    images: list[Image] = []
    for figure in tree.iter("figure"):
        img = next(iter(figure.iter("img")), None)
        if img is None:
            continue
        url = image_src(img, base)
        caption_el = next(iter(figure.iter("figcaption")), None)
        caption = credit = ""
        if caption_el is not None:
            caption = " ".join("".join(caption_el.itertext()).split())
            for node in caption_el.iter():
                if node is not caption_el and CREDIT_CLASS.search(str(node.get("class", ""))):
                    credit = " ".join("".join(node.itertext()).split())
                    caption = " ".join(caption.replace(credit, " ").split())
                    break
            if not credit:
                caption, credit = split_caption_credit(caption)
        if url or caption:
            images.append(Image(url, caption, credit))
    # Captions outside <figure>: WordPress's "wp-caption-text" and similar "caption" classes,
    # paired with the image in the same container.
    seen = {image.url for image in images}
    for element in tree.xpath(_CAPTION_XPATH):
        container = element.getparent()
        img = None
        for _ in range(2):
            if container is None:
                break
            img = next(iter(container.iter("img")), None)
            if img is not None:
                break
            container = container.getparent()
        url = image_src(img, base) if img is not None else None
        if url is None or url in seen:
            continue
        seen.add(url)
        caption, credit = split_caption_credit(" ".join("".join(element.itertext()).split()))
        if caption or credit:
            images.append(Image(url, caption, credit))
    return images


def _following_list(element: etree._Element) -> etree._Element | None:
    """The <ul>/<ol> right after a label element (after it or after one of its parents)."""
    node: etree._Element | None = element
    for _ in range(3):
        if node is None:
            return None
        sibling = node.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None:
            if sibling.tag in ("ul", "ol"):
                return sibling
            inner = sibling.find(".//ul")
            if inner is not None and len("".join(sibling.itertext())) < 2000:
                return inner
            return None
        node = node.getparent()
    return None


def _read_more_lists(tree: etree._Element, base: str | None) -> list[Link]:
    """Links of every list introduced by a read-more label ("Read more:", "اقرأ أيضا")."""
    links: list[Link] = []
    for element in tree.iter(*_LABEL_TAGS.split("|")):
        # The label is the element's own text ("<strong>Read more:</strong>"); reading only
        # that keeps this pass linear in the page size.
        text = (element.text or "").strip()
        if not text or len(text) > 60 or label_kind(text) != "related":
            continue
        found = _following_list(element)
        if found is None:
            continue
        for item in found.iter("li"):
            title = " ".join("".join(item.itertext()).split())
            anchor = next(iter(item.iter("a")), None)
            href = absolute_url(anchor.get("href"), base) if anchor is not None else None
            if title:
                links.append(Link(title, href))
    return links


def read_page(html: str, url: str | None) -> PageParts:
    """Read an HTML page: metadata, figures and read-more lists from the tree, then the main
    text from one ``trafilatura.bare_extraction`` call on the same tree (it is not parsed
    twice). Falls back to walking the whole page when trafilatura finds no main text."""
    # lxml refuses a str that still declares its encoding (XHTML pages): it is decoded already.
    html = strip_controls(_XML_DECLARATION.sub("", html, count=1))
    tree = lxml.html.document_fromstring(html)
    ld = _json_ld(tree)
    # Never text, whatever a heading or the extractor's fallbacks would make of them.
    drop_hidden(tree)
    meta = _meta(tree)
    canonical = next(
        (link.get("href") for link in tree.iter("link") if (link.get("rel") or "") == "canonical"),
        None,
    )
    base = absolute_url(canonical, url) or absolute_url(meta.get("og:url"), url) or url
    title = _first(meta, _META_TITLE) or str(ld.get("headline", ""))
    weak_title = False
    if not title:
        h1 = next(iter(tree.iter("h1")), None)
        title_el = next(iter(tree.iter("title")), None)
        chosen = h1 if h1 is not None else title_el
        title = " ".join("".join(chosen.itertext()).split()) if chosen is not None else ""
        weak_title = h1 is None
    site = _first(meta, _META_SITE) or _ld_name(ld.get("publisher"))
    if site.startswith("@"):
        site = site[1:]
    if not site and base:
        site = urlsplit(base).netloc.removeprefix("www.")
    published = _date(str(ld.get("datePublished", ""))) or _date(_first(meta, _META_DATE))
    if published is None:
        time_el = next(iter(tree.iter("time")), None)
        published = _date(time_el.get("datetime") or "") if time_el is not None else None
    lead_image = absolute_url(_first(meta, _META_IMAGE) or _ld_image(ld.get("image")), base)
    lang = (tree.get("lang") or meta.get("og:locale") or "")[:2].lower()
    images = _figures(tree, base)
    if lead_image and all(image.url != lead_image for image in images):
        images.insert(0, Image(lead_image))
    related = _read_more_lists(tree, base)

    try:
        # fast: no second opinion from readability/justext; our own cleaning follows anyway,
        # and it halves the cost on large pages.
        document = trafilatura.bare_extraction(
            tree,
            url=base,
            include_images=True,
            include_links=True,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            fast=True,
        )
    except Exception:  # hostile markup can trip the extractor; our walker below still reads it
        document = None
    body = getattr(document, "body", None)
    if body is not None and len(body):
        blocks = extracted_blocks(body, base)
    else:
        # trafilatura gave up (a very short page): walk the page body ourselves.
        page_body = lxml.html.document_fromstring(html).body
        blocks = fragment_blocks(lxml.html.tostring(page_body, encoding="unicode"), base)
    return PageParts(
        blocks=blocks,
        title=title,
        weak_title=weak_title,
        site=site,
        url=base,
        published=published,
        lang=lang,
        description=_first(meta, _META_DESCRIPTION),
        images=images,
        related=related,
    )


