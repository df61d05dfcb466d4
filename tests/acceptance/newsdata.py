"""Feeds and article pages written for the acceptance tests (English and Arabic, several shapes)."""

from __future__ import annotations

from typing import Any

from tests.acceptance.harness import NewsSite, atom, iso, rfc822, rss

EN_BODY = [
    "The city council voted on Tuesday to approve a new plan for the harbour district, "
    "ending months of debate.",
    "Supporters said the plan would bring 3.5 thousand jobs & new housing < within five years > they hope.",
    "Opponents warned that the cost could rise and asked for an independent review of the budget.",
    "The mayor said the first works would start in the spring, weather permitting.",
]


def en_items(n: int, *, start: int = 1, host: str = "http://news.example.org") -> list[dict[str, str]]:
    """n English items with full content (content:encoded), newest first as feeds list them."""
    items = []
    for i in range(start + n - 1, start - 1, -1):
        body = "".join(f"<p>{p} (story {i})</p>" for p in EN_BODY)
        items.append({
            "title": f"Harbour plan story {i} & more <update>",
            "link": f"{host}/en/story-{i}?utm_source=rss&utm_medium=feed",
            "guid": f"en-{i}",
            "date": rfc822(10 - i * 0.1),
            "description": f"Teaser of story {i}.",
            "content": body + '<script>alert("x")</script><p onclick="evil()">Closing line of story '
                       f'{i}.</p><a href="javascript:alert(1)">bad link</a>',
        })
    return items


AR_PARAS = [
    "قالت وزارة الصحة يوم الاثنين إن حملة التطعيم الجديدة ستبدأ في جميع المحافظات خلال الأسبوع المقبل.",
    "وأضافت الوزارة في بيان أن أكثر من مليون جرعة وصلت إلى المستودعات المركزية وستوزع على المراكز الصحية.",
    "وقال مسؤول في الوزارة إن الأولوية ستكون لكبار السن والعاملين في القطاع الصحي.",
    "ودعت الوزارة المواطنين إلى التسجيل عبر الموقع الإلكتروني لتجنب الازدحام في المراكز.",
    "وأشار البيان إلى أن الحملة ستستمر ثلاثة أشهر على الأقل.",
]

AR_BODIES = [
    AR_PARAS,
    [
        "ارتفعت أسعار النفط في الأسواق العالمية يوم الثلاثاء بعد أن قررت منظمة أوبك خفض الإنتاج.",
        "وقال محللون إن القرار سيؤثر على أسعار الوقود في الدول المستوردة خلال الأشهر المقبلة.",
        "وبلغ سعر خام برنت أعلى مستوى له منذ ستة أشهر في تعاملات المساء.",
        "وتوقعت مصارف استثمارية أن تستمر الأسعار في الارتفاع حتى نهاية العام.",
    ],
    [
        "افتتح مهرجان الكتاب الدولي أبوابه للزوار صباح اليوم بمشاركة مئات دور النشر.",
        "ويضم المهرجان هذا العام جناحا خاصا لكتب الأطفال وآخر للترجمة.",
        "وقال مدير المهرجان إن عدد الزوار المتوقع يتجاوز نصف مليون زائر.",
    ],
]

AR_TITLES = [
    "وزارة الصحة تطلق حملة تطعيم جديدة في جميع المحافظات",
    "ارتفاع أسعار النفط بعد قرار أوبك خفض الإنتاج",
    "مهرجان الكتاب الدولي يفتح أبوابه للزوار",
]


def ar_page(i: int) -> str:
    title = AR_TITLES[i % len(AR_TITLES)]
    paras = "".join(f"<p>{p}</p>" for p in AR_BODIES[i % len(AR_BODIES)])
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title} | أخبار اليوم</title>"
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="أخبار اليوم">'
        "</head><body><header><nav><a href='/'>الرئيسية</a> <a href='/sport'>رياضة</a></nav></header>"
        f"<main><article><h1>{title}</h1>{paras}</article></main>"
        "<footer>جميع الحقوق محفوظة © أخبار اليوم</footer></body></html>"
    )


def ar_entries(site: NewsSite, n: int) -> list[dict[str, str]]:
    """Arabic Atom entries that carry only a teaser; the full text is on the article page."""
    entries = []
    for i in range(n - 1, -1, -1):
        site.put(f"/ar/article-{i}.html", ar_page(i))
        entries.append({
            "title": AR_TITLES[i % len(AR_TITLES)],
            "link": site.url(f"/ar/article-{i}.html"),
            "date": iso(5 - i * 0.1),
            "summary": AR_BODIES[i % len(AR_BODIES)][0][:50] + "…",
        })
    return entries


CP1256_ITEMS = [
    {"title": "انتخابات بلدية في المدينة", "link": "http://cp.example.org/1", "guid": "cp-1",
     "date": rfc822(3),
     "description": "جرت الانتخابات البلدية في أجواء هادئة وشارك فيها عدد كبير من المواطنين."},
]


def standard_site(site: NewsSite) -> list[dict[str, Any]]:
    """English full-content RSS, Arabic teaser-only Atom, a windows-1256 RSS and two broken feeds."""
    site.put("/en.xml", rss("Harbour Times", en_items(3)))
    site.put("/ar.xml", atom("أخبار اليوم", ar_entries(site, 2)), "application/atom+xml; charset=utf-8")
    site.put("/cp.xml", rss("Windows feed", CP1256_ITEMS, encoding="windows-1256", lang="ar"),
             "application/rss+xml")
    site.put("/broken.xml", b"<rss><channel><item><title>oops</tit", "application/rss+xml")
    site.put("/err.xml", b"server error", "text/plain", status=500)
    return [
        {"url": site.url("/en.xml"), "every": 2, "channels": [-1001000000001, "@accchannel"],
         "name": "harbour"},
        {"url": site.url("/ar.xml"), "every": 2, "channels": [-1001000000001], "name": "akhbar"},
        {"url": site.url("/cp.xml"), "every": 2, "channels": [-1001000000001], "name": "cp"},
        {"url": site.url("/broken.xml"), "every": 2, "channels": [-1001000000001], "name": "broken"},
        {"url": site.url("/err.xml"), "every": 2, "channels": [-1001000000001], "name": "err"},
    ]
