"""The offline demo (the admin-and-demo issue completes it)."""

from __future__ import annotations

__all__ = ["main"]


def main(*, chat: bool = False, port: int = 0) -> int:
    """Run the demo; return the exit code."""
    print("newsbot demo: not built yet; see `newsbot sandbox --help` and README")
    return 0
