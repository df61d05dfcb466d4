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
    "CREDIT_PREFIX",
    "FEED_FOOTER",
    "PROMO_UPPER",
    "RELATED_LABELS",
    "SOURCE_PREFIX",
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
    r"illustration|video|تصوير|صورة|الصورة|مصدر الصورة|حقوق الصورة|الصور)\s*(?:by\b|:|：|-|–)\s*",
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
    "Don't miss|Editor's picks|Popular|الأكثر قراءة|الأكثر مشاهدة|الأكثر تداولا|الأكثر شعبية|"
    "آخر الأخبار|أحدث الأخبار|الأخبار العاجلة|قد يعجبك أيضا|لا تفوت|مختارات المحرر"
)

# An upper-case promo that precedes a headline inline: "READ  Govt-19: ...", "WATCH: ...".
PROMO_UPPER = re.compile(
    r"^(?:READ(?: MORE| ALSO| NEXT)?|ALSO READ|RELATED|SEE ALSO|WATCH|LISTEN|MORE)"
    r"(?:\s*[:：|\-–—»›>]\s*|\s+)(?P<title>\S.{3,})$"
)

# Lines that are never article text: footers, share bars, subscriptions, cookie banners.
BOILERPLATE_LINE = re.compile(
    r"^\(?\s*(?:©|\(c\)|copyright\b|all rights reserved|subscribe\b|sign up\b|sign in\b|log in\b|"
    r"follow us\b|follow @|share (?:this|on|via)\b|share$|tweet$|print$|email$|e-mail$|"
    r"whatsapp$|facebook$|twitter$|telegram$|linkedin$|click here\b|advertisement$|advert$|"
    r"sponsored\b|tags?\s*:|topics?\s*:|filed under\b|comments?\s*(?:\(\d+\))?$|"
    r"leave a (?:comment|reply)\b|download (?:our|the) app\b|get the (?:latest|app)\b|"
    r"our newsletter\b|newsletter\b|(?:\(\s*)?(?:reporting|additional reporting|writing|"
    r"editing|compiled) by\b|we use cookies\b|accept (?:all )?cookies\b|skip to\b|back to top$|"
    r"listen to this article\b|\d+\s*min(?:ute)?s? read$|jump to\b|"
    r"جميع الحقوق محفوظة|حقوق النشر|كل الحقوق محفوظة|اشترك\b|اشتركوا\b|للاشتراك\b|تابعونا\b|"
    r"تابعنا\b|تابعوا\b|شارك(?:وا)?(?: المقال| الخبر| هذا| عبر| على)|شارك$|انقر هنا\b|اضغط هنا\b|"
    r"إعلان$|اعلان$|الوسوم\s*:|كلمات مفتاحية\s*:|وسوم\s*:|حمل تطبيق\b|حمّل تطبيق\b|"
    r"نشرتنا البريدية\b|النشرة البريدية\b|تحرير\s*:|اعداد\s*:|إعداد\s*:)",
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

# A byline: "By Jane Doe", "بقلم ...", short and without a full stop.
BYLINE = re.compile(r"^(?:by|written by|words by|بقلم|كتب|كتبت|بواسطة|إعداد|اعداد)\s+\S", re.I)

# "Source: X" / "المصدر: X" as a closing line.
SOURCE_PREFIX = re.compile(r"^(?:source|sources|via|المصدر|المصادر|عن|نقلا عن|نقلاً عن)\s*[:：]\s*", re.I)

# Last words that make a short closing line a publication name ("Bloomberg News", "بلومبرج نيوز").
SOURCE_SUFFIX_WORDS = _norm_set(
    "news|press|agency|wire|times|post|tribune|herald|journal|gazette|telegraph|network|tv|"
    "radio|online|daily|weekly|نيوز|برس|وكالة|تايمز|بوست|نت|اليوم|الإخبارية|الاخبارية|نيوز عربية"
)
