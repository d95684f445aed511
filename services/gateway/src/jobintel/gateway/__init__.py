"""Gateway: the only door for people and programs (HTTP API, server-sent events, web UI)."""

SERVICE = "gateway"
