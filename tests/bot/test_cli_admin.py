"""`newsbot feeds|channels|opml|stats` against a real database file."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from bot.opml import read_opml

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>http://example.org/</link>
<item><title>Boats return</title><link>http://example.org/a/1</link><guid>a1</guid>
<description>The fishing boats returned early on Tuesday as the wind rose over the bay.</description></item>
<item><title>Lights fixed</title><link>http://example.org/a/2</link><guid>a2</guid>
<description>The harbour lights were repaired after a week of darkness along the pier.</description></item>
</channel></rss>"""


@pytest.fixture
def config(tmp_path: Path) -> str:
    path = tmp_path / "newsbot.toml"
    path.write_text('[telegram]\ntoken = "1:TEST"\n[storage]\ndatabase = "db.sqlite3"\n', encoding="utf-8")
    return str(path)


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A tiny local HTTP server with one feed at /feed.xml (everything else is 404)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/feed.xml":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(FEED)))
                self.end_headers()
                self.wfile.write(FEED)
            else:
                self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_feeds_add_checks_the_feed_then_list_and_rm(
    config: str, feed_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{feed_server}/feed.xml"
    code, out, _ = run(capsys, "feeds", "add", url, "--every", "10m", "--config", config)
    assert code == 0
    assert "Harbour Gazette: 2 item(s)" in out and "every 600 s" in out
    code, out, _ = run(capsys, "feeds", "list", "--config", config)
    assert code == 0 and "feed" in out and url in out and " 600 " in out

    code, _, err = run(capsys, "feeds", "add", f"{feed_server}/gone.xml", "--config", config)
    assert code == 1 and "404" in err
    assert len(err.strip().splitlines()) == 1

    code, out, _ = run(capsys, "feeds", "rm", "feed", "--config", config)
    assert code == 0 and "removed feed feed" in out
    code, out, _ = run(capsys, "feeds", "list", "--config", config)
    assert "no feeds" in out


def test_channels_add_list_rm(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "feeds", "add", "http://127.0.0.1:9/world.xml", "--no-check", "--config", config)
    run(capsys, "feeds", "add", "http://127.0.0.1:9/sport.xml", "--no-check", "--config", config)
    code, out, _ = run(capsys, "channels", "add", "@mychannel", "--feed", "world", "--config", config)
    assert code == 0 and "world" in out and "sport" not in out
    code, out, _ = run(capsys, "channels", "list", "--config", config)
    assert "@mychannel" in out and "feeds: world" in out
    code, out, _ = run(capsys, "channels", "rm", "@mychannel", "--config", config)
    assert code == 0 and "removed from 1 feed" in out
    assert "no channels" in run(capsys, "channels", "list", "--config", config)[1]
    code, _, err = run(capsys, "channels", "add", "mychannel", "--config", config)
    assert code == 2 and "neither @name nor a numeric chat id" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["feeds"],
        ["feeds", "add"],
        ["feeds", "add", "http://x.example/f.xml", "--every", "soon"],
        ["opml"],
        ["backup"],
        ["channels", "frobnicate"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    argv: list[str], config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--config", config])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "error:" in err


def test_missing_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "stats", "--config", str(tmp_path / "nope.toml"))
    assert code == 2 and "file not found" in err and len(err.strip().splitlines()) == 1


def test_opml_round_trip_of_a_thousand_feeds(
    config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outlines = "\n".join(
        f'<outline text="Feed {i} &amp; friends" title="أخبار {i} &amp; more" type="rss" '
        f'xmlUrl="https://site{i}.example/rss.xml"/>'
        for i in range(1000)
    )
    source = tmp_path / "in.opml"
    source.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        f'<outline text="folder">{outlines}</outline>'
        f'<outline text="duplicate" xmlUrl="https://site1.example/rss.xml"/>'
        f'<outline text="not a feed"/></body></opml>',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "opml", "import", str(source), "--config", config)
    assert code == 0 and "imported 1000 new feed(s) of 1000" in out
    assert "importing [" in err and "1000/1000" in err  # the progress bar

    exported = tmp_path / "out.opml"
    code, _, _ = run(capsys, "opml", "export", "-o", str(exported), "--config", config)
    assert code == 0
    back = read_opml(exported.read_bytes())
    want = {(f"https://site{i}.example/rss.xml", f"أخبار {i} & more") for i in range(1000)}
    assert {(f.url, f.title) for f in back} == want
    assert b'version="2.0"' in exported.read_bytes()

    code, out, _ = run(capsys, "opml", "import", str(exported), "--config", config)
    assert code == 0 and "imported 0 new feed(s) of 1000" in out  # importing again adds nothing


def test_opml_import_rejects_garbage(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<html><body>nope</body></html>", encoding="utf-8")
    code, _, err = run(capsys, "opml", "import", str(bad), "--config", config)
    assert code == 2 and "not OPML" in err
    bad.write_bytes(b"\x00\x01 not xml")
    code, _, err = run(capsys, "opml", "import", str(bad), "--config", config)
    assert code == 2 and "not valid XML" in err


def test_audit_lists_admin_actions_newest_first(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no admin actions" in run(capsys, "audit", "--config", config)[1]
    run(capsys, "feeds", "add", "http://127.0.0.1:9/world.xml", "--no-check", "--config", config)
    run(capsys, "feeds", "rm", "world", "--config", config)
    code, out, _ = run(capsys, "audit", "--config", config)
    lines = out.strip().splitlines()
    assert code == 0 and "cli_feeds_rm" in lines[0] and "cli_feeds_add" in lines[1]
    assert "world.xml" in lines[1]


def test_stats_and_the_console_entry_point(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "feeds", "add", "http://127.0.0.1:9/world.xml", "--no-check", "--config", config)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--config", config],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "articles stored:    0" in result.stdout and "feeds:              1 (0 paused)" in result.stdout
