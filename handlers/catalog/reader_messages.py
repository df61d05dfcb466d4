"""Reader-facing messages."""

EN = {
    "welcome": "Welcome to newsbot! Send /latest for the newest articles, /help for every command.",
    "error": "Sorry, something went wrong. Please try again.",
}

AR = {
    "welcome": "أهلًا بك في newsbot! أرسل /latest لأحدث المقالات، و/help لكل الأوامر.",
    "error": "عذرًا، حدث خطأ. حاول مرة أخرى من فضلك.",
}
