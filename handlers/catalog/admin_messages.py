"""Admin-facing messages, in English and Arabic. Keys start with "admin_" (and "help_admin").

Values are HTML-escaped by the caller; templates may use Telegram's HTML tags.
"""

EN: dict[str, str] = {
    "help_admin": (
        "<b>Admin commands</b>\n"
        "/push &lt;id&gt; [@channel|id|subscribers] – send an article now (preview first)\n"
        "/broadcast &lt;text&gt; – message every subscriber (preview first)\n"
        "/cancel [batch] – stop a running broadcast; unsent messages are dropped\n"
        "/feeds – every feed with its health\n"
        "/addfeed &lt;url&gt; [every] [@channel ...] – check and add a feed (every: 600, 10m, 1h)\n"
        "/rmfeed, /pausefeed, /resumefeed &lt;name|id&gt; – manage a feed\n"
        "/channels – where feeds are posted\n"
        "/addchannel &lt;@name|id&gt; [feed ...] – post feeds there (default: all feeds)\n"
        "/rmchannel &lt;@name|id&gt; – stop posting there\n"
        "/pause, /resume – stop or restart all scheduled posting\n"
        "/stats – numbers and a chart of the last two days"
    ),
    "admin_refused": "Sorry, only the bot's administrators can use this command.",
    "admin_private_only": "Admin commands work in a private chat with me, not here.",
    "admin_never": "never",
    "admin_none": "none",
    "admin_confirm": "✅ Confirm",
    "admin_cancel_button": "✖ Cancel",
    "admin_expired": "This preview has expired or was already answered. Send the command again.",
    "admin_not_sent": "Cancelled: nothing was sent.",
    "admin_queued": "Queued as batch #{batch}: {n} messages. I will report when it is done.",
    "admin_kind_push": "push",
    "admin_kind_broadcast": "broadcast",
    "admin_report": (
        "Report for {kind} batch #{batch}: sent {sent}, blocked or dropped {dropped}, failed {failed}."
    ),
    "admin_report_cancelled": (
        "Report for cancelled {kind} batch #{batch}: sent {sent}, dropped {dropped}, failed {failed}."
    ),
    "admin_push_usage": (
        "Usage: /push &lt;article id&gt; [@channel|chat id|subscribers]\n"
        "Without a target the article goes to every channel."
    ),
    "admin_no_article": "There is no article #{id}.",
    "admin_push_unknown_target": (
        "I don't know the channel {target}. Add it with /addchannel first, or use \"subscribers\"."
    ),
    "admin_no_targets": "There is nobody to send it to: no active channel or subscriber.",
    "admin_push_confirm": "Push article #{id} as shown above to {n} chat(s) ({target})?",
    "admin_broadcast_usage": "Usage: /broadcast &lt;text&gt; – the text goes to every active subscriber.",
    "admin_broadcast_too_long": "That message is too long: at most {limit} characters.",
    "admin_no_subscribers": "There are no active subscribers yet.",
    "admin_broadcast_confirm": "Send the message above to {n} subscriber(s)?",
    "admin_cancel_usage": "Usage: /cancel [batch number]",
    "admin_nothing_to_cancel": "Nothing to cancel: no batch is still sending.",
    "admin_cancelled": "Batch #{batch} cancelled: {dropped} unsent message(s) dropped.",
    "admin_no_feeds": "No feeds yet. Add one with /addfeed &lt;url&gt;.",
    "admin_feeds_head": "<b>{n} feed(s)</b>",
    "admin_feed_head": "<b>{name}</b> (#{id}) – {title} · {state}",
    "admin_feed_active": "active",
    "admin_feed_paused": "⏸ paused",
    "admin_feed_health": (
        "every {every} s · {items} items · last fetch {last} · next {next} · failures {failures}"
    ),
    "admin_feed_channels": "channels: {channels}",
    "admin_feed_short": "#{id} <b>{name}</b> · {items} items · {health}",
    "admin_feed_ok": "ok",
    "admin_feed_failing": "⚠ {failures} failures",
    "admin_feeds_more": "/feeds &lt;name&gt; shows one feed in detail.",
    "admin_feed_error": "⚠ last error: {error}",
    "admin_addfeed_usage": (
        "Usage: /addfeed &lt;url&gt; [every] [@channel ...]\nevery: seconds, or 10m, 1h; default 600."
    ),
    "admin_addfeed_failed": "Could not add {url}: {error}",
    "admin_feed_added": (
        "Added feed <b>{name}</b> (#{id}): {title}\n{items} item(s) now, checked every {every} s, "
        "posted to {channels} channel(s)."
    ),
    "admin_unknown_feed": "There is no feed {feed}. /feeds lists them.",
    "admin_unknown_channel": "I don't know the channel {channel}. /channels lists them.",
    "admin_rmfeed_usage": "Usage: /rmfeed &lt;name|id&gt;",
    "admin_pausefeed_usage": "Usage: /pausefeed &lt;name|id&gt;",
    "admin_resumefeed_usage": "Usage: /resumefeed &lt;name|id&gt;",
    "admin_feed_removed": "Feed <b>{name}</b> removed; its stored articles stay.",
    "admin_feed_removed_config": (
        "Feed <b>{name}</b> removed. It is in the config file, so it comes back at the next start "
        "unless you remove it there too."
    ),
    "admin_feed_paused_now": "Feed <b>{name}</b> paused.",
    "admin_feed_resumed": "Feed <b>{name}</b> resumed.",
    "admin_no_channels": "No channels yet. Add one with /addchannel @name.",
    "admin_channels_head": "<b>{n} channel(s)</b>",
    "admin_channel_line": "<b>{title}</b> ({ref}, {kind}) · {state}\nfeeds: {feeds}",
    "admin_channel_active": "active",
    "admin_channel_inactive": "⚠ inactive: {reason}",
    "admin_addchannel_usage": (
        "Usage: /addchannel &lt;@name|chat id&gt; [feed ...]\n"
        "Add the bot to the channel as an administrator with “Post messages” first. "
        "Without feed names every feed is posted there."
    ),
    "admin_channel_unreachable": (
        "I can't reach {channel} ({error}). Add the bot to it as an administrator first."
    ),
    "admin_channel_private": "That is a private chat, not a channel or group.",
    "admin_rights_not_member": "The bot is not a member of {channel}. Add it as an administrator.",
    "admin_rights_not_admin": (
        "The bot is not an administrator of {channel}. Make it an administrator with “Post messages”."
    ),
    "admin_rights_cannot_post": (
        "The bot is an administrator of {channel} but lacks the “Post messages” right. Turn it on."
    ),
    "admin_rights_restricted": "The bot may not send messages in {channel}. Lift the restriction.",
    "admin_channel_added": "Channel <b>{channel}</b> added. Feeds posted there: {feeds}.",
    "admin_rmchannel_usage": "Usage: /rmchannel &lt;@name|chat id&gt;",
    "admin_channel_removed": (
        "Channel <b>{channel}</b> removed from {feeds} feed(s); nothing more is posted there."
    ),
    "admin_paused": "⏸ Scheduled posting is paused (it stays paused after a restart). /resume restarts it.",
    "admin_resumed": "▶ Scheduled posting resumed.",
    "admin_state_paused": "⏸ posting paused",
    "admin_state_running": "▶ posting",
    "admin_stats_head": (
        "<b>Statistics</b> · {state}\n"
        "Articles stored: {articles}\n"
        "Feeds: {feeds} ({paused_feeds} paused) · channels: {channels}\n"
        "Subscribers: {active} active, {blocked} blocked\n"
        "Delivered in the last 24 h: {deliveries}\n"
        "Outbox: {outbox}"
    ),
    "admin_stats_per_feed": "<b>Articles per feed</b>",
    "admin_stats_per_day": "<b>New articles per day (UTC, last 7 days)</b>",
    "admin_stats_chart": "Deliveries and new articles per hour, last 48 hours (UTC)",
    "admin_notice_feed_paused": (
        "⚠ Feed <b>{name}</b> was paused after {failures} failed fetches in a row.\n"
        "Last error: {error}\n/resumefeed {name} tries again."
    ),
    "admin_notice_channel": "⚠ I can no longer post to <b>{channel}</b>: {reason}.",
    "admin_notice_failed": "⚠ {n} message(s) could not be sent and will not be retried:\n{rows}",
}

AR: dict[str, str] = {
    "help_admin": (
        "<b>أوامر المشرفين</b>\n"
        "إرسال مقال الآن بعد معاينته: /push &lt;رقم&gt; [@قناة|رقم|subscribers]\n"
        "رسالة إلى كل المشتركين بعد معاينتها: /broadcast &lt;نص&gt;\n"
        "إيقاف بث جارٍ وإلغاء ما لم يُرسل: /cancel [دفعة]\n"
        "كل المصادر وحالتها: /feeds\n"
        "فحص مصدر وإضافته (كل: 600 أو 10m أو 1h): /addfeed &lt;رابط&gt; [كل] [@قناة ...]\n"
        "إدارة مصدر: /rmfeed، /pausefeed، /resumefeed &lt;اسم|رقم&gt;\n"
        "القنوات التي يُنشر فيها: /channels\n"
        "النشر في قناة (افتراضيًا كل المصادر): /addchannel &lt;@اسم|رقم&gt; [مصدر ...]\n"
        "إيقاف النشر في قناة: /rmchannel &lt;@اسم|رقم&gt;\n"
        "إيقاف النشر المجدول أو استئنافه: /pause، /resume\n"
        "أرقام ورسم بياني لآخر يومين: /stats"
    ),
    "admin_refused": "عذرًا، هذا الأمر لمشرفي البوت فقط.",
    "admin_private_only": "أوامر المشرفين تعمل في محادثة خاصة معي، لا هنا.",
    "admin_never": "أبدًا",
    "admin_none": "لا شيء",
    "admin_confirm": "✅ تأكيد",
    "admin_cancel_button": "✖ إلغاء",
    "admin_expired": "انتهت صلاحية هذه المعاينة أو سبقت الإجابة عنها. أرسل الأمر مرة أخرى.",
    "admin_not_sent": "أُلغي: لم يُرسل شيء.",
    "admin_queued": "أُضيفت الدفعة رقم {batch}: {n} رسالة. سأرسل تقريرًا عند انتهائها.",
    "admin_kind_push": "إرسال",
    "admin_kind_broadcast": "بث",
    "admin_report": "تقرير دفعة {kind} رقم {batch}: أُرسل {sent}، محظور أو ملغى {dropped}، فشل {failed}.",
    "admin_report_cancelled": (
        "تقرير دفعة {kind} الملغاة رقم {batch}: أُرسل {sent}، ملغى {dropped}، فشل {failed}."
    ),
    "admin_push_usage": (
        "الاستخدام: /push &lt;رقم المقال&gt; [@قناة|رقم المحادثة|subscribers]\n"
        "دون وجهة يذهب المقال إلى كل القنوات."
    ),
    "admin_no_article": "لا يوجد مقال رقم {id}.",
    "admin_push_unknown_target": (
        "لا أعرف القناة {target}. أضفها أولًا بالأمر /addchannel أو استخدم \"subscribers\"."
    ),
    "admin_no_targets": "لا يوجد من يُرسل إليه: لا قناة ولا مشترك نشط.",
    "admin_push_confirm": "إرسال المقال رقم {id} كما يظهر أعلاه إلى {n} محادثة ({target})؟",
    "admin_broadcast_usage": "الاستخدام: /broadcast &lt;نص&gt; – يصل النص إلى كل مشترك نشط.",
    "admin_broadcast_too_long": "الرسالة طويلة جدًا: {limit} حرفًا على الأكثر.",
    "admin_no_subscribers": "لا يوجد مشتركون نشطون بعد.",
    "admin_broadcast_confirm": "إرسال الرسالة أعلاه إلى {n} مشترك؟",
    "admin_cancel_usage": "الاستخدام: /cancel [رقم الدفعة]",
    "admin_nothing_to_cancel": "لا شيء لإلغائه: لا توجد دفعة قيد الإرسال.",
    "admin_cancelled": "أُلغيت الدفعة رقم {batch}: حُذفت {dropped} رسالة لم تُرسل.",
    "admin_no_feeds": "لا توجد مصادر بعد. أضف مصدرًا بالأمر /addfeed &lt;رابط&gt;.",
    "admin_feeds_head": "<b>عدد المصادر: {n}</b>",
    "admin_feed_head": "<b>{name}</b> (رقم {id}) – {title} · {state}",
    "admin_feed_active": "نشط",
    "admin_feed_paused": "⏸ موقوف",
    "admin_feed_health": (
        "كل {every} ث · {items} مقالًا · آخر جلب {last} · التالي {next} · الإخفاقات {failures}"
    ),
    "admin_feed_channels": "القنوات: {channels}",
    "admin_feed_short": "رقم {id} <b>{name}</b> · {items} مقالًا · {health}",
    "admin_feed_ok": "سليم",
    "admin_feed_failing": "⚠ {failures} إخفاقات",
    "admin_feeds_more": "لعرض مصدر واحد بالتفصيل: /feeds &lt;اسم&gt;",
    "admin_feed_error": "⚠ آخر خطأ: {error}",
    "admin_addfeed_usage": (
        "الاستخدام: /addfeed &lt;رابط&gt; [كل] [@قناة ...]\nكل: بالثواني أو 10m أو 1h؛ الافتراضي 600."
    ),
    "admin_addfeed_failed": "تعذّرت إضافة {url}: {error}",
    "admin_feed_added": (
        "أُضيف المصدر <b>{name}</b> (رقم {id}): {title}\nفيه الآن {items} مقالًا، يُفحص كل {every} ث، "
        "ويُنشر في {channels} قناة."
    ),
    "admin_unknown_feed": "لا يوجد مصدر {feed}. الأمر /feeds يعرضها.",
    "admin_unknown_channel": "لا أعرف القناة {channel}. الأمر /channels يعرضها.",
    "admin_rmfeed_usage": "الاستخدام: /rmfeed &lt;اسم|رقم&gt;",
    "admin_pausefeed_usage": "الاستخدام: /pausefeed &lt;اسم|رقم&gt;",
    "admin_resumefeed_usage": "الاستخدام: /resumefeed &lt;اسم|رقم&gt;",
    "admin_feed_removed": "حُذف المصدر <b>{name}</b>؛ تبقى مقالاته المخزنة.",
    "admin_feed_removed_config": (
        "حُذف المصدر <b>{name}</b>. إنه في ملف الإعدادات، فسيعود عند التشغيل التالي ما لم تحذفه من هناك أيضًا."
    ),
    "admin_feed_paused_now": "أُوقف المصدر <b>{name}</b>.",
    "admin_feed_resumed": "استُؤنف المصدر <b>{name}</b>.",
    "admin_no_channels": "لا توجد قنوات بعد. أضف قناة بالأمر /addchannel @اسم.",
    "admin_channels_head": "<b>عدد القنوات: {n}</b>",
    "admin_channel_line": "<b>{title}</b> ({ref}، {kind}) · {state}\nالمصادر: {feeds}",
    "admin_channel_active": "نشطة",
    "admin_channel_inactive": "⚠ غير نشطة: {reason}",
    "admin_addchannel_usage": (
        "الاستخدام: /addchannel &lt;@اسم|رقم المحادثة&gt; [مصدر ...]\n"
        "أضف البوت إلى القناة مشرفًا بصلاحية «نشر الرسائل» أولًا. دون أسماء مصادر تُنشر كل المصادر هناك."
    ),
    "admin_channel_unreachable": "لا أستطيع الوصول إلى {channel} ({error}). أضف البوت إليها مشرفًا أولًا.",
    "admin_channel_private": "هذه محادثة خاصة، لا قناة ولا مجموعة.",
    "admin_rights_not_member": "البوت ليس عضوًا في {channel}. أضفه مشرفًا.",
    "admin_rights_not_admin": "البوت ليس مشرفًا في {channel}. اجعله مشرفًا بصلاحية «نشر الرسائل».",
    "admin_rights_cannot_post": "البوت مشرف في {channel} لكن دون صلاحية «نشر الرسائل». فعّلها.",
    "admin_rights_restricted": "البوت ممنوع من إرسال الرسائل في {channel}. ارفع القيد.",
    "admin_channel_added": "أُضيفت القناة <b>{channel}</b>. المصادر المنشورة فيها: {feeds}.",
    "admin_rmchannel_usage": "الاستخدام: /rmchannel &lt;@اسم|رقم المحادثة&gt;",
    "admin_channel_removed": "أُزيلت القناة <b>{channel}</b> من {feeds} مصدر؛ لن يُنشر فيها شيء بعد الآن.",
    "admin_paused": "⏸ أُوقف النشر المجدول (ويبقى موقوفًا بعد إعادة التشغيل). الأمر /resume يستأنفه.",
    "admin_resumed": "▶ استُؤنف النشر المجدول.",
    "admin_state_paused": "⏸ النشر موقوف",
    "admin_state_running": "▶ النشر يعمل",
    "admin_stats_head": (
        "<b>الإحصاءات</b> · {state}\n"
        "المقالات المخزنة: {articles}\n"
        "المصادر: {feeds} (الموقوفة {paused_feeds}) · القنوات: {channels}\n"
        "المشتركون: {active} نشط، {blocked} محظور\n"
        "المُرسل في آخر 24 ساعة: {deliveries}\n"
        "صندوق الصادر: {outbox}"
    ),
    "admin_stats_per_feed": "<b>المقالات لكل مصدر</b>",
    "admin_stats_per_day": "<b>المقالات الجديدة لكل يوم (UTC، آخر 7 أيام)</b>",
    "admin_stats_chart": "الرسائل المرسلة والمقالات الجديدة لكل ساعة، آخر 48 ساعة (UTC)",
    "admin_notice_feed_paused": (
        "⚠ أُوقف المصدر <b>{name}</b> بعد {failures} محاولات جلب فاشلة متتالية.\n"
        "آخر خطأ: {error}\nالأمر /resumefeed {name} يعيد المحاولة."
    ),
    "admin_notice_channel": "⚠ لم أعد أستطيع النشر في <b>{channel}</b>: {reason}.",
    "admin_notice_failed": "⚠ تعذّر إرسال {n} رسالة ولن تُعاد المحاولة:\n{rows}",
}
