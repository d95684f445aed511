"""The web UI: server-rendered pages over the read model, plus a little vanilla JavaScript.

Scraped HTML is cleaned with nh3 before it reaches a page; everything else is auto-escaped.
With an API token set, pages need the login cookie (the same token).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import nh3
from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel, Field

from jobintel.contracts import AnnotationType, SourceKind

from ..deps import AppSettings, JetStream, State, Store
from ..domain.annotations import segments
from ..domain.projection import JobStatus, JobView
from ..ingest_readmodel import list_sources, run_history
from ..readmodel import JOBS, get_job, get_persona, get_profile, list_jobs
from ..schemas import CoverageOut
from ..security import COOKIE, check_presented, local_path, presented_token
from .companies import company_views
from .dead_letters import list_letters

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
PAGE_SIZE = 50


def clean_html(value: str | None) -> Markup:
    """Scraped HTML made safe to show: nh3 keeps formatting and drops scripts and handlers."""
    return Markup(nh3.clean(value or ""))  # sanitised by nh3 just now


def when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%Y-%m-%d %H:%M:%S UTC")


def http_url(value: str | None) -> str:
    """Links from scraped data: only http(s), never `javascript:` or `data:`."""
    return value if value and value.lower().startswith(("http://", "https://")) else "#"


templates.env.filters["clean_html"] = clean_html
templates.env.filters["http_url"] = http_url
templates.env.filters["when"] = when
templates.env.globals["statuses"] = [s.value for s in JobStatus]
templates.env.globals["annotation_types"] = [t.value for t in AnnotationType]
templates.env.globals["source_kinds"] = [k.value for k in SourceKind]


async def page_auth(request: Request, settings: AppSettings, state: State) -> None:
    if settings.api_token is None:
        return
    expected = settings.api_token.get_secret_value()
    if not check_presented(request, expected, presented_token(request), state.auth_failures):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        raise HTTPException(
            status.HTTP_303_SEE_OTHER, headers={"Location": f"/login?next={target}"}
        )


PageAuth = Depends(page_auth)


# Pages run only our own script and style files; scraped content cannot add any.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, headers=PAGE_HEADERS)


@router.get("/", response_class=HTMLResponse, dependencies=[PageAuth])
async def jobs_page(
    request: Request,
    store: Store,
    status_: Annotated[JobStatus | None, Query(alias="status")] = None,
    company: Annotated[str | None, Query(max_length=300)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    views, total = await list_jobs(
        store,
        status=status_.value if status_ else None,
        company=company or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    pages = max(1, -(-total // PAGE_SIZE))
    scope = {"company_key": company.casefold()} if company else {}
    counts = {s.value: await store.count(JOBS, {**scope, "status": s.value}) for s in JobStatus}
    return render(
        request,
        "jobs.html",
        jobs=views,
        total=total,
        status=status_,
        company=company or "",
        page=page,
        pages=pages,
        counts=counts,
    )


@router.get("/jobs/new", response_class=HTMLResponse, dependencies=[PageAuth])
async def new_job_page(request: Request) -> HTMLResponse:
    return render(request, "new_job.html")


@router.get("/jobs/{job_id}", response_class=HTMLResponse, dependencies=[PageAuth])
async def job_page(request: Request, job_id: str, store: Store) -> HTMLResponse:
    view = await get_job(store, job_id)
    if view is None:
        return render(request, "not_found.html", what=f"job {job_id}")
    text = view.description_text or ""
    jd = view.jd
    return render(
        request,
        "job.html",
        job=view,
        segments=segments(text, view.annotations),
        coverage=CoverageOut.of(jd),
        annotations=sorted(view.annotations, key=lambda a: (a.start, a.end)),
        must=[r for r in jd.requirements if r.kind.value == "must_have"] if jd else [],
        nice=[r for r in jd.requirements if r.kind.value == "nice_to_have"] if jd else [],
        downloads=downloads(view),
        letter_downloads=[
            (f.format.value.upper(), f"format={f.format.value}")
            for f in (view.cv.cover_letter.files if view.cv and view.cv.cover_letter else [])
        ],
    )


def downloads(view: JobView) -> list[tuple[str, str]]:
    """(label, query) of each CV file: "PDF (classic)" → "format=pdf&template=classic"."""
    out: list[tuple[str, str]] = []
    for f in view.cv.files if view.cv else []:
        label = f.format.value.upper() + (f" ({f.template})" if f.template else "")
        query = f"format={f.format.value}" + (
            f"&template={quote(f.template)}" if f.template else ""
        )
        out.append((label, query))
    return out


@router.get("/ingestion", response_class=HTMLResponse, dependencies=[PageAuth])
async def ingestion_page(request: Request, store: Store) -> HTMLResponse:
    """Sources with their schedule and filters, a form to define one, and each one's runs."""
    sources = await list_sources(store)
    history = {v.source.name: await run_history(store, v.source.name) for v in sources}
    return render(request, "ingestion.html", sources=sources, history=history)


@router.get("/companies/{company_id}", response_class=HTMLResponse, dependencies=[PageAuth])
async def company_page(request: Request, company_id: str, store: Store) -> HTMLResponse:
    views = await company_views(store, company_id)
    if not views or views[0].company_profile is None:
        return render(request, "not_found.html", what=f"company {company_id}")
    return render(request, "company.html", company=views[0].company_profile, jobs=views)


@router.get("/profile", response_class=HTMLResponse, dependencies=[PageAuth])
async def profile_page(request: Request, store: Store) -> HTMLResponse:
    profile = await get_profile(store)
    document = profile.resume.model_dump(mode="json", exclude_none=True) if profile else None
    return render(
        request,
        "profile.html",
        profile=profile,
        persona=await get_persona(store),
        document=json.dumps(document, indent=2, ensure_ascii=False) if document else "",
    )


@router.get("/dead-letters", response_class=HTMLResponse, dependencies=[PageAuth])
async def dead_letters_page(request: Request, js: JetStream, store: Store) -> HTMLResponse:
    letters = await list_letters(js, store, limit=200, offset=0)
    return render(request, "dead_letters.html", letters=letters)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=local_path(next))


class Login(BaseModel):
    token: str = Field(min_length=1, max_length=1000)


@router.post("/login")
async def login(request: Request, body: Login, settings: AppSettings, state: State) -> Response:
    if settings.api_token is None:
        return JSONResponse({"ok": True})
    if not check_presented(
        request, settings.api_token.get_secret_value(), body.token, state.auth_failures
    ):
        return JSONResponse({"detail": "wrong token"}, status_code=401)
    resp = JSONResponse({"ok": True})
    resp.set_cookie(
        COOKIE, body.token, httponly=True, samesite="strict", secure=False, max_age=30 * 24 * 3600
    )
    return resp


@router.post("/logout")
async def logout() -> Response:
    resp = JSONResponse({"ok": True})
    resp.delete_cookie(COOKIE)
    return resp
