"""Config: the documented keys load, the environment overrides the token, bad config names file and key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Config, ConfigError, Secret, load_config

ROOT = Path(__file__).parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_with_every_documented_key() -> None:
    config = load_config(ROOT / "examples" / "local.toml", env={})
    assert config.token == Secret("123456:TEST")
    assert config.api_url == "http://127.0.0.1:8081"
    assert config.admins == (1001,)
    assert config.database == (ROOT / "examples" / "newsbot.sqlite3").resolve()
    (feed,) = config.feeds
    assert feed.url == "http://127.0.0.1:8082/world.xml"
    assert feed.every == 60
    assert feed.channels == (-1001000000001, "@mychannel")
    assert feed.name == "world"


def test_environment_token_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:FILE"\n')
    config = load_config(path, env={"NEWSBOT_TOKEN": "2:ENV"})
    assert config.token.get() == "2:ENV"


def test_token_only_from_environment(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), env={"NEWSBOT_TOKEN": "2:ENV"})
    assert config.token.get() == "2:ENV"
    assert config.api_url == "https://api.telegram.org"
    assert config.feeds == ()


def test_token_never_in_repr(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[telegram]\ntoken = "123456:SECRETSECRET"\n'), env={})
    assert "SECRETSECRET" not in repr(config)
    assert "SECRETSECRET" not in str(config.token)
    assert "SECRETSECRET" not in f"{config}"


def test_feed_every_defaults_and_accepts_one_second(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "http://x.test/a.xml"\n'
        '[[feeds]]\nurl = "http://x.test/b.xml"\nevery = 1\n',
    )
    a, b = load_config(path, env={}).feeds
    assert (a.every, b.every) == (600, 1)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "telegram.token"),
        ('[telegram]\ntoken = "1:A"\ncolour = "red"\n', "telegram.colour"),
        ('[telegram]\ntoken = 5\n', "telegram.token"),
        ('[telegram]\ntoken = "1:A"\nadmins = ["me"]\n', "telegram.admins"),
        ('[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "http://x.test/a.xml"\nevery = 0\n', "feeds[0].every"),
        ('[telegram]\ntoken = "1:A"\n[[feeds]]\nevery = 5\n', "feeds[0].url"),
        ('[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "ftp://x"\n', "feeds[0].url"),
        ('[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "http://x.test/a"\nchannels = ["chan"]\n',
         "feeds[0].channels"),
        ('[telegram]\ntoken = "1:A"\n[limits]\nglobal_per_second = "fast"\n', "limits.global_per_second"),
        ('[telegram]\ntoken = "1:A"\n[extra]\n', "extra"),
        ("[telegram\n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    message = str(info.value)
    assert str(path) in message
    assert key in message


def test_cli_bad_config_is_one_line_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:A"\nadmins = "everyone"\n')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(path)],
        capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and "telegram.admins" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_missing_file_and_unreadable_file(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.toml", tmp_path):  # a directory is unreadable as a file
        result = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--config", str(path)],
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert str(path) in result.stderr


def test_cli_bad_arguments_one_line_exit_2() -> None:
    for argv in (["frobnicate"], ["run", "--nope"], ["extract"]):
        result = subprocess.run(
            [sys.executable, "-m", "bot", *argv], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 2, argv
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_cli_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("newsbot ")


def test_config_is_frozen() -> None:
    config = Config(token=Secret("1:A"))
    with pytest.raises(AttributeError):
        config.api_url = "x"  # type: ignore[misc]
