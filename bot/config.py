"""Configuration: one TOML file plus the environment, declared once with defaults and help side by side.

`load_config` is the only place that reads the environment. Every problem is a `ConfigError` whose message
names the file and the key, so the CLI can print one line and exit 2.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_API_URL",
    "SETTINGS",
    "Config",
    "ConfigError",
    "FeedConfig",
    "Limits",
    "PollingConfig",
    "Secret",
    "load_config",
]

DEFAULT_API_URL = "https://api.telegram.org"


class ConfigError(Exception):
    """A configuration problem a user can fix; the message names the file and the key."""


class Secret:
    """A string that never shows itself in a repr, a str() or a log line."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The secret value, for the one place that must send it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Limits:
    """Outbound message rates; the defaults are Telegram's published guidance."""

    global_per_second: float = 30.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    in_flight: int = 8  # sends at once; also the most posts a crash (kill -9) can repeat


@dataclass(frozen=True)
class PollingConfig:
    """How feeds are fetched."""

    max_concurrent: int = 10
    per_host: int = 2
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    user_agent: str = "newsbot/0.1 (+https://github.com/newsbot/newsbot; Telegram news distributor)"
    full_text: bool = True
    max_failures: int = 10
    backoff_max: int = 3600


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One feed from the config file."""

    url: str
    every: int = 600
    channels: tuple[int | str, ...] = ()
    name: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration, resolved: paths absolute, token from the environment if set."""

    token: Secret
    api_url: str = DEFAULT_API_URL
    admins: tuple[int, ...] = ()
    database: Path = Path("newsbot.sqlite3")
    feeds: tuple[FeedConfig, ...] = ()
    limits: Limits = field(default_factory=Limits)
    polling: PollingConfig = field(default_factory=PollingConfig)
    log_level: str = "INFO"
    path: Path | None = None


# (section, key) -> (type, default, help). A default of REQUIRED means the key must be given.
REQUIRED = object()
SETTINGS: dict[str, dict[str, tuple[Any, Any, str]]] = {
    "telegram": {
        "token": (str, REQUIRED, "bot token from @BotFather; NEWSBOT_TOKEN overrides it"),
        "api_url": (str, DEFAULT_API_URL, "Bot API server; the sandbox is http://127.0.0.1:8081"),
        "admins": (list[int], [], "user ids allowed to run admin commands"),
    },
    "storage": {
        "database": (str, "newsbot.sqlite3", "SQLite file, relative to the config file"),
    },
    "limits": {
        "global_per_second": (float, Limits.global_per_second, "messages per second overall"),
        "private_per_second": (float, Limits.private_per_second, "messages per second per private chat"),
        "group_per_minute": (float, Limits.group_per_minute, "messages per minute per group or channel"),
        "in_flight": (
            int,
            Limits.in_flight,
            "sends at once; bounds the messages a crash can send twice",
        ),
    },
    "polling": {
        "max_concurrent": (int, PollingConfig.max_concurrent, "feed fetches running at once"),
        "per_host": (int, PollingConfig.per_host, "fetches at once to one host"),
        "timeout": (float, PollingConfig.timeout, "seconds before a fetch gives up"),
        "max_bytes": (int, PollingConfig.max_bytes, "largest feed or page accepted, in bytes"),
        "user_agent": (str, PollingConfig.user_agent, "User-Agent sent to news sites"),
        "full_text": (bool, PollingConfig.full_text, "fetch the article page when a feed has a teaser"),
        "max_failures": (int, PollingConfig.max_failures, "failures in a row before a feed is paused"),
        "backoff_max": (int, PollingConfig.backoff_max, "longest wait between retries of a failing feed"),
    },
    "logging": {
        "level": (str, "INFO", "DEBUG, INFO, WARNING or ERROR"),
    },
}
FEED_SETTINGS: dict[str, tuple[Any, Any, str]] = {
    "url": (str, REQUIRED, "the feed's address (RSS, Atom or RDF)"),
    "every": (int, 600, "seconds between polls; any value >= 1 is honoured"),
    "channels": (list[int | str], [], "channel ids or @usernames its new articles are posted to"),
    "name": (str, "", "short name readers use in /latest and /subscribe; default from the URL"),
    "title": (str, "", "display title; default the feed's own"),
}


def _check(value: Any, kind: Any, where: str) -> Any:
    """Return `value` if it has type `kind`, else raise ConfigError naming `where`."""
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, float, bool):
        ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if not ok:
            raise ConfigError(f"{where}: expected {kind.__name__}, got {type(value).__name__}")
        return value
    if kind == list[int]:
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise ConfigError(f"{where}: expected a list of integers")
        return value
    if kind == list[int | str]:
        if not isinstance(value, list) or not all(
            (isinstance(v, int) and not isinstance(v, bool)) or isinstance(v, str) for v in value
        ):
            raise ConfigError(f"{where}: expected a list of chat ids or @usernames")
        for v in value:
            if isinstance(v, str) and not (v.startswith("@") and len(v) > 1):
                raise ConfigError(f"{where}: {v!r} is neither a chat id nor an @username")
        return value
    raise AssertionError(kind)  # pragma: no cover - SETTINGS holds only the kinds above


def _read_table(
    table: Mapping[str, Any], spec: Mapping[str, tuple[Any, Any, str]], where: str
) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - set(spec))
    if unknown:
        raise ConfigError(f"{where}.{unknown[0]}: unknown key (known: {', '.join(spec)})")
    out: dict[str, Any] = {}
    for key, (kind, default, _help) in spec.items():
        if key in table:
            out[key] = _check(table[key], kind, f"{where}.{key}")
        elif default is REQUIRED:
            out[key] = REQUIRED
        else:
            out[key] = default
    return out


def _feed_name(url: str) -> str:
    parts = urlsplit(url)
    stem = Path(parts.path).stem or parts.hostname or "feed"
    return stem.lower()


def load_config(path: str | Path, env: Mapping[str, str] | None = None) -> Config:
    """Read and check the TOML config at `path`; NEWSBOT_TOKEN in `env` overrides the token."""
    env = os.environ if env is None else env
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None

    try:
        return _build(raw, path, env)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _build(raw: dict[str, Any], path: Path, env: Mapping[str, str]) -> Config:
    known = [*SETTINGS, "feeds"]
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ConfigError(f"{unknown[0]}: unknown section (known: {', '.join(known)})")
    sections = {name: _read_table(raw.get(name, {}), spec, name) for name, spec in SETTINGS.items()}

    tg = sections["telegram"]
    token = env.get("NEWSBOT_TOKEN") or (tg["token"] if tg["token"] is not REQUIRED else "")
    if not token:
        raise ConfigError("telegram.token: missing (set it in the file or in NEWSBOT_TOKEN)")
    api_url = tg["api_url"].rstrip("/")
    if urlsplit(api_url).scheme not in ("http", "https"):
        raise ConfigError("telegram.api_url: must start with http:// or https://")

    feeds_raw = raw.get("feeds", [])
    if not isinstance(feeds_raw, list):
        raise ConfigError("feeds: expected [[feeds]] tables")
    feeds: list[FeedConfig] = []
    for i, table in enumerate(feeds_raw):
        where = f"feeds[{i}]"
        f = _read_table(table, FEED_SETTINGS, where)
        if f["url"] is REQUIRED:
            raise ConfigError(f"{where}.url: missing")
        if urlsplit(f["url"]).scheme not in ("http", "https"):
            raise ConfigError(f"{where}.url: must be an http(s) URL")
        if f["every"] < 1:
            raise ConfigError(f"{where}.every: must be >= 1 second")
        feeds.append(
            FeedConfig(
                url=f["url"],
                every=f["every"],
                channels=tuple(f["channels"]),
                name=f["name"] or _feed_name(f["url"]),
                title=f["title"],
            )
        )
    names = [f.name for f in feeds]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup:
        raise ConfigError(f"feeds.name: {dup!r} is used by two feeds; give each a distinct name")

    lim = sections["limits"]
    for key, value in lim.items():
        if value <= 0:
            raise ConfigError(f"limits.{key}: must be > 0")
    poll = sections["polling"]
    for key in ("max_concurrent", "per_host", "max_bytes", "max_failures", "backoff_max"):
        if poll[key] < 1:
            raise ConfigError(f"polling.{key}: must be >= 1")
    if poll["timeout"] <= 0:
        raise ConfigError("polling.timeout: must be > 0")
    level = sections["logging"]["level"].upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("logging.level: must be DEBUG, INFO, WARNING or ERROR")

    return Config(
        token=Secret(token),
        api_url=api_url,
        admins=tuple(tg["admins"]),
        database=(path.parent / sections["storage"]["database"]).resolve(),
        feeds=tuple(feeds),
        limits=Limits(**lim),
        polling=PollingConfig(**poll),
        log_level=level,
        path=path.resolve(),
    )
