"""The web UI in headless Chromium: jobs, annotating by selecting text, ingestion, companies."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from jobintel.contracts import AnnotationUpdated, ApplyAnnotations, ResearchCompany, subjects
from jobintel.ingestion.app import create_app as create_ingestion
from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.testkit.jetstream import collect, jetstream, publish, running

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("JOBINTEL_SCREENSHOTS")  # a folder to keep screenshots in, for a look
if SHOTS:
    Path(SHOTS).mkdir(parents=True, exist_ok=True)


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


def watch_console(page: Any) -> list[str]:
    """Errors the page logs (a script error, a blocked resource, a CSP violation)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


async def shot(page: Any, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


async def a_finished_job(settings: Settings, samples: Any) -> None:
    async with jetstream(settings.nats_url) as (_, js):
        bucket = await cv_files(js)
        await bucket.put(samples.cv_file().object_name, b"# Ada Quill\n")
        for event in (
            samples.ingested(),
            samples.structured(),
            samples.researched(),
            samples.cv_generated(),
        ):
            await publish(js, event)


async def test_list_detail_and_annotating_a_selection(
    gateway: Any, settings: Settings, samples: Any, eventually: Any, browser: Any
) -> None:
    await a_finished_job(settings, samples)

    async def listed() -> bool:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        return resp.status_code == 200 and len(resp.json()["history"]) == 4

    await eventually(listed)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    await page.goto(f"{gateway.url}/")
    row = page.locator(f'tr[data-job-id="{samples.job_id}"]')
    await row.wait_for()
    assert "Platform Engineer" in await row.inner_text()
    assert await row.locator(".badge").inner_text() == "CV ready"
    await page.locator(".status-tabs a", has_text="CV ready").click()
    await page.wait_for_url("**/?status=cv_ready")
    assert await page.locator("tbody tr").count() == 1
    # select all enables the bulk actions
    assert await page.locator('[data-bulk-action="discard"]').is_disabled()
    await page.locator("[data-select-all]").check()
    assert await page.locator('[data-bulk-action="discard"]').is_enabled()
    assert await page.locator("[data-selected-count]").inner_text() == "1 selected"
    await shot(page, "jobs")

    await row.locator("a").click()
    await page.wait_for_url(f"**/jobs/{samples.job_id}")
    assert await page.locator("h1").inner_text() == "Platform Engineer"
    assert "Noor Haddad" in await page.locator("body").inner_text()
    assert await page.locator(".score span").inner_text() == "82"
    md = page.locator('a.button[href$="format=md"]')
    assert await md.get_attribute("href") == f"/api/jobs/{samples.job_id}/cv?format=md"
    # the scraped HTML was sanitised: no script survives into the page
    assert await page.locator(".posting-html script").count() == 0

    # select "5+ years of Python" in the description, as a person would with the mouse
    quote = "5+ years of Python"
    await page.evaluate(
        """(quote) => {
            const box = document.getElementById("jd-text");
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
              const at = node.data.indexOf(quote);
              if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + quote.length);
                const sel = window.getSelection();
                sel.removeAllRanges();
                sel.addRange(range);
                box.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return;
              }
            }
            throw new Error("quote not found");
        }""",
        quote,
    )
    form = page.locator("[data-annotate]")
    await form.wait_for(state="visible")
    assert await form.locator("[data-quote]").inner_text() == quote
    await form.locator("select[name=type]").select_option("must_have")
    await form.locator("select[name=relevance]").select_option("5")
    await form.locator("input[name=note]").fill("the core of it")
    await shot(page, "annotating")
    await form.locator("button[type=submit]").click()

    # the command reached NATS with the right span; play the annotation service's answer
    async with jetstream(settings.nats_url) as (_, js):
        [command] = await collect(
            js, subjects.CMD_ANNOTATION_APPLY, ApplyAnnotations, until=lambda e: len(e) >= 1
        )
        [annotation] = command.upserts
        assert annotation.quote == quote
        assert samples.jd().description_text[annotation.start : annotation.end] == quote
        assert annotation.type.value == "must_have"
        assert annotation.relevance == 5
        assert annotation.note == "the core of it"
        await publish(
            js,
            AnnotationUpdated(
                job_id=samples.job_id, producer="annotation", annotations=[annotation]
            ),
        )
        await publish(js, samples.annotated([annotation]))

    # the page reloads once the read model has it, and highlights the span
    mark = page.locator("#jd-text mark.ann")
    await mark.wait_for(timeout=15000)
    assert await mark.inner_text() == quote
    listed_item = page.locator(f'[data-annotation="{annotation.annotation_id}"]')
    assert "the core of it" in await listed_item.inner_text()
    coverage = await page.locator("[data-coverage]").inner_text()
    assert coverage == "1 of 4 sections annotated · 1 of 3 requirements (33%)"

    # edit it: type, relevance and note go out as one change; the quote stays
    await listed_item.locator("[data-edit-annotation]").click()
    edit = listed_item.locator("[data-edit-form]")
    await edit.wait_for(state="visible")
    await edit.locator("select[name=type]").select_option("core_strength")
    await edit.locator("select[name=relevance]").select_option("2")
    await edit.locator("input[name=note]").fill("a strength, not a must")
    await shot(page, "annotation-edit")
    await edit.locator("button[type=submit]").click()
    async with jetstream(settings.nats_url) as (_, js):
        commands = await collect(
            js, subjects.CMD_ANNOTATION_APPLY, ApplyAnnotations, until=lambda e: len(e) >= 2
        )
        [edited] = commands[1].upserts
        assert edited.annotation_id == annotation.annotation_id
        assert (edited.type.value, edited.relevance, edited.note) == (
            "core_strength",
            2,
            "a strength, not a must",
        )
        assert (edited.start, edited.end, edited.quote) == (annotation.start, annotation.end, quote)
        await publish(
            js,
            AnnotationUpdated(job_id=samples.job_id, producer="annotation", annotations=[edited]),
        )
    await expect(listed_item).to_contain_text("a strength, not a must", timeout=15000)
    assert await listed_item.locator(".chip").inner_text() == "core strength"
    assert await page.locator("#jd-text mark.ann.t-core_strength").inner_text() == quote

    await shot(page, "job")
    if SHOTS:
        await page.emulate_media(color_scheme="dark")
        await shot(page, "job-dark")
        await page.emulate_media(color_scheme="light")

    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(f"{gateway.url}/")
    await shot(page, "jobs-mobile")
    assert errors == []
    await page.close()


async def test_the_other_pages_render(
    gateway: Any, browser: Any, eventually: Any, cv_files: Any
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    for path, heading in (
        ("/jobs/new", "Add a job"),
        ("/profile", "Master CV"),
        ("/dead-letters", "Dead letters"),
    ):
        await page.goto(f"{gateway.url}{path}")
        assert (await page.locator("h1").first.inner_text()).startswith(heading)
        await shot(page, path.strip("/").replace("/", "-"))
    # a pasted job lands on its own page, queued; then it is discarded from the list
    await page.goto(f"{gateway.url}/jobs/new")
    form = page.locator('[data-new-job="text"]')
    await form.locator("input[name=title]").fill("Lock Keeper")
    await form.locator("textarea[name=text]").fill("Lock Keeper\n\nOperate the river locks.")
    await form.locator("button[type=submit]").click()
    await page.wait_for_url("**/jobs/*-*")
    assert await page.locator("h1").inner_text() == "Lock Keeper"
    assert await page.locator(".badge").first.inner_text() == "queued"
    await page.goto(f"{gateway.url}/")
    page.on("dialog", lambda dialog: dialog.accept())
    await page.locator("[data-select-all]").check()
    await page.locator('[data-bulk-action="discard"]').click()
    badge = page.locator("tbody .badge")
    await badge.filter(has_text="discarded").wait_for(timeout=15000)

    # a profile with a bad email is refused with the field named
    await page.goto(f"{gateway.url}/profile")
    await page.locator("textarea[name=resume]").fill('{"basics": {"name": "Ada", "email": "nope"}}')
    await page.locator("[data-profile] button[type=submit]").click()
    shown = page.locator("[data-profile] [data-errors]")
    await shown.wait_for(state="visible")
    assert "basics.email" in await shown.inner_text()
    # the refused PUT is the only error the browser saw
    assert len(errors) == 1, errors
    assert "422" in errors[0]

    # a CV file becomes a draft in the editor, with the guessed fields listed
    await page.locator("input[name=cv]").set_input_files(
        files=[{"name": "ines.md", "mimeType": "text/markdown", "buffer": cv_files.markdown()}]
    )
    review = page.locator("[data-import-review]")
    await review.wait_for(state="visible")
    assert "basics.label" in await review.locator("[data-unsure]").inner_text()
    draft = json.loads(await page.locator("textarea[name=resume]").input_value())
    assert draft["work"][0]["name"] == "Saltmarsh Travel"

    # a pasted JSON Resume with older names is saved, and what was mapped is listed
    await page.locator("textarea[name=resume]").fill(
        '{"basics": {"name": "Ada Quill"}, "work": [{"company": "Harbour Ltd", '
        '"position": "Engineer", "startDate": "2019-03", "endDate": "Present"}]}'
    )
    await page.locator("[data-profile] button[type=submit]").click()
    await expect(page.locator("#flash")).to_have_text("Master CV saved as version 1")
    assert "work[0].company → work[0].name" in await page.locator("[data-report]").inner_text()

    # the persona is saved on its own, and the CV is kept
    await page.locator("[data-persona] input[name=tone]").fill("plain")
    await page.locator("[data-persona] input[name=core_strengths]").fill("reliability, mentoring")
    await page.locator("[data-persona] button[type=submit]").click()
    await expect(page.locator("#flash")).to_have_text(
        "Persona saved with the master CV as version 2"
    )

    async def saved() -> Any:
        resp = await gateway.client.get("/api/profile")
        return resp.json() if resp.status_code == 200 and resp.json()["version"] == 2 else None

    profile = await eventually(saved)
    assert profile["resume"]["basics"]["name"] == "Ada Quill"
    assert profile["resume"]["work"][0]["name"] == "Harbour Ltd"
    assert profile["persona"]["tone"] == "plain"
    assert profile["persona"]["core_strengths"] == ["reliability", "mentoring"]
    await page.close()


async def test_the_detail_page_follows_progress_live(
    gateway: Any, settings: Settings, samples: Any, eventually: Any, browser: Any
) -> None:
    from jobintel.contracts import Progress, ProgressState

    def progress(stage: str, state: ProgressState, percent: int, final: bool = False) -> Progress:
        return Progress(
            job_id=samples.job_id,
            producer=stage,
            stage=stage,
            state=state,
            percent=percent,
            message=f"{stage} {percent}%",
            final=final,
        )

    async with jetstream(settings.nats_url) as (_, js):
        await publish(js, samples.ingested())

        async def known() -> bool:
            return (await gateway.client.get(f"/api/jobs/{samples.job_id}")).status_code == 200

        await eventually(known)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(f"{gateway.url}/jobs/{samples.job_id}")
        assert await page.locator(".badge").first.inner_text() == "ingested"

        await publish(js, progress("annotation", ProgressState.RUNNING, 40))
        await expect(page.locator("[data-progress-message]")).to_contain_text("40%")
        assert await page.locator("[data-progress-stage]").inner_text() == "annotation"
        assert await page.locator("[data-progress-log] li").count() == 1

        # the pipeline finishes: the page shows the new state by itself
        for event in (samples.structured(), samples.researched(), samples.cv_generated()):
            await publish(js, event)
        await eventually(lambda: _history_is(gateway, samples.job_id, 4))
        await publish(js, progress("cv-generator", ProgressState.DONE, 100, final=True))
    await page.locator(".badge", has_text="CV ready").wait_for(timeout=15000)
    # the reloaded page replays the job's progress up to its final event
    await expect(page.locator("[data-progress-message]")).to_have_text("done: cv-generator 100%")
    assert await page.locator("[data-progress-log] li").count() == 2
    await page.close()


async def _history_is(gateway: Any, job_id: str, n: int) -> bool:
    return len((await gateway.client.get(f"/api/jobs/{job_id}")).json()["history"]) == n


@pytest.mark.parametrize("with_progress", [True, False], ids=["after-final", "aged-out"])
async def test_a_finished_job_does_not_reconnect_forever(
    gateway: Any,
    settings: Settings,
    samples: Any,
    eventually: Any,
    browser: Any,
    with_progress: bool,
) -> None:
    from jobintel.contracts import Progress, ProgressState

    async with jetstream(settings.nats_url) as (_, js):
        for event in (samples.ingested(), samples.structured(), samples.cv_generated()):
            await publish(js, event)
        if with_progress:
            for i, final in enumerate((True, False, True)):  # a first run, then a second
                await publish(
                    js,
                    Progress(
                        job_id=samples.job_id,
                        producer="cv-generator",
                        stage="cv-generator",
                        state=ProgressState.DONE,
                        percent=100,
                        message=f"run {i}",
                        final=final,
                    ),
                )
    await eventually(lambda: _history_is(gateway, samples.job_id, 3))
    page = await browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/events") else None)
    await page.goto(f"{gateway.url}/jobs/{samples.job_id}")
    expected = "done: run 2" if with_progress else "finished"
    await expect(page.locator("[data-progress-message]")).to_have_text(expected)
    await page.wait_for_timeout(4000)  # longer than EventSource's reconnection delay
    assert len(requests) == 1, requests
    await page.close()


async def test_the_ingestion_page_defines_a_source_runs_it_and_shows_its_runs(
    gateway: Any, settings: Settings, site: str, browser: Any
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    async with running(create_ingestion(settings)):
        await page.goto(f"{gateway.url}/")
        await page.locator(".topbar nav a", has_text="Ingestion").click()
        await page.wait_for_url("**/ingestion")
        assert await page.locator(".empty").count() == 1

        async def define(name: str, board: str, exclude: str = "", every: str = "") -> Any:
            form = page.locator("[data-define-source]")
            await form.locator("input[name=name]").fill(name)
            await form.locator("select[name=kind]").select_option("greenhouse")
            await form.locator("input[name=board]").fill(board)
            await form.locator("input[name=interval_minutes]").fill(every)
            await form.locator("input[name=title_exclude]").fill(exclude)
            if not await form.locator("input[name=base_url]").is_visible():
                await form.locator("summary", has_text="Advanced").click()
            await form.locator("input[name=base_url]").fill(site)
            await form.locator("button[type=submit]").click()
            card = page.locator(f'[data-source="{name}"]')
            await card.wait_for()
            return card

        tide = await define("tide", "tide", exclude="Crane")
        assert await tide.locator("[data-schedule]").inner_text() == "on demand only"
        assert "title without Crane" in await tide.locator("[data-filters]").inner_text()
        await tide.locator("[data-run-source]").click()
        run = tide.locator("tr[data-run]")
        await run.wait_for(timeout=30000)
        assert await run.locator(".badge").inner_text() == "ok"
        assert "1 filtered out" in await run.locator("[data-fetched]").inner_text()
        assert await run.locator("[data-new]").inner_text() == "1"
        assert await run.locator("[data-duplicates]").inner_text() == "0"

        # a board that is not there: the run says which URL failed, and why
        gone = await define("gone", "gone", every="720")
        assert await gone.locator("[data-schedule]").inner_text() == "every 720 min"
        await gone.locator("[data-run-source]").click()
        failed = gone.locator("tr[data-run]").first
        await failed.wait_for(timeout=30000)
        assert await failed.locator(".badge").inner_text() == "failed"
        assert await failed.locator("[data-errors]").inner_text() == "1"
        problem = await gone.locator("[data-run-errors]").first.inner_text()
        assert "/v1/boards/gone/jobs" in problem
        assert "404" in problem
        await shot(page, "ingestion")
        await page.set_viewport_size({"width": 390, "height": 844})
        await shot(page, "ingestion-mobile")
    # the run's new job is in the list
    jobs = (await gateway.client.get("/api/jobs")).json()["items"]
    assert [j["title"] for j in jobs] == ["Harbour Pilot"]
    assert errors == [], errors
    await page.close()


async def test_the_company_page_shows_the_research_and_refreshes_it(
    gateway: Any, settings: Settings, samples: Any, eventually: Any, browser: Any
) -> None:
    await a_finished_job(settings, samples)

    async def researched() -> bool:
        resp = await gateway.client.get(f"/api/jobs/{samples.job_id}")
        return resp.status_code == 200 and resp.json()["company_profile"] is not None

    await eventually(researched)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    await page.goto(f"{gateway.url}/jobs/{samples.job_id}")
    await page.locator("[data-company-link]").click()
    await page.wait_for_url("**/companies/tidewater.example")
    assert await page.locator("h1").inner_text() == "Tidewater"
    assert await page.locator("[data-summary]").inner_text() == (
        "Tide prediction software for harbours."
    )
    assert await page.locator("[data-summary-source]").get_attribute("href") == (
        "https://tidewater.example/about"
    )
    founded = page.locator("[data-fact]").first
    assert (await founded.inner_text()).startswith("2014")
    assert await founded.locator("a").get_attribute("href") == "https://tidewater.example/about"
    assert "Tidewater opens a Rotterdam office" in await page.locator(".news").inner_text()
    contact = page.locator("[data-contact]")
    text = await contact.inner_text()
    assert "Noor Haddad" in text
    assert "hiring manager" in text
    assert "Leads the platform team this role joins" in text
    assert (await contact.locator("[data-draft]").inner_text()).startswith("Hi Noor")
    assert await page.locator(f'.company-jobs a[href="/jobs/{samples.job_id}"]').count() == 1
    await shot(page, "company")

    await page.locator("[data-refresh-company]").click()
    await expect(page.locator("[data-refresh-company]")).to_have_text("Refreshing…")
    async with jetstream(settings.nats_url) as (_, js):
        [command] = await collect(
            js, subjects.CMD_RESEARCH, ResearchCompany, until=lambda e: len(e) >= 1
        )
    assert command.job_id == samples.job_id
    assert command.force_refresh is True
    if SHOTS:
        await page.emulate_media(color_scheme="dark")
        await shot(page, "company-dark")
    assert errors == [], errors
    await page.close()
