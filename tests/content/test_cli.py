"""`newsbot extract` and `newsbot render`, run as a user would (a subprocess) and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli_content
from content import is_valid_telegram_html, telegram_length

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "article-ar-qsarpress.txt"
FEED = FIXTURES / "cases" / "en-feed-city.rss"
REPO = Path(__file__).parents[2]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C"},  # a C locale must not break Arabic output
    )


def test_extract_json_of_the_sample_meets_the_issue() -> None:
    result = _run("extract", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.decode("utf-8").splitlines()
    data = json.loads(line)
    assert data["lang"] == "ar"
    assert data["site"] == "Qsarpress"
    assert data["source"] == "بلومبرج نيوز"
    assert len(data["paragraphs"]) == 13
    assert data["title"] not in data["paragraphs"]
    assert [len(i["caption"]) > 0 and len(i["credit"]) > 0 for i in data["images"]] == [True, True]
    assert len(data["related"]) == 4
    assert data["summary"] and data["published"] is None
    assert set(data) >= {"title", "url", "lang", "published", "site", "source", "paragraphs",
                         "summary", "related", "images", "fingerprint", "guid"}


def test_extract_reads_stdin_and_prints_one_line_per_feed_entry() -> None:
    result = _run("extract", "-", "--json", stdin=FEED.read_bytes())
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["guid"] for a in lines] == [
        "metroledger-2024-0412-tram",
        "https://metroledger.example/?p=20231",
    ]
    assert lines[0]["published"] == "2024-04-12T15:20:00+00:00"


def test_extract_readable_view() -> None:
    result = _run("extract", str(SAMPLE))
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "Title:" in out and "[13]" in out and "[14]" not in out and "Related:" in out


def test_render_json_is_what_the_bot_would_send() -> None:
    result = _run("render", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode())
    assert set(data) == {"post", "pages", "summary", "related"}
    assert [b["action"] for b in data["post"]["buttons"]] == ["read", "related"]
    for markup in (data["post"]["text"], data["summary"], data["related"], *data["pages"]):
        assert is_valid_telegram_html(markup)
        assert telegram_length(markup) <= 4096


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("extract", "/nonexistent/file.html"), None, "cannot read"),
        (("render", "-"), b"", "empty"),
        (("extract", "-", "--json"), b"\x00\x01\x02" * 50, "binary"),
        (("extract", "."), None, "directory"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: tuple[str, ...], stdin: bytes | None, message: str
) -> None:
    result = _run(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err


def test_functions_return_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli_content.extract(str(empty), True) == 2
    assert "empty" in capsys.readouterr().err
    assert cli_content.render(str(FEED), False) == 0
