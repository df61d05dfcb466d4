"""General cleaning rules: from a page's blocks to the article a reader should see.

The rules are about shapes, not one site's strings: a title printed twice, a caption printed
on both sides of its credit, a credit line naming an agency, a read-more label followed by a
list, an upper-case promo before a headline, a closing line naming a publication, footer and
share-bar lines. Everything else is article text and is kept, however short.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from content.blocks import Block
from content.credits import credit_of, dateline_source, source_of, split_caption_credit
from content.dates import parse_date_line
from content.lexicon import (
    BOILERPLATE_LINE,
    BYLINE,
    CALL_TO_ACTION,
    CAPTION_PREFIX,
    FEED_FOOTER,
    PROMO_UPPER,
    PROMPT_LINE,
    RELATED_LABELS,
    WIDGET_LABELS,
)
from content.model import Image, Link
from content.normalize import normalize
from content.text import clean_line, ends_sentence, word_count

__all__ = ["Cleaned", "clean_blocks", "label_kind"]

_LABEL_TAIL = re.compile(r"[\s:：.»›>\-–—|]+$")
_INLINE_LABEL = re.compile(r"^(?P<label>[^:：]{2,40}?)\s*[:：]\s*(?P<title>\S.*)$")
_TRAILING_PROMO = re.compile(
    r"(?<=[.!?؟])\s+(?:Read more|Read also|Also read|See also|Related|اقرأ أيضا|اقرأ أيضاً|"
    r"اقرأ أيضًا|إقرأ أيضا|اقرأ ايضا|اقرأ المزيد|قراءة المزيد)\s*[:：]\s*(?P<title>[^.!?؟]{5,150})$",
    re.IGNORECASE,
)
_MULTIWORD_RELATED = frozenset(label for label in RELATED_LABELS if " " in label)
_JOINERS = frozenset({"and", "&", "in", "of", "the", "with", "staff", "for"})
_HAS_WORD = re.compile(r"[^\W_]")
_SITE_SUFFIX = re.compile(r"\s+[|–—\-:·•]\s+[^|–—\-:·•]{2,60}$")


@dataclass(slots=True)
class Cleaned:
    """What cleaning found: the article's parts, each in its own place."""

    title: str = ""
    site: str = ""
    source: str = ""
    published: datetime | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)


def _key(text: str) -> str:
    """Comparison key: normalised, without trailing punctuation."""
    return normalize(text).rstrip(" .:!؟?")


def label_kind(text: str) -> str | None:
    """"related" or "widget" when ``text`` is a bare list label like "Read more:"."""
    if len(text) > 60 or word_count(text) > 6:
        return None
    key = normalize(_LABEL_TAIL.sub("", text))
    if key in RELATED_LABELS:
        return "related"
    if key in WIDGET_LABELS:
        return "widget"
    return None


def _is_headline(text: str) -> bool:
    words = word_count(text)
    return 2 <= words <= 30 and len(text) <= 250 and not text.rstrip().endswith((".", "…", "۔"))


def _is_site_name(text: str) -> bool:
    return word_count(text) <= 3 and len(text) <= 40 and not ends_sentence(text)


def _is_byline(text: str) -> bool:
    """"By Jane Doe and Ali Saleh", "بقلم ليلى الخطيب": short, no full stop, names after "By"."""
    match = BYLINE.match(text)
    if match is None or ends_sentence(text) or word_count(text) > 9:
        return False
    if match["en"] is None:
        return word_count(match["who"]) <= 5
    names = [w for w in match["who"].replace(",", " ").split() if w.lower() not in _JOINERS]
    return bool(names) and sum(w[:1].isupper() for w in names) * 2 > len(names)


def _is_boilerplate(text: str) -> bool:
    if not _HAS_WORD.search(text):
        return True  # rules and separators: "___", "* * *", "—"
    if BOILERPLATE_LINE.match(text):
        return word_count(text) <= 40
    if PROMPT_LINE.match(text) and CALL_TO_ACTION.search(text):
        return word_count(text) <= 20
    if FEED_FOOTER.match(text):
        return True
    return _is_byline(text)


def _close_variant(heading: Block, title: Block) -> bool:
    """A heading that shares most of its words with the title (Jaccard >= 0.6)."""
    if not title.text:
        return False
    a, b = set(heading.key().split()), set(title.key().split())
    return bool(a and b) and len(a & b) / len(a | b) >= 0.6


def _find_title(blocks: list[Block]) -> tuple[str, str, int]:
    """For input without metadata (a text dump): return (title, site, index of the title block).

    A line printed twice near the top is the title and everything before it is the site's
    header (name, tagline); otherwise a short name line then a headline, else the first line.
    """
    head = blocks[:10]
    for i, block in enumerate(head[:6]):
        if block.kind == "img" or not _is_headline(block.text):
            continue
        for j in range(i + 1, min(i + 4, len(head))):
            between = head[i + 1 : j]
            if head[j].same_text(block) and not any(credit_of(b.text) for b in between):
                site = blocks[0].text if i > 0 and _is_site_name(blocks[0].text) else ""
                return block.text, site, i
    texts = [b for b in head if b.kind != "img"]
    if not texts:
        return "", "", -1
    first = texts[0]
    start = blocks.index(first)
    if _is_site_name(first.text) and len(texts) > 1:
        # After the site's name: its tagline, then the headline; the headline is the longer.
        candidates = []
        for block in texts[1:3]:
            if ends_sentence(block.text):
                break  # body text already: the first line was the headline itself
            if _is_headline(block.text) and word_count(block.text) >= 3:
                candidates.append(block)
        if candidates:
            chosen = max(candidates, key=lambda b: word_count(b.text))
            return chosen.text, first.text, blocks.index(chosen)
    if _is_headline(first.text) or (_is_site_name(first.text) and len(texts) > 1):
        return first.text, "", start  # a one-word headline is still a headline
    return "", "", -1


def _strip_site_suffix(title: str, site: str) -> str:
    """"Storm hits coast | Daily Planet" -> "Storm hits coast" when the suffix is the site."""
    match = _SITE_SUFFIX.search(title)
    if match and site and _key(match.group().lstrip(" |–—-:·•")) == _key(site):
        return title[: match.start()].strip()
    return title


def _label_then_headline(text: str) -> str:
    """The headline of a promo written as a two-word label, spaces, headline, no colon
    ("اقرأ أيضًا  طلاب الجامعة يصممون قاربًا", "Read more  Ferries resume"), else ""."""
    if len(text) > 300 or (ends_sentence(text) and not text.endswith(("?", "؟", "!"))):
        return ""
    words = text.split()
    for size in (3, 2):
        if len(words) - size < 2 or len(words) - size > 30:
            continue
        if normalize(" ".join(words[:size])) in _MULTIWORD_RELATED:
            return text.split(maxsplit=size)[size].strip()
    return ""


def _take_related(blocks: list[Block], related: list[Link]) -> list[Block]:
    """Move read-more lists and inline promos into ``related``; drop widget lists."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "img":
            out.append(block)
            i += 1
            continue
        kind = label_kind(block.text)
        if kind is not None:
            i += 1
            while i < len(blocks) and blocks[i].kind in ("li", "link"):
                if kind == "related":
                    related.append(Link(blocks[i].text, blocks[i].url))
                i += 1
            continue
        promo = PROMO_UPPER.match(block.text)
        if promo and word_count(block.text) <= 40:
            related.append(Link(promo["title"].strip(), block.url))
            i += 1
            continue
        trailing = _TRAILING_PROMO.search(block.text)
        if trailing is not None:
            # "... the minister said. Read more: Other story" -> the text, and a related link.
            related.append(Link(trailing["title"].strip(), block.url))
            block.text = block.text[: trailing.start()].rstrip()
            block.norm = None
        inline = _INLINE_LABEL.match(block.text)
        if (
            inline
            and label_kind(inline["label"]) == "related"
            and 2 <= word_count(inline["title"]) <= 30
        ):
            related.append(Link(inline["title"].strip(), block.url))
            i += 1
            continue
        promo_title = _label_then_headline(block.text)
        if promo_title:
            related.append(Link(promo_title, block.url))
            i += 1
            continue
        out.append(block)
        i += 1
    return out


def _take_captions(blocks: list[Block]) -> list[Block]:
    """Fold captions printed around a credit ("X, credit, X", "X, X, credit") into images."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        window = blocks[i : i + 3]
        if len(window) == 3 and all(block.kind != "img" for block in window):
            first, second, third = window
            a, b, c = first.text, second.text, third.text
            # credit_of first: it is cheap, and almost always None.
            if (credit := credit_of(b)) and first.same_text(third) and credit_of(a) is None:
                out.append(Block("", "img", caption=a, credit=credit))
                i += 3
                continue
            if (credit := credit_of(c)) and first.same_text(second) and credit_of(a) is None:
                out.append(Block("", "img", caption=a, credit=credit))
                i += 3
                continue
            if (credit := credit_of(a)) and second.same_text(third) and credit_of(b) is None:
                out.append(Block("", "img", caption=b, credit=credit))
                i += 3
                continue
        out.append(blocks[i])
        i += 1
    return out


def _attach_to_images(blocks: list[Block], known: Sequence[Image]) -> list[Block]:
    """Drop text that repeats a known caption or credit; lone credit lines become images.

    A credit or a labelled caption ("Image caption, ...") directly after an image marker
    completes that image; an unlabelled caption line is taken only when it matches what the
    page's figure said.
    """
    captions = {}
    longest = 0
    for image in known:
        for text in (image.caption, image.credit, f"{image.caption} {image.credit}"):
            if text.strip():
                captions[_key(text)] = image
                longest = max(longest, len(text))
    placed = {block.url for block in blocks if block.kind == "img" and block.url}
    out: list[Block] = []
    for block in blocks:
        if block.kind == "img":
            out.append(block)
            continue
        if len(block.text) <= longest + 10 and block.key() in captions:
            image = captions[block.key()]
            if image.url and image.url not in placed:
                # The figure's own text shows where the figure stood.
                placed.add(image.url)
                out.append(Block("", "img", url=image.url))
            continue
        previous = out[-1] if out else None
        labelled = CAPTION_PREFIX.match(block.text)
        if labelled is not None:
            caption, caption_credit = split_caption_credit(block.text[labelled.end() :])
            if previous is not None and previous.kind == "img" and not previous.caption:
                previous.caption = caption
                previous.credit = previous.credit or caption_credit
            else:
                out.append(Block("", "img", caption=caption, credit=caption_credit))
            continue
        credit = credit_of(block.text)
        if credit is not None:
            if previous is not None and previous.kind == "img" and not previous.credit:
                previous.credit = credit
            else:
                out.append(Block("", "img", credit=credit))
            continue
        out.append(block)
    return out


def _take_source(blocks: list[Block]) -> tuple[list[Block], str]:
    """Take the closing attribution line(s) off the end; return the publication credited."""
    source = ""
    end = len(blocks)
    while end > 0:
        block = blocks[end - 1]
        if block.kind == "img":
            break
        found = source_of(block.text)
        if found is None:
            break
        source = source or found
        end -= 1
    return blocks[:end], source


def clean_blocks(
    blocks: Sequence[Block],
    *,
    title: str | None = None,
    site: str = "",
    images: Sequence[Image] = (),
    related: Sequence[Link] = (),
) -> Cleaned:
    """Clean a page's blocks into an article. Steps, in order:

    1. tidy each block's text; drop empty ones;
    2. find the title (a dump has no metadata: see ``_find_title``), drop the header before it
       and every repeat of it;
    3. drop bylines, date lines (keeping the date), footer/share/subscribe lines;
    4. move read-more lists and promos into ``related``;
    5. fold captions printed around their credit into images, and credit lines into images;
    6. take the closing source line ("Reuters", "بلومبرج نيوز") into ``source``;
    7. what is left is the article text, in order, with each image's position.
    """
    result = Cleaned(site=site, related=list(related))
    tidy: list[Block] = []
    for block in blocks:
        block.text = clean_line(block.text)
        block.caption = clean_line(block.caption)
        block.credit = clean_line(block.credit)
        if block.text or block.kind == "img":
            block.norm = None
            tidy.append(block)

    if title is None:
        found_title, found_site, index = _find_title(tidy)
        result.title = found_title
        result.site = result.site or found_site
        if index >= 0:
            for block in tidy[:index]:
                result.published = result.published or parse_date_line(block.text)
            tidy = tidy[index + 1 :]
    else:
        result.title = _strip_site_suffix(clean_line(title), site)
    title_block = Block(result.title)
    site_block = Block(result.site)

    body: list[Block] = []
    for position, block in enumerate(tidy):
        if block.kind != "img" and (
            block.same_text(title_block) or (position < 3 and block.same_text(site_block))
        ):
            continue
        if position < 3 and block.kind == "h" and _close_variant(block, title_block):
            continue  # the page's own headline, worded a little differently from its metadata
        if block.kind != "img" and len(block.text) <= 150 and word_count(block.text) <= 12:
            when = parse_date_line(block.text)
            if when is not None:
                result.published = result.published or when
                continue
        if block.kind != "img" and _is_boilerplate(block.text):
            continue
        body.append(block)

    body = _take_related(body, result.related)
    body = _take_captions(body)
    body, result.source = _take_source(body)
    body = _attach_to_images(body, images)
    known = {image.url: image for image in images if image.url}
    placed: set[str] = set()
    last: Block | None = None

    for block in body:
        if block.kind == "img":
            image = known.get(block.url or "")
            caption = block.caption or (image.caption if image else "")
            credit = block.credit or (image.credit if image else "")
            if block.url:
                placed.add(block.url)
            if block.url or caption or credit:
                result.images.append(
                    Image(block.url, caption, credit, position=len(result.paragraphs))
                )
            continue
        text = f"• {block.text}" if block.kind == "li" else block.text
        if last is not None and block.same_text(last):
            continue  # the same paragraph printed twice in a row
        last = block
        result.paragraphs.append(text)
    # Figures the page had but the extractor did not place, and a lead image, go first:
    # the channel post shows the first image.
    unplaced = [
        image
        for image in images
        if not (image.url and image.url in placed) and (image.url or image.caption or image.credit)
    ]
    result.images = unplaced + result.images
    if not result.source and result.paragraphs:
        result.source = dateline_source(result.paragraphs[0]) or ""
    result.related = _dedupe_links(result.related)
    return result


def _dedupe_links(links: Sequence[Link]) -> list[Link]:
    """Links without repeats: the same title, or the same article URL (a site's home page
    is no article: different titles that all point there stay)."""
    seen: set[str] = set()
    out: list[Link] = []
    for link in links:
        title = clean_line(link.title)
        if not title:
            continue
        keys = {_key(title)}
        if link.url and len(urlsplit(link.url).path.strip("/")) > 0:
            keys.add(link.url)
        if keys & seen:
            continue
        seen |= keys
        out.append(Link(title, link.url))
    return out
