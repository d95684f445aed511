"""Research: identifies the company behind a job and builds its cited profile and contacts."""

SERVICE = "research"
