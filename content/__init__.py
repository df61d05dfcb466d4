"""newsbot's content pipeline: pure functions from published text to clean articles and
Telegram HTML. No network, no database, no ``telegram`` import."""

from content.model import Article, Button, Image, Link, Post
from content.normalize import normalize

__all__ = ["Article", "Button", "Image", "Link", "Post", "normalize"]
