"""Reader-facing messages in English and Arabic.

Templates are Telegram HTML: a literal <, > or & is written &lt; &gt; &amp;. Values are inserted
with str.format and must be escaped by the caller. Arabic lines start with an Arabic word so that
Telegram lays them out right to left, and use Arabic punctuation (، ؟ « »).
"""

EN: dict[str, str] = {
    # general
    "welcome": (
        "<b>Welcome to newsbot!</b>\n"
        "I bring you the news from the sources I follow: the newest articles, their full text, "
        "short summaries, related stories and search.\n\n"
        "Try /latest for the newest articles, /search followed by a few words, "
        "or /subscribe to get new articles here. /help lists every command."
    ),
    "help": (
        "<b>Commands</b>\n"
        "/latest [n] [source] – the n newest articles (5 by default, 20 at most)\n"
        "/read &lt;id&gt; – an article's full text (or tap /read_12)\n"
        "/summary &lt;id&gt; – a short summary\n"
        "/related &lt;id&gt; – related links and similar articles\n"
        "/search &lt;words&gt; – search every stored article\n"
        "/subscribe [source] [+word] [-word] – get new articles here, all sources or one, "
        "only with or without some words\n"
        "/unsubscribe [source] – stop one subscription, or all\n"
        "/subscriptions – what this chat is subscribed to\n"
        "/sources – the sources and their short names\n"
        "/lang ar|en – answer in Arabic or English\n"
        "/help – this list\n"
        "/start – the welcome"
    ),
    "error": "Sorry, something went wrong. Please try again.",
    "unknown_command": "I don't know that command. /help lists the ones I do.",
    "plain_text": "To search the news, send /search followed by a few words. /help lists every command.",
    "button_stale": "This button no longer works. Send the command again.",
    "button_full": "📄 Full text",
    "button_summary": "📝 Summary",
    "button_related": "🔗 Related",
    "admins_only": "Only the group's admins can change its settings.",
    "list_sep": ", ",
    # reading
    "read_usage": "Send /read followed by an article number, for example /read 12. "
    "/latest shows recent ones.",
    "page_position": "page {page}/{pages}",
    "summary_usage": "Send /summary followed by an article number, for example /summary 12.",
    "related_usage": "Send /related followed by an article number, for example /related 12.",
    "bad_id": "That is not an article number. Article numbers are whole numbers like 12; /latest shows them.",
    "not_found": "There is no article number {id}. /latest shows the recent ones.",
    "related_none": "I have no related articles for number {id} yet.",
    "no_text": "Article number {id} has no text I can show.",
    # latest and sources
    "article_line": "{n}. <b>{title}</b>\n{meta}",
    "latest_usage": "Send /latest, or /latest with a number up to {max} and a source's short name, "
    "for example /latest 10 world.",
    "latest_bad_count": "Please give a number from 1 to {max}, for example /latest 10.",
    "unknown_source": "There is no source called “{name}”. /sources lists them.",
    "latest_empty": "No articles yet. Please check back soon.",
    "latest_header": "<b>Latest articles</b>",
    "latest_header_source": "<b>Latest from {source}</b>",
    "sources_empty": "I follow no sources yet.",
    "sources_header": "<b>Sources</b> (use the short name with /latest or /subscribe)",
    "source_line": "<b>{title}</b> – <code>{name}</code> · articles: {count}",
    "source_line_paused": "<b>{title}</b> – <code>{name}</code> · articles: {count} · paused",
    # search
    "search_usage": "Send /search followed by a few words, for example /search climate summit.",
    "search_no_words": "Please search with words: symbols alone find nothing.",
    "search_header": "<b>Results for “{query}”</b>: {total}",
    "search_cut": "<i>That was a long query: I searched for its first {n} words.</i>",
    "search_none": "Nothing found for “{query}”. Try fewer or other words.",
    "search_expired": "This search has expired. Please send /search again.",
    # subscriptions
    "all_sources": "all sources",
    "subscribed": "Subscribed to {source}: new articles will arrive here.",
    "subscription_updated": "Your subscription to {source} is updated.",
    "subscribe_usage": "Send /subscribe, or /subscribe with one source's short name and +word or "
    "-word filters, for example /subscribe world -sport +ukraine.",
    "filter_bad": "“{word}” is not a filter: write +word for words that must appear, -word for words "
    "that must not.",
    "filter_too_many": "Please use at most {n} filter words.",
    "filter_with": "only with: {words}",
    "filter_without": "without: {words}",
    "unsubscribe_usage": "Send /unsubscribe to stop every subscription, or /unsubscribe with one "
    "source's short name.",
    "unsubscribed": "Unsubscribed from {source}.",
    "not_subscribed": "This chat is not subscribed to {source}.",
    "subscriptions_none": "This chat has no subscriptions. /subscribe starts one.",
    "subscriptions_header": "<b>Subscriptions of this chat</b>",
    # language
    "lang_usage": "Send /lang ar for Arabic or /lang en for English.",
    "lang_set": "I will answer in English here.",
    # the command menu (setMyCommands: plain text)
    "cmd_latest": "The newest articles",
    "cmd_read": "An article's full text",
    "cmd_summary": "An article's summary",
    "cmd_related": "Related links and similar articles",
    "cmd_search": "Search the articles",
    "cmd_subscribe": "Get new articles here",
    "cmd_unsubscribe": "Stop a subscription",
    "cmd_subscriptions": "This chat's subscriptions",
    "cmd_sources": "The sources",
    "cmd_lang": "Arabic or English",
    "cmd_help": "Every command",
    "cmd_start": "Welcome",
}

AR: dict[str, str] = {
    # general
    "welcome": (
        "<b>أهلًا بك في newsbot!</b>\n"
        "أنقل إليك أخبار المصادر التي أتابعها: أحدث المقالات، ونصوصها الكاملة، "
        "وملخصات قصيرة، وأخبارًا ذات صلة، وبحثًا فيها.\n\n"
        "جرّب /latest لأحدث المقالات، أو /search متبوعًا ببضع كلمات، "
        "أو /subscribe لتصلك المقالات الجديدة هنا. وتجد كل الأوامر في /help."
    ),
    "help": (
        "<b>الأوامر</b>\n"
        "أحدث المقالات (5 افتراضيًا و20 على الأكثر): /latest [عدد] [مصدر]\n"
        "النص الكامل لمقالة (أو اضغط /read_12): /read &lt;رقم&gt;\n"
        "ملخص قصير: /summary &lt;رقم&gt;\n"
        "روابط ذات صلة ومقالات مشابهة: /related &lt;رقم&gt;\n"
        "البحث في كل المقالات المحفوظة: /search &lt;كلمات&gt;\n"
        "استقبال المقالات الجديدة هنا، من كل المصادر أو من مصدر واحد، "
        "مع كلمات لا بد منها أو كلمات مستبعدة: /subscribe [مصدر] [+كلمة] [-كلمة]\n"
        "إيقاف اشتراك واحد أو كل الاشتراكات: /unsubscribe [مصدر]\n"
        "اشتراكات هذه المحادثة: /subscriptions\n"
        "المصادر وأسماؤها المختصرة: /sources\n"
        "الرد بالعربية أو بالإنجليزية: /lang ar|en\n"
        "هذه القائمة: /help\n"
        "الترحيب: /start"
    ),
    "error": "عذرًا، حدث خطأ. حاول مرة أخرى من فضلك.",
    "unknown_command": "لا أعرف هذا الأمر. تجد الأوامر التي أعرفها في /help.",
    "plain_text": "للبحث في الأخبار أرسل /search متبوعًا ببضع كلمات. وتجد كل الأوامر في /help.",
    "button_stale": "هذا الزر لم يعد يعمل. أرسل الأمر من جديد.",
    "button_full": "📄 النص الكامل",
    "button_summary": "📝 الملخص",
    "button_related": "🔗 ذات صلة",
    "admins_only": "لا يغيّر إعدادات المجموعة إلا مشرفوها.",
    "list_sep": "، ",
    # reading
    "read_usage": "أرسل /read متبوعًا برقم المقالة، مثل /read 12. وتعرض /latest أحدث المقالات.",
    "page_position": "صفحة {page} من {pages}",
    "summary_usage": "أرسل /summary متبوعًا برقم المقالة، مثل /summary 12.",
    "related_usage": "أرسل /related متبوعًا برقم المقالة، مثل /related 12.",
    "bad_id": "هذا ليس رقم مقالة. أرقام المقالات أعداد صحيحة مثل 12، وتعرضها /latest.",
    "not_found": "لا توجد مقالة رقمها {id}. وتعرض /latest أحدث المقالات.",
    "related_none": "ليست لدي بعدُ مقالات ذات صلة بالمقالة رقم {id}.",
    "no_text": "ليس للمقالة رقم {id} نص أستطيع عرضه.",
    # latest and sources
    "article_line": "{n}. <b>{title}</b>\n{meta}",
    "latest_usage": "أرسل /latest، أو /latest مع عدد حتى {max} واسم مصدر مختصر، مثل /latest 10 world.",
    "latest_bad_count": "من فضلك اكتب عددًا من 1 إلى {max}، مثل /latest 10.",
    "unknown_source": "لا يوجد مصدر باسم «{name}». وتعرض /sources المصادر.",
    "latest_empty": "لا توجد مقالات بعد. عد إلينا قريبًا.",
    "latest_header": "<b>أحدث المقالات</b>",
    "latest_header_source": "<b>أحدث ما نشره {source}</b>",
    "sources_empty": "لا أتابع أي مصدر بعد.",
    "sources_header": "<b>المصادر</b> (استعمل الاسم المختصر مع /latest أو /subscribe)",
    "source_line": "<b>{title}</b> – <code>{name}</code> · المقالات: {count}",
    "source_line_paused": "<b>{title}</b> – <code>{name}</code> · المقالات: {count} · متوقف مؤقتًا",
    # search
    "search_usage": "أرسل /search متبوعًا ببضع كلمات، مثل /search قمة المناخ.",
    "search_no_words": "ابحث بكلمات من فضلك: الرموز وحدها لا تجد شيئًا.",
    "search_header": "<b>نتائج البحث عن «{query}»</b>: {total}",
    "search_cut": "<i>كان البحث طويلًا، فبحثت عن أول {n} كلمات منه.</i>",
    "search_none": "لم أجد شيئًا عن «{query}». جرّب كلمات أقل أو غيرها.",
    "search_expired": "انتهت صلاحية هذا البحث. أرسل /search من جديد.",
    # subscriptions
    "all_sources": "كل المصادر",
    "subscribed": "تم الاشتراك في {source}: ستصلك المقالات الجديدة هنا.",
    "subscription_updated": "تم تحديث اشتراكك في {source}.",
    "subscribe_usage": "أرسل /subscribe، أو /subscribe مع اسم مصدر واحد مختصر ومرشحات +كلمة أو "
    "-كلمة، مثل /subscribe world -sport +ukraine.",
    "filter_bad": "«{word}» ليس مرشحًا: اكتب +كلمة لكلمة لا بد منها، و-كلمة لكلمة مستبعدة.",
    "filter_too_many": "من فضلك استعمل {n} كلمات على الأكثر في المرشحات.",
    "filter_with": "فقط مع: {words}",
    "filter_without": "من دون: {words}",
    "unsubscribe_usage": "أرسل /unsubscribe لإيقاف كل الاشتراكات، أو /unsubscribe مع اسم مصدر واحد مختصر.",
    "unsubscribed": "تم إلغاء الاشتراك في {source}.",
    "not_subscribed": "هذه المحادثة ليست مشتركة في {source}.",
    "subscriptions_none": "لا اشتراكات لهذه المحادثة. ابدأ اشتراكًا بالأمر /subscribe.",
    "subscriptions_header": "<b>اشتراكات هذه المحادثة</b>",
    # language
    "lang_usage": "أرسل /lang ar للعربية أو /lang en للإنجليزية.",
    "lang_set": "سأجيب هنا بالعربية.",
    # the command menu (setMyCommands: plain text)
    "cmd_latest": "أحدث المقالات",
    "cmd_read": "النص الكامل لمقالة",
    "cmd_summary": "ملخص مقالة",
    "cmd_related": "روابط ذات صلة ومقالات مشابهة",
    "cmd_search": "البحث في المقالات",
    "cmd_subscribe": "استقبال المقالات الجديدة هنا",
    "cmd_unsubscribe": "إيقاف اشتراك",
    "cmd_subscriptions": "اشتراكات هذه المحادثة",
    "cmd_sources": "المصادر",
    "cmd_lang": "العربية أو الإنجليزية",
    "cmd_help": "كل الأوامر",
    "cmd_start": "الترحيب",
}
