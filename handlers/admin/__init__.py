"""Admin commands: only for user ids in the config's admins; every action goes to the audit log.

`register(app)` adds them; the callback pattern `a:` keeps them apart from the reader's buttons.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.admin import channels, control, feeds, notices, push

__all__ = ["COMMANDS", "register"]

# command -> handler, in the order /help lists them
COMMANDS = {
    "push": push.push,
    "broadcast": push.broadcast,
    "cancel": push.cancel,
    "feeds": feeds.feeds,
    "addfeed": feeds.addfeed,
    "rmfeed": feeds.rmfeed,
    "pausefeed": feeds.pausefeed,
    "resumefeed": feeds.resumefeed,
    "channels": channels.channels,
    "addchannel": channels.addchannel,
    "rmchannel": channels.rmchannel,
    "pause": control.pause,
    "resume": control.resume,
    "stats": control.stats,
}


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the admin handlers and the jobs that report batches and notify admins of problems."""
    for name, handler in COMMANDS.items():
        app.add_handler(CommandHandler(name, handler))
    app.add_handler(CallbackQueryHandler(push.on_callback, pattern=push.CALLBACK_PATTERN))
    if app.job_queue is not None:
        app.job_queue.run_once(push.resume_watchers, when=1.0, name="admin-resume-watchers")
        app.job_queue.run_repeating(
            notices.scan, interval=notices.SCAN_EVERY, first=5.0, name="admin-notices"
        )
