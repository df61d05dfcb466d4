"""The command line as an operator uses it: content tools, config errors, admin subcommands, tokens."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.acceptance.harness import (
    ROOT,
    TOKEN_SECRET,
    NewsSite,
    Sandbox,
    html_problems,
    rfc822,
    rss,
    run_cli,
    visible_text,
)

SAMPLE = ROOT.parent / "shared" / "samples" / "article-ar-qsarpress.txt"
TAGLINE = "ما في ذلك السياسة"


def _one_line_exit_2(res: object) -> str:
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)  # type: ignore[attr-defined]
    err = res.stderr.strip()  # type: ignore[attr-defined]
    assert err.count("\n") == 0 and "Traceback" not in err, err
    return str(err)


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not in this checkout")
def test_extract_sample_meets_issue_3_done_when() -> None:
    res = run_cli("extract", str(SAMPLE), "--json")
    assert res.returncode == 0, res.stderr
    [line] = res.stdout.strip().splitlines()
    a = json.loads(line)
    assert a["lang"] == "ar" and a["site"] == "Qsarpress" and a["source"] == "بلومبرج نيوز"
    paras = a["paragraphs"]
    assert len(paras) == 13
    body = "\n".join(paras)
    assert a["title"] == "روسيا ترفض محادثات السلام مع أوكرانيا وتقول إنها لن تستسلم"
    assert a["title"] not in body
    sample = SAMPLE.read_text("utf-8")
    assert [sample.index(p[:40]) for p in paras] == sorted(sample.index(p[:40]) for p in paras)  # in order
    assert paras[0].startswith("قال وزير الخارجية الروسي سيرجي لافروف")
    assert paras[-1].startswith("لكنه قال لكبار المسؤولين العسكريين")
    assert len(a["images"]) == 2
    assert [i["credit"] for i in a["images"]] == ["AP", "Evgeniy Maloletka / AP"]
    assert all(i["caption"] for i in a["images"])
    assert len(a["related"]) == 4 and a["related"][3]["title"].startswith("Govt-19")
    for junk in [*(i["caption"] for i in a["images"]), *(r["title"] for r in a["related"]), TAGLINE,
                 "Qsarpress", "READ", "قراءة المزيد"]:
        assert junk not in body, junk
    assert all(p.strip() not in ("AP", "Evgeniy Maloletka / AP", "بلومبرج نيوز") for p in paras)
    # the summary is whole sentences of the body
    for sentence in a["summary"].split(". "):
        assert sentence.strip(". ") in body, sentence


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not in this checkout")
def test_render_sample_is_valid_telegram_html() -> None:
    res = run_cli("render", str(SAMPLE), "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[0])
    assert html_problems(out["post"]["text"]) == []
    assert {b["action"] for b in out["post"]["buttons"]} >= {"read", "related"}
    for page in out["pages"]:
        assert html_problems(page) == [], page
    assert html_problems(out["summary"]) == [] and html_problems(out["related"]) == []
    pages = "\n".join(visible_text(p) for p in out["pages"])
    assert pages.count("روسيا ترفض محادثات السلام") == 1
    assert pages.count("Evgeniy Maloletka / AP") == 1  # the credit appears once, with its image
    extracted = json.loads(run_cli("extract", str(SAMPLE), "--json").stdout)
    for p in extracted["paragraphs"]:
        assert p in pages


@pytest.mark.parametrize("args", [["extract", "/nonexistent/file.txt"], ["render", "/dev/null"],
                                  ["extract", "-"]])
def test_content_cli_bad_input_is_one_line_exit_2(args: list[str]) -> None:
    _one_line_exit_2(run_cli(*args, stdin=b"\x00\x01\x02\x03binary\x00" if args[-1] == "-" else b""))


CONFIGS = {
    "missing token": ('[telegram]\napi_url = "http://127.0.0.1:1"\n', "telegram.token"),
    "unknown key": ('[telegram]\ntoken = "1:A"\nbogus = 1\n', "bogus"),
    "wrong type": ('[telegram]\ntoken = "1:A"\nadmins = "x"\n', "admins"),
    "bad toml": ("[telegram\ntoken=", ""),
    "every 0": ('[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "http://x/a"\nevery = 0\n', "every"),
    "feed url": ('[telegram]\ntoken = "1:A"\n[[feeds]]\nurl = "ftp://x/"\n', "url"),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_bad_config_is_one_line_naming_file_and_key_exit_2(tmp_path: Path, name: str) -> None:
    text, key = CONFIGS[name]
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    err = _one_line_exit_2(run_cli("run", "--config", str(path), timeout=30))
    assert "bad.toml" in err and key in err, err


def test_unreadable_config_and_bad_args_exit_2(tmp_path: Path) -> None:
    assert "nope.toml" in _one_line_exit_2(run_cli("run", "--config", str(tmp_path / "nope.toml")))
    for args in (["frobnicate"], ["run", "--nope"], ["extract"], ["feeds"]):
        res = run_cli(*args)
        assert res.returncode == 2 and "Traceback" not in res.stderr, (args, res.stderr)
    assert run_cli("--version").returncode == 0
    assert run_cli("--help").returncode == 0


def test_wrong_token_is_one_line_and_never_printed(tmp_path: Path) -> None:
    sb = Sandbox(tmp_path)  # accepts only harness.TOKEN
    try:
        path = tmp_path / "c.toml"
        path.write_text(f'[telegram]\ntoken = "555:AAZwrongSECRETxyz"\napi_url = "{sb.base}"\n', "utf-8")
        res = run_cli("run", "--config", str(path), timeout=60)
    finally:
        sb.close()
    output = res.stdout + res.stderr
    assert "AAZwrongSECRETxyz" not in output
    assert res.returncode != 0 and "Traceback" not in output and res.stderr.strip().count("\n") == 0, output


def test_unreachable_api_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[telegram]\ntoken = "555:AAZwrongSECRETxyz"\napi_url = "http://127.0.0.1:9"\n', "utf-8")
    res = run_cli("run", "--config", str(path), timeout=90)
    output = res.stdout + res.stderr
    assert "AAZwrongSECRETxyz" not in output
    assert res.returncode != 0 and "Traceback" not in output, output[-1500:]
    assert res.stderr.strip().count("\n") == 0 and "127.0.0.1:9" in res.stderr, res.stderr


def test_env_token_overrides_file_and_is_never_printed(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[telegram]\ntoken = "1:A"\nbogus = 2\n', "utf-8")
    res = run_cli("run", "--config", str(path), env={"NEWSBOT_TOKEN": "777:" + TOKEN_SECRET})
    assert TOKEN_SECRET not in res.stdout + res.stderr
    assert res.returncode == 2


def test_admin_cli_feeds_opml_round_trip_stats_and_backup(tmp_path: Path) -> None:
    site = NewsSite()
    site.start()
    try:
        site.put("/a.xml", rss("Alpha News", [{"title": "Alpha one", "link": "http://a.example.org/1",
                                               "guid": "a1", "date": rfc822(1),
                                               "content": "<p>Alpha one body text with words.</p>"}]))
        site.put("/b.xml", rss("أخبار بيتا", [{"title": "بيتا واحد", "link": "http://b.example.org/1",
                                              "guid": "b1", "date": rfc822(1),
                                              "content": "<p>نص الخبر الأول من بيتا.</p>"}], lang="ar"))
        one = tmp_path / "one"
        two = tmp_path / "two"
        for d in (one, two):
            d.mkdir()
            (d / "newsbot.toml").write_text('[telegram]\ntoken = "1:A"\n', "utf-8")
        cfg1, cfg2 = str(one / "newsbot.toml"), str(two / "newsbot.toml")
        for path in ("/a.xml", "/b.xml"):
            res = run_cli("feeds", "add", "--config", cfg1, site.url(path))
            assert res.returncode == 0, res.stdout + res.stderr
        bad = run_cli("feeds", "add", "--config", cfg1, site.url("/missing.xml"))
        assert bad.returncode != 0 and "Traceback" not in bad.stderr
        listed = run_cli("feeds", "list", "--config", cfg1)
        assert listed.returncode == 0 and "a.xml" in listed.stdout and "b.xml" in listed.stdout
        exported = run_cli("opml", "export", "--config", cfg1)
        assert exported.returncode == 0
        assert "أخبار بيتا" in exported.stdout and "Alpha News" in exported.stdout
        opml = tmp_path / "feeds.opml"
        opml.write_text(exported.stdout, "utf-8")
        imported = run_cli("opml", "import", "--config", cfg2, str(opml))
        assert imported.returncode == 0, imported.stderr
        again = run_cli("opml", "export", "--config", cfg2).stdout
        for title in ("Alpha News", "أخبار بيتا", site.url("/a.xml"), site.url("/b.xml")):
            assert title in again
        stats = run_cli("stats", "--config", cfg1)
        assert stats.returncode == 0 and stats.stdout.strip()
        backup = tmp_path / "copy.sqlite3"
        res = run_cli("backup", "--config", cfg1, str(backup))
        assert res.returncode == 0, res.stderr
        with sqlite3.connect(backup) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert run_cli("feeds", "rm", "--config", cfg1, site.url("/a.xml")).returncode == 0
        assert "a.xml" not in run_cli("feeds", "list", "--config", cfg1).stdout
    finally:
        site.stop()


def test_database_in_a_new_directory_is_created_or_one_line(tmp_path: Path) -> None:
    import signal
    import time

    from tests.acceptance.harness import TOKEN, spawn

    sb = Sandbox(tmp_path)
    try:
        path = tmp_path / "c.toml"
        path.write_text(f'[telegram]\ntoken = "{TOKEN}"\napi_url = "{sb.base}"\n'
                        '[storage]\ndatabase = "data/db/newsbot.sqlite3"\n', "utf-8")
        bot = spawn(["bot", "run", "--config", str(path)], tmp_path, "bot")
        sb.say(2002, "/start")
        deadline = time.monotonic() + 20
        answered = False
        while bot.alive() and time.monotonic() < deadline and not answered:
            answered = bool(sb.sent(2002))
            time.sleep(0.2)
        if bot.alive():
            bot.stop(signal.SIGTERM)
        output = bot.output()
        assert "Traceback" not in output, output[-1500:]
        assert answered or bot.popen.returncode == 2
    finally:
        sb.close()
