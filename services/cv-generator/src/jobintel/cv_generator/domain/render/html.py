"""HTML: one column, semantic headings and lists, no tables or images (ATS-safe)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from jobintel.contracts import TailoredCV

from .view import view_model

_ENV = Environment(
    loader=PackageLoader("jobintel.cv_generator", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(cv: TailoredCV) -> str:
    return _ENV.get_template("cv.html.j2").render(cv=view_model(cv))
