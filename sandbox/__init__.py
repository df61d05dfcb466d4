"""A local Telegram Bot API server that behaves like Telegram, for tests and demos.

``Sandbox`` is the server and its control panel; ``Limits`` its rate limits; ``cli_main``
the ``newsbot sandbox`` command; ``sandbox.testing`` a pytest plugin with a ``sandbox`` fixture.
"""

from sandbox.cli import cli_main, serve
from sandbox.core import DEFAULT_TOKEN, Sandbox
from sandbox.errors import ApiError
from sandbox.html import HtmlError, parse_html
from sandbox.limits import Limits
from sandbox.world import FAULTS, SEND_METHODS, RetryRecord, Stats

__all__ = [
    "DEFAULT_TOKEN",
    "FAULTS",
    "SEND_METHODS",
    "ApiError",
    "HtmlError",
    "Limits",
    "RetryRecord",
    "Sandbox",
    "Stats",
    "cli_main",
    "parse_html",
    "serve",
]
