"""FastAPI dependencies, as `Annotated` aliases used by every route module."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from nats.js import JetStreamContext

from jobintel.runtime.publishing import EventPublisher
from jobintel.runtime.settings import Settings
from jobintel.runtime.store import DocumentStore

from .state import GatewayState


def get_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


def get_store(state: Annotated[GatewayState, Depends(get_state)]) -> DocumentStore:
    return state.store


def get_publisher(state: Annotated[GatewayState, Depends(get_state)]) -> EventPublisher:
    return state.publisher


def get_js(state: Annotated[GatewayState, Depends(get_state)]) -> JetStreamContext:
    return state.js


def get_settings(state: Annotated[GatewayState, Depends(get_state)]) -> Settings:
    return state.settings


State = Annotated[GatewayState, Depends(get_state)]
Store = Annotated[DocumentStore, Depends(get_store)]
Publisher = Annotated[EventPublisher, Depends(get_publisher)]
JetStream = Annotated[JetStreamContext, Depends(get_js)]
AppSettings = Annotated[Settings, Depends(get_settings)]
