"""Words that mark boilerplate: credits, agencies, read-more labels, promos, footers.

Matching is done on ``normalize()``d text, so Arabic spelling variants (hamza forms,
harakat, tatweel) and English case all match one entry.
"""

from __future__ import annotations

import re

from content.normalize import normalize

__all__ = [
    "AGENCIES",
    "BOILERPLATE_LINE",
    "BYLINE",
    "CALL_TO_ACTION",
    "CAPTION_PREFIX",
    "CREDIT_PREFIX",
    "FEED_FOOTER",
    "PROMO_UPPER",
    "PROMPT_LINE",
    "RELATED_LABELS",
    "SOURCE_PREFIX",
    "SOURCE_PREFIX_WORDS",
    "SOURCE_SUFFIX_WORDS",
    "WIDGET_LABELS",
]


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split("|") if w.strip())


# News agencies and photo agencies, as they appear alone on a credit or source line.
AGENCIES = _norm_set(
    "AP|AP Photo|The AP|Associated Press|The Associated Press|AFP|AFP Photo|Agence France-Presse|"
    "AFP via Getty Images|Reuters|Reuters Photo|Thomson Reuters|Bloomberg|Bloomberg News|"
    "Bloomberg via Getty Images|Getty|Getty Images|EPA|EPA-EFE|EFE|Shutterstock|Alamy|"
    "Anadolu|Anadolu Agency|Anadolu via Getty Images|Xinhua|TASS|RIA Novosti|Sputnik|PA|PA Media|"
    "PA Wire|DPA|ANSA|Kyodo|Yonhap|UPI|AAP|IRNA|WAM|SPA|KUNA|QNA|MENA|SANA|Petra|NurPhoto|"
    "SOPA Images|ZUMA|ZUMA Press|Sipa|Sipa USA|Abaca|Pool|Handout|File|File photo|Supplied|"
    "رويترز|وكالة رويترز|أ ف ب|أ.ف.ب|ا ف ب|فرانس برس|وكالة فرانس برس|الفرنسية|أ ب|أسوشيتد برس|"
    "الأسوشيتد برس|أسوشييتد برس|وكالة أسوشيتد برس|الأناضول|وكالة الأناضول|غيتي|غيتي إيميجز|جيتي|"
    "جيتي إيميجز|بلومبرغ|بلومبرج|بلومبرغ نيوز|بلومبرج نيوز|د ب أ|د.ب.أ|شينخوا|إفي|إي بي أيه|سبوتنيك|"
    "وام|واس|كونا|قنا|سانا|بترا|إرنا|وكالات|أرشيفية|صورة أرشيفية|أرشيف|مواقع التواصل|"
    "مواقع التواصل الاجتماعي|متداولة|الجزيرة|العربية"
)

# Words that open a credit line: "Photo: ...", "تصوير: ...".
CREDIT_PREFIX = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|pictures?|images?|credit|photo credit|image credit|"
    r"illustration|video|image source|تصوير|صورة|الصورة|مصدر الصورة|حقوق الصورة|الصور)"
    r"\s*(?:by\b|:|：|-|–|,|،)\s*",
    re.IGNORECASE,
)

# Words that open a caption line: "Image caption, ...", "التعليق على الصورة: ...".
CAPTION_PREFIX = re.compile(
    r"^(?:image caption|photo caption|caption|التعليق على الصورة|تعليق الصورة)\s*[,:،：]\s*",
    re.IGNORECASE,
)

# Labels that introduce the article's own read-more list (its items become `related`).
RELATED_LABELS = _norm_set(
    "Read more|Read also|Also read|Read next|More on this|More on this story|Related|"
    "Related articles|Related stories|Related news|Related content|Related coverage|See also|"
    "Further reading|More coverage|Recommended|Read the latest|"
    "قراءة المزيد|اقرأ المزيد|إقرأ المزيد|اقرأ أيضا|اقرأ أيضًا|اقرأ أيضاً|إقرأ أيضا|اقرأ كذلك|"
    "اقرأ ايضا|طالع أيضا|طالع أيضاً|طالع ايضا|شاهد أيضا|شاهد أيضاً|مواضيع ذات صلة|أخبار ذات صلة|"
    "مقالات ذات صلة|ذات صلة|للمزيد|لمزيد من الأخبار|اقرأ|إقرأ"
)

# Labels of site widgets (most read, trending): label and items are dropped, not kept.
WIDGET_LABELS = _norm_set(
    "Most read|Most popular|Most viewed|Trending|Trending now|Top stories|Latest news|"
    "Latest|More stories|More from|You may also like|You might also like|Recommended for you|"
    "Don't miss|Editor's picks|Popular|Related topics|Topics|Tags|More on this topic|"
    "مواضيع|وسوم|الأكثر قراءة|الأكثر مشاهدة|الأكثر تداولا|الأكثر شعبية|"
    "آخر الأخبار|أحدث الأخبار|الأخبار العاجلة|قد يعجبك أيضا|لا تفوت|مختارات المحرر"
)

# An upper-case promo that precedes a headline inline: "READ  Govt-19: ...", "WATCH: ...".
PROMO_UPPER = re.compile(
    r"^(?:READ(?: MORE| ALSO| NEXT)?|ALSO READ|RELATED|SEE ALSO|WATCH|LISTEN)"
    r"(?:\s*[:：|\-–—»›>]\s*|\s+)(?P<title>\S.{3,}[^.])$"
)

# Lines that are never article text, however they continue: footers, agency trailers,
# cookie banners, share-bar words standing alone.
BOILERPLATE_LINE = re.compile(
    r"^\(?\s*(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|"
    r"(?:reporting|additional reporting|writing|editing|compiled|produced) by\b|"
    r"we use cookies\b|accept (?:all )?cookies\b|"
    r"skip to (?:content|main)|back to top$|listen to this article\b|\d+\s*min(?:ute)?s? read$|"
    r"tags?\s*:|topics?\s*:|filed under\b|comments?\s*(?:\(\d+\))?$|leave a (?:comment|reply)\b|"
    r"share$|tweet$|print$|email$|e-mail$|whatsapp$|facebook$|twitter$|telegram$|linkedin$|"
    r"advertisement$|advert$|sponsored(?: content| post| story)?$|paid (?:content|post)$|"
    r"محتوى مدفوع$|محتوى برعاية|جميع الحقوق محفوظة|كل الحقوق محفوظة|حقوق النشر|الوسوم\s*:|"
    r"كلمات مفتاحية\s*:|وسوم\s*:|إعلان$|اعلان$|شارك$|تحرير\s*:|إعداد\s*:|اعداد\s*:)",
    re.IGNORECASE,
)

# Lines that are boilerplate only when they also address the reader (CALL_TO_ACTION):
# "Sign up for our newsletter" goes, "Sign-up rates fell last year" stays.
PROMPT_LINE = re.compile(
    r"^(?:subscribe\b|sign up\b|sign in\b|log in\b|follow us\b|follow @|share (?:this|on|via)\b|"
    r"click here\b|sponsored\b|download (?:our|the) app\b|get the (?:latest|app)\b|"
    r"(?:our |the )?newsletter\b|اشترك|للاشتراك|تابعونا|تابعنا|تابعوا|شارك(?:وا)? (?:المقال|الخبر|هذا|"
    r"عبر|على)|انقر هنا|اضغط هنا|حمل تطبيق|حمّل تطبيق|نشرتنا البريدية|النشرة البريدية)",
    re.IGNORECASE,
)
CALL_TO_ACTION = re.compile(
    r"\b(?:our|us|here|inbox|newsletters?|app|free|today|now|below|facebook|twitter|x|instagram|"
    r"telegram|whatsapp|linkedin|youtube|this (?:article|story|page))\b|@|هنا|نشرت|تطبيق|تابع|عبر|"
    r"على|الآن|فيسبوك|تويتر|إنستغرام|انستغرام|تلغرام|تيليغرام|يوتيوب|المقال|الخبر",
    re.IGNORECASE,
)

# The footer WordPress feeds append to every entry ("The post X appeared first on Y."),
# and trailers news agencies put under a story.
FEED_FOOTER = re.compile(
    r"^(?:the post .+ (?:appeared first|first appeared) on .+|this (?:article|story|post) "
    r"(?:was )?(?:originally|first) (?:appeared|published) (?:on|in) .+|"
    r"ظهرت المقالة .+ أول[اًا]* على .+|ظهر المقال .+ أول[اًا]* على .+|"
    r".{0,80}\bcontributed (?:reporting )?to this (?:report|story)\.?|"
    r"ساهم في إعداد .{0,80})$",
    re.IGNORECASE,
)

# A byline: "By Jane Doe", "بقلم ..." (checked further by the cleaner: short, names).
BYLINE = re.compile(
    r"^(?:(?P<en>by|written by|words by)\s+|(?:بقلم|كتب|كتبت|بواسطة|إعداد|اعداد)\s*:?\s+)(?P<who>\S.*)$",
    re.IGNORECASE,
)

# "Source: X" / "المصدر: X" as a closing line.
SOURCE_PREFIX = re.compile(r"^(?:source|sources|via|المصدر|المصادر|عن|نقلا عن|نقلاً عن)\s*[:：]\s*", re.I)

# Last words that make a short closing line a publication name ("Bloomberg News", "بلومبرج نيوز").
SOURCE_SUFFIX_WORDS = _norm_set(
    "news|press|agency|wire|times|post|tribune|herald|journal|gazette|telegraph|network|tv|"
    "radio|online|daily|weekly|courier|chronicle|observer|guardian|independent|standard|mirror|"
    "express|star|globe|bulletin|dispatch|ledger|monitor|examiner|inquirer|"
    "register|sentinel|echo|mail|magazine|digest|reporter|"
    "نيوز|برس|وكالة|تايمز|بوست|نت|اليوم|الإخبارية|الاخبارية|نيوز عربية"
)

# First words that make a short closing line a publication ("وكالة ...", "صحيفة ...").
SOURCE_PREFIX_WORDS = _norm_set("وكالة|صحيفة|جريدة|مجلة|موقع|قناة|إذاعة|تلفزيون|شبكة")
