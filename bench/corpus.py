"""Deterministic synthetic news: Arabic and English sentences, articles and whole HTML pages.

Words are drawn from small real vocabularies with a Zipf-like skew (a few words common, most
rare), so full-text indexes and summaries see text shaped like news, not random letters.
Everything depends only on the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

__all__ = ["Doc", "TextGen", "html_page"]

_EN = """the of and to in a is that for on was with as by at from it be has have are said
government minister president police city people year week percent market oil prices talks
ceasefire election parliament court report officials state security forces army border water
economy bank inflation growth trade exports companies workers strike protest hospital health
vaccine outbreak school students university climate heat flood drought storm energy power
electricity gas pipeline ukraine russia europe china india egypt jordan lebanon syria iraq
gaza israel iran saudi qatar emirates morocco algeria tunisia libya sudan yemen turkey africa
america washington london paris cairo beirut baghdad riyadh doha dubai amman rabat
council agreement deal sanctions aid refugees camp rescue earthquake victims dead injured
football match league cup final coach player goal season club fans stadium record
technology phone internet data artificial intelligence startup investment fund billion million
announced confirmed warned expected reported denied agreed rejected launched opened closed
new first last major national international regional local public private former senior
on tuesday wednesday thursday friday saturday sunday monday morning evening night today
after before during while since under over between against without about into through""".split()

_AR = """في من على إلى أن التي الذي عن مع هذا هذه كان قال وقال الحكومة الوزير الرئيس الشرطة
المدينة الناس العام الأسبوع بالمئة السوق النفط الأسعار المحادثات وقف إطلاق النار الانتخابات
البرلمان المحكمة تقرير المسؤولين الدولة الأمن القوات الجيش الحدود المياه الاقتصاد البنك
التضخم النمو التجارة الصادرات الشركات العمال الإضراب احتجاج المستشفى الصحة اللقاح المدارس
الطلاب الجامعة المناخ الحرارة الفيضانات الجفاف العاصفة الطاقة الكهرباء الغاز خط الأنابيب
أوكرانيا روسيا أوروبا الصين الهند مصر الأردن لبنان سوريا العراق غزة إيران السعودية قطر
الإمارات المغرب الجزائر تونس ليبيا السودان اليمن تركيا أفريقيا أمريكا واشنطن لندن باريس
القاهرة بيروت بغداد الرياض الدوحة دبي عمان الرباط المجلس الاتفاق الصفقة العقوبات المساعدات
اللاجئين المخيم الإنقاذ الزلزال الضحايا القتلى الجرحى كرة القدم المباراة الدوري الكأس النهائي
المدرب اللاعب الهدف الموسم النادي الجماهير الملعب الرقم القياسي التكنولوجيا الهاتف الإنترنت
البيانات الذكاء الاصطناعي الاستثمار الصندوق مليار مليون أعلن أكد حذر توقع نفى وافق رفض أطلق
افتتح أغلق جديد الأول الأخير الوطني الدولي الإقليمي المحلي العامة الخاصة السابق يوم الثلاثاء
الأربعاء الخميس الجمعة السبت الأحد الاثنين صباح مساء الليلة اليوم بعد قبل خلال بينما منذ تحت
فوق بين ضد بدون حول عبر وأضاف وأوضح مشيرا إلى أن""".split()

# Words a reader would search for, present in the vocabularies above.
QUERIES = {
    "en": ("oil prices", "ceasefire talks", "football"),
    "ar": ("النفط", "وقف إطلاق النار", "الكهرباء"),
}


def _weights(n: int) -> list[float]:
    return [1.0 / (i + 1) ** 0.9 for i in range(n)]


@dataclass(frozen=True)
class Doc:
    """A generated article before any parsing: what a page or a feed entry would say."""

    lang: str
    title: str
    paragraphs: tuple[str, ...]
    url: str
    guid: str


class TextGen:
    """Sentences, paragraphs and articles in Arabic or English from one seed."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self._vocab = {"en": _EN, "ar": _AR}
        self._w = {"en": _weights(len(_EN)), "ar": _weights(len(_AR))}

    def words(self, lang: str, n: int) -> list[str]:
        # shuffle the rank order per language once so the Zipf head is not just the first line
        return self.rng.choices(self._vocab[lang], weights=self._w[lang], k=n)

    def sentence(self, lang: str) -> str:
        words = self.words(lang, self.rng.randint(8, 22))
        if lang == "en":
            words[0] = words[0].capitalize()
        number = self.rng.randint(2, 950)
        words.insert(self.rng.randint(1, len(words) - 1), str(number))
        end = "." if self.rng.random() < 0.9 else ("?" if lang == "en" else "؟")
        sep = ", " if lang == "en" else "، "
        cut = self.rng.randint(3, len(words) - 2)
        return " ".join(words[:cut]) + sep + " ".join(words[cut:]) + end

    def paragraph(self, lang: str, sentences: int | None = None) -> str:
        n = sentences or self.rng.randint(2, 5)
        return " ".join(self.sentence(lang) for _ in range(n))

    def title(self, lang: str) -> str:
        words = self.words(lang, self.rng.randint(6, 12))
        return " ".join(words).capitalize() if lang == "en" else " ".join(words)

    def doc(self, lang: str, i: int, paragraphs: int | None = None) -> Doc:
        n = paragraphs or self.rng.randint(3, 7)
        host = "news.example.com" if lang == "en" else "akhbar.example.net"
        return Doc(
            lang=lang,
            title=self.title(lang),
            paragraphs=tuple(self.paragraph(lang) for _ in range(n)),
            url=f"https://{host}/{2026 - i % 3}/story-{i}.html",
            guid=f"{host}/{i}",
        )


def html_page(gen: TextGen, lang: str, i: int, target_bytes: int) -> tuple[str, Doc]:
    """A news page of about `target_bytes` (UTF-8): site header, navigation, the article with a
    figure and a read-more list, comments and footer, as sites wrap their stories."""
    rtl = lang == "ar"
    site = "Akhbar Today" if rtl else "Daily Example"
    nav = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "تكنولوجيا"] if rtl else [
        "Home", "World", "Business", "Sport", "Technology"]
    title = gen.title(lang)
    url = f"https://{'akhbar.example.net' if rtl else 'news.example.com'}/2026/story-{i}.html"
    head = f"""<!DOCTYPE html><html lang="{lang}" dir="{'rtl' if rtl else 'ltr'}"><head>
<meta charset="utf-8"><title>{escape(title)} | {site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="2026-11-{1 + i % 28:02d}T{i % 24:02d}:15:00Z">
<link rel="canonical" href="{url}"><script>window.dataLayer=[];function gtag(){{}}</script>
<style>body{{font-family:sans-serif}} .ad{{display:none}}</style></head><body>
<header><div class="logo">{site}</div><nav><ul>{"".join(f'<li><a href="/{k}">{k}</a></li>' for k in nav)}</ul>
</nav></header><main><article>"""
    foot = f"""</article><aside class="comments"><h3>Comments</h3><p>Log in to comment.</p></aside></main>
<footer><p>© 2026 {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>console.log("analytics")</script></body></html>"""
    paragraphs: list[str] = []
    body: list[str] = []
    size = len(head.encode()) + len(foot.encode()) + 600
    # write paragraphs until the page reaches its size; at least three
    while size < target_bytes or len(paragraphs) < 3:
        p = gen.paragraph(lang)
        paragraphs.append(p)
        body.append(f"<p>{escape(p)}</p>")
        size += len(p.encode()) + 7
        if len(paragraphs) == 2:
            caption = gen.sentence(lang)
            credit = "رويترز" if rtl else "Reuters"
            fig = (
                f'<figure><img src="https://img.example.com/{i}.jpg" alt="">'
                f"<figcaption>{escape(caption)} ({credit})</figcaption></figure>"
            )
            body.append(fig)
            size += len(fig.encode())
    more = "اقرأ أيضا:" if rtl else "Read more:"
    related = "".join(
        f'<li><a href="/story-{i + k}.html">{escape(gen.title(lang))}</a></li>' for k in (1, 2, 3)
    )
    doc = Doc(lang, title, tuple(paragraphs), url, url)
    page = (
        head
        + f"<h1>{escape(title)}</h1><time>2026-11-{1 + i % 28:02d}</time>"
        + "".join(body)
        + f"<p><strong>{more}</strong></p><ul>{related}</ul>"
        + foot
    )
    return page, doc
