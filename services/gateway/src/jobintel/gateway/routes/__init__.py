"""Every route module, included from one place: a new area is one line here."""

from fastapi import FastAPI

from . import annotations, companies, cv, dead_letters, events, health, jobs, profile, ui


def include_routes(app: FastAPI) -> None:
    for module in (health, profile, jobs, cv, events, annotations, dead_letters, companies, ui):
        app.include_router(module.router)
