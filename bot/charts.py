"""The /stats chart: deliveries and new articles per hour, as PNG bytes.

Drawn with matplotlib's object API on an Agg canvas: no pyplot, no GUI backend, no global state,
so it is safe inside the bot's event loop (run it in a thread: drawing takes ~100 ms).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.storage.admin import HOUR, Hourly

__all__ = ["hourly_chart"]


def hourly_chart(data: Hourly, *, title: str = "newsbot: last 48 hours (UTC)") -> bytes:
    """A PNG bar chart of deliveries and new articles per hour."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    hours = len(data.deliveries)
    xs = list(range(hours))
    fig = Figure(figsize=(9, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    width = 0.42
    ax.bar([x - width / 2 for x in xs], data.deliveries, width, label="messages delivered", color="#2a7ab9")
    ax.bar([x + width / 2 for x in xs], data.articles, width, label="new articles", color="#e08a1e")
    step = max(1, hours // 8)
    ticks = xs[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels(
        [datetime.fromtimestamp(data.start + x * HOUR, UTC).strftime("%d %H:00") for x in ticks],
        fontsize=8,
    )
    ax.set_xlim(-1, hours)
    ax.set_ylabel("per hour")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
