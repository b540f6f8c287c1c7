// amtsim serve: the page. Every text from a scenario or a result is put in as text
// (textContent), never as markup. The server checks every change with the messages of
// `amtsim check`; this script only collects them and shows the answers.
"use strict";

const T = {
  de: {
    title: "Amt simulieren", choose: "Amt wählen", office: "Amt", upload: "Eigene Szenario-Datei (TOML) hochladen",
    tab_controls: "Einstellungen", tab_advanced: "Erweitert (TOML)", policies: "Maßnahmen des Szenarios",
    advanced_help: "Hier lässt sich das ganze Szenario bearbeiten; es wird bei jeder Änderung geprüft. Die Einstellungen oben gelten zusätzlich.",
    toml_reset: "Zurücksetzen", replications: "Wiederholungen", run: "Berechnen", cancel: "Abbrechen",
    results: "Ergebnisse", results_help: "Jede Berechnung vergleicht den Status quo mit der Variante auf denselben Zufallszahlen; die Karten bleiben nebeneinander stehen.",
    other_lang: "English", was: "bisher", range: "erlaubt", figure: "Kennzahl", status_quo: "Status quo", variant: "Variante",
    difference: "Unterschied [95-%-Intervall]", verdict: "Bewertung", better: "besser", worse: "schlechter", unclear: "kein klarer Unterschied",
    same: "gleich", decision: "Entscheidungstabelle", teams: "Kennzahlen je Team", warnings: "Hinweise", charts: "Diagramme",
    downloads: "Herunterladen", dl_toml: "Variante als Szenario (TOML)", dl_report: "Bericht für den Ausschuss", dl_tar: "Ergebnisordner (tar)",
    no_changes: "keine Änderungen", queued: "wartet …", running: "rechnet", done: "fertig", failed: "fehlgeschlagen", cancelled: "abgebrochen",
    card: "Variante", reps: "Wiederholungen", cost: "Kosten pro Jahr (Unterschied)", off: "nie", time_off: "Freizeitausgleich", paid: "bezahlt",
    invalid: "Bitte zuerst die markierten Angaben korrigieren.", yes: "ja", no: "nein", higher: "höher", lower: "niedriger",
  },
  en: {
    title: "Simulate an office", choose: "Choose an office", office: "Office", upload: "Upload a scenario file (TOML)",
    tab_controls: "Settings", tab_advanced: "Advanced (TOML)", policies: "The scenario's measures",
    advanced_help: "Edit the whole scenario here; it is checked on every change. The settings above apply on top.",
    toml_reset: "Reset", replications: "Replications", run: "Compute", cancel: "Cancel",
    results: "Results", results_help: "Each computation compares the status quo with the variant on the same random numbers; the cards stay side by side.",
    other_lang: "Deutsch", was: "was", range: "allowed", figure: "Figure", status_quo: "Status quo", variant: "Variant",
    difference: "Difference [95 % interval]", verdict: "Verdict", better: "better", worse: "worse", unclear: "no clear difference",
    same: "same", decision: "Decision table", teams: "Figures per team", warnings: "Warnings", charts: "Charts",
    downloads: "Downloads", dl_toml: "Variant as a scenario (TOML)", dl_report: "Committee report", dl_tar: "Result folder (tar)",
    no_changes: "no changes", queued: "waiting …", running: "computing", done: "done", failed: "failed", cancelled: "cancelled",
    card: "Variant", reps: "replications", cost: "Cost per year (difference)", off: "never", time_off: "time off", paid: "paid",
    invalid: "Please correct the marked entries first.", yes: "yes", no: "no", higher: "higher", lower: "lower",
  },
};

const TEAM_FIGURES = ["portal_next_free_days_mean", "appointments_served", "walkin_sent_home", "backlog_end",
  "decision_within_8w_share", "expired_person_days", "counter_idle_hours", "overtime_hours", "cost_per_year"];

const state = { lang: "de", office: null, figures: null, values: {}, policies: new Set(), text: null, run: null, cards: [], valid: true, timer: null };
const token = new URLSearchParams(location.search).get("token");
const $ = (id) => document.getElementById(id);
const t = (key) => T[state.lang][key] || key;
const pick = (pair) => (Array.isArray(pair) ? pair[state.lang === "de" ? 0 : 1] : pair);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

async function api(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers["X-Amtsim-Token"] = token;
  const init = body === undefined ? { headers } : { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json();
  return { status: response.status, data };
}

function withToken(path) {
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

function number(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  const abs = Math.abs(x);
  const d = digits !== undefined ? digits : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat(state.lang === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: d, minimumFractionDigits: 0 }).format(x);
}

function translateStatic() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = t("other_lang");
}

// ---- offices ---------------------------------------------------------------------------

async function loadOffices(select) {
  const { data } = await api("/api/offices");
  const list = $("office");
  list.replaceChildren();
  for (const o of data.offices) list.append(el("option", { value: o.id, text: `${pick(o.title)} (${o.id})` }));
  if (select) list.value = select;
  else if (data.offices.some((o) => o.id === "district-office")) list.value = "district-office";
  await chooseOffice(list.value);
}

async function chooseOffice(id) {
  const { status, data } = await api(`/api/offices/${encodeURIComponent(id)}`);
  if (status !== 200) {
    showProblems($("problems"), data.problems);
    return;
  }
  state.office = data;
  state.values = {};
  state.policies = new Set();
  state.text = null;
  $("toml").value = data.text;
  $("replications").value = data.replications;
  renderOffice();
  await check();
}

function renderOffice() {
  const o = state.office;
  if (!o) return;
  $("office-title").textContent = pick(o.title);
  $("office-question").textContent = pick(o.question);
  renderWords(o.words);
  renderControls();
  renderPolicies();
}

function renderWords(words) {
  $("office-words").replaceChildren(...(words[state.lang] || []).map((p) => el("p", { text: p })));
}

// ---- controls --------------------------------------------------------------------------

function current(c) {
  return Object.prototype.hasOwnProperty.call(state.values, c.path) ? state.values[c.path] : c.value;
}

function renderControls() {
  const box = $("controls");
  box.replaceChildren();
  let fieldset = null;
  let section = null;
  for (const c of state.office.controls) {
    if (c.section !== section) {
      section = c.section;
      fieldset = el("fieldset", { "data-section": section }, el("legend", { text: pick(c.heading) }));
      box.append(fieldset);
    }
    if (c.kind === "fixed") continue;
    fieldset.append(renderControl(c));
  }
}

function rangeText(c) {
  if (c.min === null || c.max === null) return "";
  return `${t("range")}: ${number(c.min)}–${number(c.max)}`;
}

const UNITS = {
  share: ["Anteil (0–1)", "share (0–1)"], clock: ["Uhrzeiten", "clock times"], FTE: ["VZÄ", "FTE"], people: ["Personen", "people"],
  days: ["Tage", "days"], weeks: ["Wochen", "weeks"], months: ["Monate", "months"], factor: ["Faktor", "factor"],
  "tickets/day": ["Marken pro Tag", "tickets a day"], date: ["Datum", "date"],
};

function unitText(c) {
  return UNITS[c.unit] ? pick(UNITS[c.unit]) : c.unit;
}

function renderControl(c) {
  const id = `ctl-${c.path.replace(/[^A-Za-z0-9]/g, "-")}`;
  const changed = JSON.stringify(current(c)) !== JSON.stringify(c.value);
  const row = el("div", { class: changed ? "control changed" : "control" });
  const label = el("label", { for: id, text: pick(c.label) });
  let input;
  if (c.kind === "number") {
    input = el("input", { id, type: "number", min: c.min, max: c.max, step: c.step, value: current(c), "data-path": c.path });
    input.addEventListener("input", () => setValue(c, input.value === "" ? null : Number(input.value)));
  } else if (c.kind === "bool") {
    input = el("input", { id, type: "checkbox", "data-path": c.path });
    input.checked = Boolean(current(c));
    input.addEventListener("change", () => setValue(c, input.checked));
  } else if (c.kind === "choice") {
    input = el("select", { id, "data-path": c.path }, ...c.choices.map((v) => el("option", { value: v, text: t(v) })));
    input.value = current(c);
    input.addEventListener("change", () => setValue(c, input.value));
  } else if (c.kind === "hours") {
    input = el("input", { id, type: "text", value: current(c), "data-path": c.path, placeholder: "08:00-12:00, 13:30-15:30" });
    input.addEventListener("input", () => setValue(c, input.value));
  } else if (c.kind === "shares") {
    input = el("span", { class: "shares", id });
    for (const [i, item] of current(c).entries()) {
      const box = el("input", { type: "number", min: 0, max: 1, step: c.step, value: item.share, "data-path": `${c.path}[${i}].share`, "data-group": item.group });
      box.addEventListener("input", () => {
        const next = current(c).map((x) => ({ ...x }));
        next[i].share = Number(box.value);
        setValue(c, next);
      });
      input.append(el("label", {}, `${pick(item.label || item.group)} `, box));
    }
  }
  const before = c.kind === "bool" ? t(c.value ? "yes" : "no") : c.kind === "number" ? number(c.value) : t(String(c.value || "–"));
  const was = c.kind === "shares" ? "" : `${t("was")}: ${before}`;
  row.append(label, input, el("span", { class: "unit", text: unitText(c) }), el("span", { class: "range" }, rangeText(c), el("span", { class: "was", text: ` ${was}` })));
  return row;
}

function setValue(c, value) {
  state.values[c.path] = value;
  const row = document.querySelector(`[data-path="${CSS.escape(c.path)}"]`)?.closest(".control");
  if (row) row.classList.toggle("changed", JSON.stringify(value) !== JSON.stringify(c.value));
  scheduleCheck();
}

function renderPolicies() {
  const box = $("policies");
  box.replaceChildren(el("legend", { text: t("policies") }));
  for (const p of state.office.policies) {
    const id = `policy-${p.name}`;
    const input = el("input", { id, type: "checkbox", "data-policy": p.name });
    input.checked = state.policies.has(p.name);
    input.addEventListener("change", () => {
      if (input.checked) state.policies.add(p.name);
      else state.policies.delete(p.name);
      scheduleCheck();
    });
    box.append(el("div", {}, input, el("label", { for: id, text: ` ${pick(p.label)}` }), el("span", { class: "range", text: ` ${pick(p.description)}` })));
  }
  box.hidden = state.office.policies.length === 0;
}

// A control's value in the notation of `--set`.
function literal(c, value) {
  if (c.kind === "number") return value === null ? "" : String(value);
  if (c.kind === "bool") return value ? "true" : "false";
  if (c.kind === "choice" || c.kind === "fixed") return JSON.stringify(String(value));
  if (c.kind === "hours") {
    const windows = String(value).split(",").map((w) => w.trim()).filter((w) => w.length > 0);
    return `[${windows.map((w) => JSON.stringify(w)).join(", ")}]`;
  }
  if (c.kind === "shares") {
    const items = value.filter((x) => x.share > 0).map((x) => `{ group = ${JSON.stringify(x.group)}, share = ${x.share} }`);
    return `[${items.join(", ")}]`;
  }
  return String(value);
}

// The changes of the controls: those changed, and a Saturday opening as a whole once it is on.
function changes() {
  const out = [];
  const saturdays = state.office.controls.filter((c) => c.section === "saturdays");
  const every = saturdays.find((c) => c.path.endsWith(".every_weeks"));
  const saturdayChanged = saturdays.some((c) => Object.prototype.hasOwnProperty.call(state.values, c.path));
  for (const c of state.office.controls) {
    const value = current(c);
    if (c.section === "saturdays") {
      if (!saturdayChanged || !every) continue;
      if (Number(current(every)) === 0) {
        if (c === every && every.value !== 0) out.push(`${c.path}=0`);
        continue;
      }
    } else if (!Object.prototype.hasOwnProperty.call(state.values, c.path) || JSON.stringify(value) === JSON.stringify(c.value)) {
      continue;
    }
    out.push(`${c.path}=${literal(c, value)}`);
  }
  return out;
}

function request() {
  return {
    office: state.office.id,
    text: state.text,
    changes: changes(),
    policies: [...state.policies],
    replications: Number($("replications").value) || undefined,
    lang: state.lang,
  };
}

function scheduleCheck() {
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 250);
}

async function check() {
  if (!state.office) return;
  const { data } = await api("/api/check", request());
  state.valid = data.ok;
  showProblems($("problems"), data.problems);
  if (data.ok && data.words) renderWords(data.words);
  $("run").disabled = !data.ok || Boolean(state.run);
}

function showProblems(list, problems) {
  list.replaceChildren(...(problems || []).map((p) => el("li", { text: p })));
}

// ---- runs ------------------------------------------------------------------------------

async function startRun() {
  if (!state.valid) {
    $("run-message").textContent = t("invalid");
    return;
  }
  const body = request();
  const { status, data } = await api("/api/runs", body);
  if (status !== 202) {
    showProblems($("problems"), data.problems);
    return;
  }
  state.run = { id: data.id, changes: body.changes, policies: body.policies, edited: body.text !== null, office: state.office };
  $("run").disabled = true;
  $("running").hidden = false;
  $("run-message").textContent = t("queued");
  poll();
}

async function poll() {
  if (!state.run) return;
  const { data } = await api(`/api/runs/${state.run.id}`);
  $("progress").max = Math.max(1, data.total);
  $("progress").value = data.done;
  $("progress-text").textContent = `${data.done}/${data.total} ${t("reps")}`;
  $("run-message").textContent = t(data.state);
  if (data.state === "queued" || data.state === "running") {
    setTimeout(poll, 250);
    return;
  }
  const run = state.run;
  state.run = null;
  $("running").hidden = true;
  $("run").disabled = !state.valid;
  if (data.state === "done") {
    state.cards.push({ ...run, data, number: state.cards.length + 1 });
    renderCards();
  } else if (data.message) {
    showProblems($("problems"), data.message.split("\n"));
  }
}

async function cancelRun() {
  if (state.run) await api(`/api/runs/${state.run.id}/cancel`, {});
}

function renderCards() {
  $("results").replaceChildren(...state.cards.map(renderCard));
}

// A figure's label (a team's or case type's figure is shown under its heading).
function figureLabel(name) {
  const f = state.figures.find((x) => x.name === name.split("[")[0]);
  return f ? pick(f.label) : name;
}

function policyLabel(office, name) {
  const p = office.policies.find((x) => x.name === name);
  return p ? pick(p.label) : name;
}

// The changes in words: "Team …: Besetzte Stellen (VZÄ) 11 → 13"; a Saturday opening once.
function changeWords(office, changes) {
  const out = [];
  for (const line of changes) {
    const path = line.slice(0, line.indexOf("="));
    const value = line.slice(line.indexOf("=") + 1);
    const c = office.controls.find((x) => x.path === path);
    if (!c) {
      out.push(line);
      continue;
    }
    if (c.kind === "fixed" || c.kind === "shares") continue;
    const plain = value.replace(/[[\]"]/g, "");
    const was = c.kind === "number" ? number(c.value) : c.kind === "bool" ? t(c.value ? "yes" : "no") : t(String(c.value));
    const now = c.kind === "number" ? number(Number(value)) : c.kind === "bool" ? t(plain === "true" ? "yes" : "no") : t(plain);
    out.push(`${pick(c.heading)}: ${pick(c.label)} ${was} → ${now}`);
  }
  return out;
}

function teamLabel(office, team) {
  const c = office.controls.find((x) => x.section === `team:${team}`);
  return c ? pick(c.heading) : team;
}

function figureUnit(name) {
  const f = state.figures.find((x) => x.name === name.split("[")[0]);
  return f ? pick(f.unit) : "";
}

function verdict(f) {
  if (f.diff.mean === 0 && f.diff.ci95_low === 0 && f.diff.ci95_high === 0) return ["unclear", t("same")];
  if (f.diff_ci_contains_zero !== false) return ["unclear", t("unclear")];
  if (f.better === null) return ["unclear", t(f.diff.mean > 0 ? "higher" : "lower")];
  const lower = f.better === "lower";
  const better = lower ? f.diff.mean < 0 : f.diff.mean > 0;
  return better ? ["better", t("better")] : ["worse", t("worse")];
}

// A row of a figure: the values as people read them (a share in per cent, its difference in
// points), the exact values in data-value.
function figureRow(name, f) {
  const [cls, word] = verdict(f);
  const def = state.figures.find((x) => x.name === name.split("[")[0]);
  const scale = def && def.share ? 100 : 1;
  const show = (x) => number(x === null ? null : x * scale);
  const unit = def && def.share ? "%" : figureUnit(name);
  const ci = f.diff.ci95_low === null ? "" : ` [${show(f.diff.ci95_low)}, ${show(f.diff.ci95_high)}]`;
  return el(
    "tr",
    { "data-figure": name },
    el("td", { text: `${figureLabel(name)} (${unit})` }),
    el("td", { "data-value": f.baseline.mean, "data-arm": "baseline", text: show(f.baseline.mean) }),
    el("td", { "data-value": f.policy.mean, "data-arm": "variant", text: show(f.policy.mean) }),
    el("td", { "data-value": f.diff.mean, "data-arm": "diff", text: `${f.diff.mean > 0 ? "+" : ""}${show(f.diff.mean)}${ci}` }),
    el("td", { class: cls, text: word }),
  );
}

function table(rows) {
  const head = el("tr", {}, ...["figure", "status_quo", "variant", "difference", "verdict"].map((k) => el("th", { text: t(k) })));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
}

function renderCard(card) {
  const result = card.data.result;
  const variant = result.policies.variant;
  const figures = variant.figures;
  const headline = state.headline.filter((n) => figures[n] && figures[n].baseline.mean !== null && !Number.isNaN(figures[n].baseline.mean));
  const said = [...card.policies.map((p) => policyLabel(card.office, p)), ...changeWords(card.office, card.changes), ...(card.edited ? ["TOML"] : [])];
  const box = el("div", { class: "card", "data-run": card.data.id });
  box.append(el("h3", { text: `${t("card")} ${card.number}: ${pick(card.office.title)}` }));
  box.append(el("p", { class: "changes", "data-changes": card.changes.join("\n"), text: said.length ? said.join("; ") : t("no_changes") }));
  box.append(el("p", { text: `${result.replications} ${t("reps")}, seed ${result.seed}` }));
  box.append(el("h4", { text: t("decision") }), table(headline.map((n) => figureRow(n, figures[n]))));
  if (variant.cost && variant.cost.per_year_diff) {
    const c = variant.cost.per_year_diff;
    box.append(el("p", { "data-figure": "cost_per_year_diff", text: `${t("cost")}: ${c.mean > 0 ? "+" : ""}${number(c.mean, 0)} € [${number(c.ci95_low, 0)}, ${number(c.ci95_high, 0)}]` }));
  }
  const teams = (result.teams.baseline || []).map((x) => x.name);
  if (teams.length) {
    box.append(el("h4", { text: t("teams") }));
    for (const team of teams) {
      const rows = TEAM_FIGURES.map((n) => `${n}[${team}]`).filter((n) => figures[n] && !Number.isNaN(figures[n].baseline.mean) && figures[n].baseline.mean !== null);
      if (rows.length) box.append(el("h5", { text: teamLabel(card.office, team) }), table(rows.map((n) => figureRow(n, figures[n]))));
    }
  }
  const warnings = [...(result.warnings.baseline || []).map((w) => [t("status_quo"), w]), ...(result.warnings.variant || []).map((w) => [t("variant"), w])];
  if (warnings.length) {
    box.append(el("h4", { text: t("warnings") }));
    for (const [arm, w] of warnings) {
      const message = state.lang === "de" ? w.message_de || w.message : w.message;
      const remedy = state.lang === "de" ? w.remedy_de || w.remedy : w.remedy;
      box.append(el("div", { class: "warning", "data-warning": w.code }, `${arm}: ${message} (${remedy})`));
    }
  }
  if (card.data.charts.length) {
    box.append(el("h4", { text: t("charts") }));
    const charts = el("div", { class: "charts" });
    for (const name of card.data.charts) charts.append(el("img", { src: withToken(`/api/runs/${card.data.id}/charts/${name}`), alt: name }));
    box.append(charts);
  }
  const id = card.data.id;
  box.append(
    el("h4", { text: t("downloads") }),
    el("p", { class: "downloads" },
      el("a", { href: withToken(`/api/runs/${id}/variant.toml`), text: t("dl_toml") }),
      el("a", { href: withToken(`/api/runs/${id}/report.html`), target: "_blank", rel: "noopener", text: t("dl_report") }),
      el("a", { href: withToken(`/api/runs/${id}/results.tar`), text: t("dl_tar") })),
  );
  return box;
}

// ---- wiring ----------------------------------------------------------------------------

function showTab(advanced) {
  $("panel-controls").hidden = advanced;
  $("panel-advanced").hidden = !advanced;
  $("tab-controls").setAttribute("aria-selected", String(!advanced));
  $("tab-advanced").setAttribute("aria-selected", String(advanced));
}

async function upload(file) {
  const text = await file.text();
  const { status, data } = await api("/api/offices", text);
  if (status !== 200) {
    showProblems($("upload-problems"), data.problems);
    return;
  }
  showProblems($("upload-problems"), []);
  await loadOffices(data.id);
}

async function start() {
  const { data } = await api("/api/figures");
  state.figures = data.figures;
  state.headline = data.headline;
  translateStatic();
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "de" ? "en" : "de";
    translateStatic();
    renderOffice();
    renderCards();
  });
  $("office").addEventListener("change", () => chooseOffice($("office").value));
  $("upload").addEventListener("change", () => $("upload").files[0] && upload($("upload").files[0]));
  $("tab-controls").addEventListener("click", () => showTab(false));
  $("tab-advanced").addEventListener("click", () => showTab(true));
  $("toml").addEventListener("input", () => {
    state.text = $("toml").value;
    scheduleCheck();
  });
  $("toml-reset").addEventListener("click", () => {
    state.text = null;
    $("toml").value = state.office.text;
    scheduleCheck();
  });
  $("replications").addEventListener("input", scheduleCheck);
  $("run").addEventListener("click", startRun);
  $("cancel").addEventListener("click", cancelRun);
  await loadOffices();
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
