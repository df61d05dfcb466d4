"""The token never reaches a log line, whether in a message, its arguments or a traceback."""

from __future__ import annotations

import io
import logging

from bot.logs import TokenFilter

TOKEN = "123456:ABCsecretDEF"


def capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenFilter(TOKEN))
    logger = logging.getLogger("test.tokenfilter")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_token_masked_in_messages_args_and_tracebacks() -> None:
    logger, stream = capture()
    logger.info("POST https://api.telegram.org/bot%s/sendMessage", TOKEN)
    logger.debug("secret part alone: ABCsecretDEF")
    try:
        raise RuntimeError(f"failed at /bot{TOKEN}/getMe")
    except RuntimeError:
        logger.exception("request failed")
    text = stream.getvalue()
    assert "ABCsecretDEF" not in text
    assert text.count("********") >= 3
    assert "request failed" in text and "RuntimeError" in text


def test_lines_without_the_token_are_unchanged() -> None:
    logger, stream = capture()
    logger.info("polled %d feeds", 3)
    assert stream.getvalue() == "polled 3 feeds\n"
