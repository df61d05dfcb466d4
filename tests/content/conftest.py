"""Shows the boilerplate-removal report in the terminal summary, so it is visible without -s."""

from __future__ import annotations

import pytest

_REPORT = pytest.StashKey[list[str]]()


@pytest.fixture
def boilerplate_report(request: pytest.FixtureRequest) -> list[str]:
    """Lines appended here are printed in pytest's terminal summary."""
    return request.config.stash.setdefault(_REPORT, [])


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    lines = config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("content: boilerplate removal (precision / recall)")
        for line in lines:
            terminalreporter.write_line(line)
