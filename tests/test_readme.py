"""The README documents every config key and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

from bot.config import FEED_SETTINGS, SETTINGS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_config_key() -> None:
    keys = [f"`{section}.{key}`" for section, table in SETTINGS.items() for key in table]
    keys += [f"`feeds[].{key}`" for key in FEED_SETTINGS]
    missing = [k for k in keys if k not in README]
    assert not missing, f"README lacks {missing}"


def test_readme_quick_start_shows_make_demo_and_make_test() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make demo" in quick and "make test" in quick
