// jobintel web UI: a little vanilla JavaScript over the gateway's own API.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function flash(message, isError = false) {
  const box = $("#flash");
  if (!box) return;
  box.textContent = message;
  box.className = isError ? "error" : "";
  box.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => { box.hidden = true; }, isError ? 8000 : 4000);
}

// FastAPI errors: {"detail": "text"} or {"detail": [{"loc": [...], "msg": "..."}]}
function describeError(body, status) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => `${(e.loc || []).filter((p) => p !== "body").join(".")}: ${e.msg}`).join("; ");
  }
  return `request failed (HTTP ${status})`;
}

// `contentType` given: `body` (text or a File) is sent as it is, else as JSON.
async function api(method, url, body, contentType) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = contentType || "application/json";
    init.body = contentType ? body : JSON.stringify(body);
  }
  const resp = await fetch(url, init);
  let data = null;
  try { data = await resp.json(); } catch (_) { /* empty body */ }
  if (resp.status === 401 && url !== "/login") {
    location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  }
  if (!resp.ok) {
    const err = new Error(describeError(data, resp.status));
    err.data = data;
    throw err;
  }
  return data;
}

// Poll until `check()` is truthy: the read model follows the events a moment later.
async function until(check, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(300);
  }
  return false;
}

// ------------------------------------------------------------------ job list
function initJobList() {
  const bulk = $("[data-bulk]");
  if (!bulk) return;
  const boxes = () => $$('input[name="job"]');
  const selected = () => boxes().filter((b) => b.checked).map((b) => b.value);
  const all = $("[data-select-all]", bulk);
  const refresh = () => {
    const n = selected().length;
    $("[data-selected-count]", bulk).textContent = `${n} selected`;
    $$("[data-bulk-action]", bulk).forEach((b) => { b.disabled = n === 0; });
    all.checked = n > 0 && n === boxes().length;
    all.indeterminate = n > 0 && n < boxes().length;
  };
  all.addEventListener("change", () => { boxes().forEach((b) => { b.checked = all.checked; }); refresh(); });
  boxes().forEach((b) => b.addEventListener("change", refresh));
  $$("[data-bulk-action]", bulk).forEach((button) => button.addEventListener("click", async () => {
    const ids = selected();
    const action = button.dataset.bulkAction;
    try {
      if (action === "discard") {
        if (!confirm(`Discard ${ids.length} job(s)?`)) return;
        await api("POST", "/api/jobs/discard", { job_ids: ids });
        flash(`Discarded ${ids.length} job(s)`);
        await sleep(600);
        location.reload();
      } else {
        await api("POST", "/api/jobs/regenerate", { job_ids: ids, stage: action });
        flash(`Asked for ${action === "cv" ? "a new CV" : action} on ${ids.length} job(s)`);
      }
    } catch (e) { flash(e.message, true); }
  }));
  refresh();
}

// ------------------------------------------------------------------ live progress
function initProgress() {
  const card = $("[data-progress]");
  if (!card || !window.EventSource) return;
  const head = $("[data-job]");
  const bar = $("[data-progress-bar]", card);
  const log = $("[data-progress-log]", card);
  const source = new EventSource(card.dataset.progress);
  let seen = 0;
  let lastFinal = false;
  $("[data-progress-message]", card).textContent = "waiting for news…";
  source.addEventListener("progress", async (event) => {
    const p = JSON.parse(event.data);
    seen += 1;
    $("[data-progress-stage]", card).textContent = p.stage;
    $("[data-progress-message]", card).textContent = `${p.state}${p.message ? ": " + p.message : ""}`;
    bar.style.width = `${p.percent}%`;
    bar.parentElement.setAttribute("aria-valuenow", String(p.percent));
    const li = document.createElement("li");
    li.textContent = `${p.stage} · ${p.state} · ${p.percent}%${p.message ? " — " + p.message : ""}`;
    log.appendChild(li);
    card.classList.toggle("failed", p.state === "failed");
    card.classList.remove("done");
    lastFinal = p.final;
    if (p.final) {
      // not closed here: a replay may hold later runs (a regenerated CV) after this one
      card.classList.add(p.state === "failed" ? "failed" : "done");
      // show what the pipeline produced, once the read model has it
      const job = await api("GET", `/api/jobs/${head.dataset.job}`).catch(() => null);
      if (job && job.status !== head.dataset.status) location.reload();
    }
  });
  source.onerror = () => {
    // The server ends the stream after a final event with nothing after it, and at once for a
    // finished job whose progress has aged out: don't let the browser reconnect to those.
    // Anything else (a restart, a lost connection) reconnects, resuming by Last-Event-ID.
    if (lastFinal) {
      source.close();
      return;
    }
    if (seen === 0 && ["cv_ready", "failed", "discarded"].includes(head.dataset.status)) {
      source.close();
      $("[data-progress-message]", card).textContent = "finished";
      bar.style.width = "100%";
      card.classList.add(head.dataset.status === "failed" ? "failed" : "done");
    }
  };
}

// ------------------------------------------------------------------ annotator
// Offsets count code points, as the server does (JS strings count UTF-16 units).
const codePoints = (s) => Array.from(s).length;

function selectionIn(container) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(container, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const quote = range.toString();
  if (!quote.trim()) return null;
  const start = codePoints(before.toString());
  return { start, end: start + codePoints(quote), quote };
}

function initAnnotator() {
  const text = $("#jd-text");
  const form = $("[data-annotate]");
  if (!text || !form) return;
  const jobId = text.dataset.jobId;
  let pending = null;
  const offer = () => {
    const span = selectionIn(text);
    if (!span) return;
    pending = span;
    $("[data-quote]", form).textContent = span.quote.length > 160 ? span.quote.slice(0, 160) + "…" : span.quote;
    form.hidden = false;
  };
  text.addEventListener("mouseup", () => { offer(); if (!form.hidden) $("select[name=type]", form).focus(); });
  text.addEventListener("keyup", offer); // shift + arrows
  // touch screens select by long-press and handles, with no mouseup: wait until it settles
  let settle = null;
  document.addEventListener("selectionchange", () => {
    clearTimeout(settle);
    settle = setTimeout(offer, 500);
  });
  $("[data-annotate-cancel]", form).addEventListener("click", () => { form.hidden = true; pending = null; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!pending) return;
    const body = {
      ...pending,
      type: form.elements.type.value,
      relevance: Number(form.elements.relevance.value),
      note: form.elements.note.value.trim() || null,
    };
    try {
      const answer = await api("POST", `/api/jobs/${jobId}/annotations`, body);
      const id = answer.annotation_ids[0];
      form.hidden = true;
      flash("Annotation saved; the CV will follow it");
      await until(async () => (await api("GET", `/api/jobs/${jobId}/annotations`)).some((a) => a.annotation_id === id));
      location.reload();
    } catch (e) { flash(e.message, true); }
  });
  $$("[data-edit-annotation]").forEach((button) => button.addEventListener("click", () => {
    const edit = $(`[data-edit-form="${button.dataset.editAnnotation}"]`);
    edit.hidden = !edit.hidden;
    if (!edit.hidden) edit.elements.type.focus();
  }));
  $$("[data-edit-form]").forEach((edit) => {
    $("[data-edit-cancel]", edit).addEventListener("click", () => { edit.hidden = true; });
    edit.addEventListener("submit", async (event) => {
      event.preventDefault();
      const id = edit.dataset.editForm;
      const body = {
        type: edit.elements.type.value,
        relevance: Number(edit.elements.relevance.value),
        note: edit.elements.note.value.trim() || null,
      };
      const same = (a) => a.annotation_id === id && a.type === body.type
        && a.relevance === body.relevance && (a.note || null) === body.note;
      try {
        await api("PATCH", `/api/jobs/${jobId}/annotations/${id}`, body);
        edit.hidden = true;
        flash("Annotation changed; the CV will follow it");
        await until(async () => (await api("GET", `/api/jobs/${jobId}/annotations`)).some(same));
        location.reload();
      } catch (e) { flash(e.message, true); }
    });
  });
  $$("[data-delete-annotation]").forEach((button) => button.addEventListener("click", async () => {
    const id = button.dataset.deleteAnnotation;
    try {
      await api("DELETE", `/api/jobs/${jobId}/annotations/${id}`);
      button.closest("li").style.opacity = "0.4";
      await until(async () => !(await api("GET", `/api/jobs/${jobId}/annotations`)).some((a) => a.annotation_id === id));
      location.reload();
    } catch (e) { flash(e.message, true); }
  }));
}

// ------------------------------------------------------------------ job actions
function initJobActions() {
  const head = $("[data-job]");
  if (!head) return;
  const jobId = head.dataset.job;
  $$("[data-job-action]").forEach((button) => button.addEventListener("click", async () => {
    const action = button.dataset.jobAction;
    try {
      if (action === "discard") {
        const reason = prompt("Why set this job aside? (optional)");
        if (reason === null) return;
        await api("POST", "/api/jobs/discard", { job_ids: [jobId], reason: reason || null });
        await until(async () => (await api("GET", `/api/jobs/${jobId}`)).status === "discarded");
        location.reload();
      } else {
        await api("POST", "/api/jobs/regenerate", { job_ids: [jobId], stage: action });
        flash(action === "cv" ? "A new CV is on its way" : "Research started again");
        setTimeout(() => location.reload(), 1500);
      }
    } catch (e) { flash(e.message, true); }
  }));
}

// ------------------------------------------------------------------ forms
function initNewJob() {
  $$("[data-new-job]").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (String(value).trim()) body[key] = String(value);
    }
    try {
      const answer = await api("POST", "/api/jobs", body);
      location.href = `/jobs/${answer.job_id}`;
    } catch (e) { flash(e.message, true); }
  }));
}

function showProblems(box, title, e) {
  const detail = e.data && Array.isArray(e.data.detail) ? e.data.detail : null;
  box.replaceChildren();
  const head = document.createElement("strong");
  head.textContent = (e.data && e.data.message) || title;
  const ul = document.createElement("ul");
  (detail || [{ loc: [], msg: e.message }]).forEach((d) => {
    const li = document.createElement("li");
    const where = d.field || (d.loc || []).filter((p) => p !== "body").join(".");
    li.textContent = where ? `${where}: ${d.msg}` : d.msg;
    ul.appendChild(li);
  });
  box.append(head, ul);
  box.hidden = false;
}

function listInto(box, title, items) {
  if (!items.length) return;
  const head = document.createElement("strong");
  head.textContent = title;
  const ul = document.createElement("ul");
  items.forEach((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    ul.appendChild(li);
  });
  box.append(head, ul);
}

function initProfile() {
  const form = $("[data-profile]");
  if (!form) return;
  const errors = $("[data-errors]", form);
  const report = $("[data-report]", form);
  form.elements.file.addEventListener("change", async () => {
    const file = form.elements.file.files[0];
    if (file) form.elements.resume.value = await file.text();
  });

  // a CV file becomes a draft in the textarea, with the guessed fields listed for review
  const importer = $("[data-cv-import]");
  if (importer) {
    const review = $("[data-import-review]", importer);
    const importErrors = $("[data-errors]", importer);
    importer.elements.cv.addEventListener("change", async () => {
      const file = importer.elements.cv.files[0];
      if (!file) return;
      importErrors.hidden = true;
      review.hidden = true;
      try {
        const url = `/api/profile/import?filename=${encodeURIComponent(file.name)}`;
        const answer = await api("POST", url, file, file.type || "application/octet-stream");
        form.elements.resume.value = JSON.stringify(answer.draft, null, 2);
        const unsure = $("[data-unsure]", review);
        unsure.replaceChildren(...answer.unsure.map((path) => {
          const li = document.createElement("li");
          li.textContent = path;
          return li;
        }));
        $("[data-import-notes]", review).textContent = answer.notes.join(" · ");
        review.hidden = false;
        flash("Draft ready: review it below, then save the master CV");
      } catch (e) {
        showProblems(importErrors, "The file was not read:", e);
      }
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.hidden = true;
    report.hidden = true;
    const text = form.elements.resume.value.trim();
    let isJson = true;
    try { JSON.parse(text); } catch (_) { isJson = false; }
    const type = isJson || text.startsWith("{") ? "application/json" : "application/yaml";
    try {
      const answer = await api("PUT", "/api/profile", text, type);
      flash(`Master CV saved as version ${answer.version}`);
      report.replaceChildren();
      listInto(report, "Older field names read as the current ones:",
        answer.mapped.map((m) => `${m.from} → ${m.to}`));
      listInto(report, "Values rewritten:", answer.normalised.map((n) =>
        `${n.field}: ${JSON.stringify(n.was)} → ${n.now === null ? "(left out)" : JSON.stringify(n.now)}, ${n.note}`));
      listInto(report, "Kept but not used:", answer.ignored.map((i) => `${i.field}: ${i.reason}`));
      listInto(report, "Kept as written (not in the schema):", answer.unknown_kept);
      if (answer.deprecated) listInto(report, "Deprecated:", [answer.deprecated]);
      report.hidden = !report.childElementCount;
    } catch (e) {
      showProblems(errors, "The master CV was not saved:", e);
    }
  });

  const personaForm = $("[data-persona]");
  if (personaForm) {
    const personaErrors = $("[data-errors]", personaForm);
    const list = (value) => value.split(",").map((s) => s.trim()).filter(Boolean);
    personaForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      personaErrors.hidden = true;
      const value = (name) => personaForm.elements[name].value.trim();
      const persona = {
        identity: value("identity") || null,
        core_strengths: list(value("core_strengths")),
        target_roles: list(value("target_roles")),
        tone: value("tone") || null,
      };
      try {
        const answer = await api("PUT", "/api/profile/persona", persona);
        flash(answer.version ? `Persona saved with the master CV as version ${answer.version}`
                             : "Persona saved; it is used from your first master CV");
      } catch (e) {
        showProblems(personaErrors, "The persona was not saved:", e);
      }
    });
  }
}

// ------------------------------------------------------------------ ingestion
function initIngestion() {
  const form = $("[data-define-source]");
  if (form) {
    const errors = $("[data-errors]", form);
    const words = (value) => value.split(",").map((s) => s.trim()).filter(Boolean);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errors.hidden = true;
      const f = form.elements;
      const text = (name) => f[name].value.trim();
      const body = {
        name: text("name"),
        kind: f.kind.value,
        filters: {
          title_include: words(f.title_include.value),
          title_exclude: words(f.title_exclude.value),
          locations: words(f.locations.value),
          remote_only: f.remote_only.checked,
        },
      };
      for (const name of ["board", "url", "company", "base_url"]) if (text(name)) body[name] = text(name);
      if (text("interval_minutes")) body.interval_minutes = Number(text("interval_minutes"));
      try {
        await api("POST", "/api/sources", body);
        flash(`Source ${body.name} saved`);
        location.reload();
      } catch (e) {
        errors.textContent = e.message;
        errors.hidden = false;
      }
    });
  }
  $$("[data-run-source]").forEach((button) => button.addEventListener("click", async () => {
    const name = button.dataset.runSource;
    button.disabled = true;
    button.textContent = "Running…";
    try {
      const answer = await api("POST", `/api/ingest/${encodeURIComponent(name)}/run`);
      flash(`Run of ${name} started`);
      const done = await until(async () => (await api("GET", answer.history_url)).some((r) => r.run_id === answer.run_id), 60000);
      if (done) location.reload();
      else flash(`The run of ${name} has not finished yet; reload later`, true);
    } catch (e) { flash(e.message, true); }
    button.disabled = false;
    button.textContent = "Run now";
  }));
}

function initCompany() {
  $$("[data-refresh-company]").forEach((button) => button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await api("POST", `/api/companies/${encodeURIComponent(button.dataset.refreshCompany)}/refresh`);
      button.textContent = "Refreshing…";
      flash("Research started again; this page shows the new profile when it is ready");
    } catch (e) {
      button.disabled = false;
      flash(e.message, true);
    }
  }));
}

function initDeadLetters() {
  $$("[data-replay]").forEach((button) => button.addEventListener("click", async () => {
    try {
      await api("POST", `/api/dead-letters/${button.dataset.replay}/replay`);
      button.textContent = "Replayed";
      button.disabled = true;
    } catch (e) { flash(e.message, true); }
  }));
}

function initLogin() {
  const form = $("[data-login]");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", "/login", { token: form.elements.token.value });
      location.href = form.dataset.next || "/";
    } catch (e) { flash(e.message, true); }
  });
}

function initSmallThings() {
  $$("[data-autosubmit]").forEach((el) => el.addEventListener("change", () => el.form.submit()));
  $$("[data-score]").forEach((el) => el.style.setProperty("--score", el.dataset.score));
}

document.addEventListener("DOMContentLoaded", () => {
  initSmallThings();
  initJobList();
  initProgress();
  initAnnotator();
  initJobActions();
  initNewJob();
  initProfile();
  initIngestion();
  initCompany();
  initDeadLetters();
  initLogin();
});
