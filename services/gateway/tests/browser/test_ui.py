"""The web UI in headless Chromium: job list, job detail, and annotating by selecting text."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import expect

from jobintel.contracts import AnnotationUpdated, ApplyAnnotations, subjects
from jobintel.runtime.broker import cv_files
from jobintel.runtime.settings import Settings
from jobintel.runtime.testing import collect, jetstream, publish

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
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
        for event in (samples.ingested(), samples.structured(), samples.researched(),
                      samples.cv_generated()):
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
        [command] = await collect(js, subjects.CMD_ANNOTATION_APPLY, ApplyAnnotations,
                                  until=lambda e: len(e) >= 1)
        [annotation] = command.upserts
        assert annotation.quote == quote
        assert samples.jd().description_text[annotation.start:annotation.end] == quote
        assert annotation.type.value == "must_have"
        assert annotation.relevance == 5
        assert annotation.note == "the core of it"
        await publish(js, AnnotationUpdated(job_id=samples.job_id, producer="annotation",
                                            annotations=[annotation]))
        await publish(js, samples.annotated([annotation]))

    # the page reloads once the read model has it, and highlights the span
    mark = page.locator("#jd-text mark.ann")
    await mark.wait_for(timeout=15000)
    assert await mark.inner_text() == quote
    listed_item = page.locator(f'[data-annotation="{annotation.annotation_id}"]')
    assert "the core of it" in await listed_item.inner_text()
    coverage = await page.locator("[data-coverage]").inner_text()
    assert coverage == "1 of 4 sections annotated · 1 of 3 requirements (33%)"
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


async def test_the_other_pages_render(gateway: Any, browser: Any, eventually: Any) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    errors = watch_console(page)
    for path, heading in (("/jobs/new", "Add a job"), ("/profile", "Master CV"),
                          ("/dead-letters", "Dead letters")):
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
    await page.locator("textarea[name=resume]").fill(
        '{"basics": {"name": "Ada", "email": "nope"}}')
    await page.locator("[data-profile] button[type=submit]").click()
    shown = page.locator("[data-errors]")
    await shown.wait_for(state="visible")
    assert "resume.basics.email" in await shown.inner_text()
    # the refused PUT is the only error the browser saw
    assert len(errors) == 1, errors
    assert "422" in errors[0]

    # a pasted JSON Resume with its persona, plus a strength typed on the form, is saved
    await page.locator("textarea[name=resume]").fill(
        '{"resume": {"basics": {"name": "Ada Quill"}}, "persona": {"tone": "plain"}}')
    await page.locator("input[name=core_strengths]").fill("reliability, mentoring")
    await page.locator("[data-profile] button[type=submit]").click()
    await expect(page.locator("#flash")).to_have_text("Profile saved as version 1")

    async def saved() -> Any:
        resp = await gateway.client.get("/api/profile")
        return resp.json() if resp.status_code == 200 else None

    profile = await eventually(saved)
    assert profile["resume"]["basics"]["name"] == "Ada Quill"
    assert profile["persona"]["tone"] == "plain"
    assert profile["persona"]["core_strengths"] == ["reliability", "mentoring"]
    await page.close()


async def test_the_detail_page_follows_progress_live(
    gateway: Any, settings: Settings, samples: Any, eventually: Any, browser: Any
) -> None:
    from jobintel.contracts import Progress, ProgressState

    def progress(stage: str, state: ProgressState, percent: int, final: bool = False) -> Progress:
        return Progress(job_id=samples.job_id, producer=stage, stage=stage, state=state,
                        percent=percent, message=f"{stage} {percent}%", final=final)

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
    await expect(page.locator("[data-progress-message]")).to_have_text(
        "done: cv-generator 100%")
    assert await page.locator("[data-progress-log] li").count() == 2
    await page.close()


async def _history_is(gateway: Any, job_id: str, n: int) -> bool:
    return len((await gateway.client.get(f"/api/jobs/{job_id}")).json()["history"]) == n


@pytest.mark.parametrize("with_progress", [True, False], ids=["after-final", "aged-out"])
async def test_a_finished_job_does_not_reconnect_forever(
    gateway: Any, settings: Settings, samples: Any, eventually: Any, browser: Any,
    with_progress: bool,
) -> None:
    from jobintel.contracts import Progress, ProgressState

    async with jetstream(settings.nats_url) as (_, js):
        for event in (samples.ingested(), samples.structured(), samples.cv_generated()):
            await publish(js, event)
        if with_progress:
            for i, final in enumerate((True, False, True)):  # a first run, then a second
                await publish(js, Progress(job_id=samples.job_id, producer="cv-generator",
                                           stage="cv-generator", state=ProgressState.DONE,
                                           percent=100, message=f"run {i}", final=final))
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
