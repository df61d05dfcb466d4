"""Admin-facing messages."""

EN: dict[str, str] = {}

AR: dict[str, str] = {}
