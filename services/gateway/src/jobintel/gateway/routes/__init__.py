"""Every route module, included from one place: a new area is one line here."""

from fastapi import FastAPI

from . import annotations, companies, cv, dead_letters, events, health, jobs, profile, sources, ui


def include_routes(app: FastAPI) -> None:
    for module in (
        health,
        profile,
        jobs,
        cv,
        events,
        annotations,
        dead_letters,
        companies,
        sources,
        ui,
    ):
        app.include_router(module.router)
