"""Logging set-up for the CLI: one format, and the token masked in every line."""

from __future__ import annotations

import logging

__all__ = ["TokenFilter", "setup_logging"]


class TokenFilter(logging.Filter):
    """Replaces the bot token (and its numeric-secret part) in every record with ********."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._secrets = [s for s in {token, token.partition(":")[2]} if len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "********")
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(s in text for s in self._secrets):
                for secret in self._secrets:
                    text = text.replace(secret, "********")
                record.exc_info, record.exc_text = None, text
        return True


def setup_logging(level: str = "INFO", token: str | None = None) -> None:
    """Configure the root logger; quiet chatty libraries whose debug lines carry URLs with the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if token:
        handler.addFilter(TokenFilter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
