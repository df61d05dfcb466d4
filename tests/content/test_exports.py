"""content's public API: everything public is exported and __all__ lists only real names."""

import inspect

import content


def test_all_names_exist() -> None:
    for name in content.__all__:
        assert hasattr(content, name), name


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(content).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(content.__all__)


def test_all_is_sorted_and_unique() -> None:
    assert len(content.__all__) == len(set(content.__all__))


def test_content_stays_pure() -> None:
    """content/ never imports the bot, Telegram, the network or the database."""
    import ast
    from pathlib import Path

    forbidden = {"telegram", "httpx", "aiohttp", "aiosqlite", "sqlite3", "bot", "handlers",
                 "sandbox", "requests", "urllib3", "socket", "asyncio"}
    package = Path(content.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"
