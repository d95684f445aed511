"""PDF through Typst (the PyPI `typst` package: no system tools), in two templates."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib.resources import files

import typst

from jobintel.contracts import TailoredCV

from .view import view_model

TEMPLATES = ("modern", "classic")
DEFAULT_TEMPLATE = "modern"
# first installed family wins; Typst ships Libertinus Serif, so there is always one
_FONTS = {
    "modern": ("Liberation Sans", "DejaVu Sans", "Libertinus Serif"),
    "classic": ("Libertinus Serif",),
}


@cache
def _families() -> frozenset[str]:
    return frozenset(typst.Fonts(include_system_fonts=True).families())


@cache
def _template(name: str) -> bytes:
    return files("jobintel.cv_generator").joinpath("templates", f"{name}.typ").read_bytes()


def font_for(template: str) -> str:
    available = _families()
    return next((f for f in _FONTS[template] if f in available), "Libertinus Serif")


def render_pdf(
    cv: TailoredCV, template: str = DEFAULT_TEMPLATE, timestamp: dt.datetime | None = None
) -> bytes:
    """A PDF of the CV; the timestamp makes the bytes reproducible for the same input."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown CV template {template!r}; choose one of {', '.join(TEMPLATES)}")
    data = json.dumps(view_model(cv), ensure_ascii=False)
    out = typst.compile(
        _template(template),
        format="pdf",
        sys_inputs={"data": data, "font": font_for(template)},
        timestamp=timestamp.replace(microsecond=0) if timestamp else None,
    )
    assert isinstance(out, bytes)
    return out


def render_png(cv: TailoredCV, template: str = DEFAULT_TEMPLATE, ppi: float = 80) -> list[bytes]:
    """Page images, to look at a layout without a PDF viewer."""
    data = json.dumps(view_model(cv), ensure_ascii=False)
    out = typst.compile(
        _template(template),
        format="png",
        ppi=ppi,
        sys_inputs={"data": data, "font": font_for(template)},
    )
    return out if isinstance(out, list) else [out] if isinstance(out, bytes) else []
