"""What handlers and jobs reach through `application.bot_data`: config, storage and the workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.config import Config
from bot.storage import Storage

__all__ = ["Services", "get_services"]

KEY = "services"


@dataclass
class Services:
    """The running bot's shared objects, set up in post_init and closed in post_shutdown."""

    config: Config
    storage: Storage
    bot_username: str = ""
    workers: dict[str, Any] = field(default_factory=dict)  # delivery, poller: set by their modules

    def is_admin(self, user_id: int | None) -> bool:
        """Whether this user may run admin commands."""
        return user_id is not None and user_id in self.config.admins


def get_services(source: Application[Any, Any, Any, Any, Any, Any] | CallbackContext[Any, Any, Any, Any]) -> Services:  # noqa: E501 - PTB generics are long
    """The Services of an application or a handler's context."""
    app = source.application if isinstance(source, CallbackContext) else source
    services = app.bot_data[KEY]
    assert isinstance(services, Services)
    return services
