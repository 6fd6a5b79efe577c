// seisaku 政策検索 — analyst page.
//
// One source of truth: `state` (query, filters, paging, sort). Every user action builds the next
// state, records it in the URL (history.pushState) and re-runs the search; on load and on
// popstate the state is read back from the URL. `<main data-state>` tells automated tests where
// a search stands: "idle" | "loading" | "ready" | "error".
//
// Security: all text is inserted with textContent / Text nodes. The one exception is the hit
// snippet, which the server HTML-escapes apart from its <mark> highlight tags.

"use strict";

const PAGE_SIZE = 10;
const SORTS = ["relevance", "date"];
const FACET_KINDS = ["ministry", "fiscal_year", "theme"];
const SVG_NS = "http://www.w3.org/2000/svg";
// Terms listed in each discovery panel, and related passages per "related" click.
const DISCOVERY_TERMS = 12;
const RELATED_PASSAGES = 8;

// Chart geometry in viewBox units; the SVG scales to the width of its container.
const CHART_WIDTH = 640;
const CHART_HEIGHT = 240;
const CHART_MARGIN = { top: 16, right: 12, bottom: 28, left: 84 };
const CHART_ROTATED_LABELS_BOTTOM = 48;
const CHART_MAX_UPRIGHT_LABELS = 12;
// What the trend chart's bars show: matching passages, or their share of the year's passages.
const CHART_MEASURES = {
  count: {
    caption: "該当段落数",
    axis: "段落数",
    value: (bucket) => bucket.matching,
    tick: (value) => formatCount(Math.round(value)),
  },
  share: {
    caption: "該当段落の割合",
    axis: "割合 (%)",
    value: (bucket) => bucket.per_mille / 10,
    tick: (value) => formatShare(value),
  },
};

const dom = {
  main: document.getElementById("app"),
  form: document.getElementById("search-form"),
  q: document.getElementById("q"),
  sort: document.getElementById("sort"),
  filters: document.querySelector(".filters"),
  activeFilters: document.querySelector(".active-filters"),
  chips: document.getElementById("chips"),
  facetLists: {
    ministry: document.getElementById("facet-ministry"),
    fiscal_year: document.getElementById("facet-fiscal_year"),
    theme: document.getElementById("facet-theme"),
  },
  error: document.getElementById("error"),
  summary: document.getElementById("summary"),
  chart: document.getElementById("chart"),
  chartCaption: document.getElementById("chart-caption"),
  chartBody: document.getElementById("chart-body"),
  chartToggle: document.getElementById("chart-toggle"),
  discovery: document.getElementById("discovery"),
  termsPanel: document.getElementById("terms-panel"),
  termsNote: document.getElementById("terms-note"),
  termsList: document.getElementById("terms-list"),
  cooccurPanel: document.getElementById("cooccur-panel"),
  cooccurNote: document.getElementById("cooccur-note"),
  cooccurList: document.getElementById("cooccur-list"),
  empty: document.getElementById("empty"),
  hits: document.getElementById("hits"),
  pager: document.getElementById("pager"),
  pageInfo: document.getElementById("page-info"),
  prev: document.getElementById("prev"),
  next: document.getElementById("next"),
};

let state = stateFromUrl("");
// Paging as last reported by the server: { offset, limit, next_offset }.
let page = { offset: 0, limit: PAGE_SIZE, next_offset: null };
// Aborts the previous search when a new one starts.
let inFlight = null;
// The chart's measure (a key of CHART_MEASURES) and the trend it last drew.
let chartMeasure = "count";
let lastTrend = null;

/** An error reported by the API as `{ "error": { "code", "message" } }`. */
class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// State and URL

/** Reads the page state from a query string such as `location.search`. */
function stateFromUrl(search) {
  const params = new URLSearchParams(search);
  const offset = Number.parseInt(params.get("offset") ?? "", 10);
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").trim(),
    ministry: distinctValues(params.getAll("ministry")),
    fy: (params.get("fy") ?? "").trim(),
    theme: distinctValues(params.getAll("theme")),
    offset: offset > 0 ? offset : 0,
    sort: SORTS.includes(sort) ? sort : "relevance",
  };
}

function distinctValues(values) {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

function hasCriteria(s) {
  return s.q !== "" || s.ministry.length > 0 || s.fy !== "" || s.theme.length > 0;
}

/** The query and filter parameters shared by the page URL and the API calls. */
function criteriaParams(s) {
  const params = new URLSearchParams({ q: s.q });
  for (const ministry of s.ministry) params.append("ministry", ministry);
  if (s.fy) params.set("fy", s.fy);
  for (const theme of s.theme) params.append("theme", theme);
  return params;
}

/** The shareable page URL; defaults (offset 0, relevance sort) are left out. */
function pageUrl(s) {
  if (!hasCriteria(s)) return location.pathname;
  const params = criteriaParams(s);
  if (s.offset > 0) params.set("offset", String(s.offset));
  if (s.sort !== "relevance") params.set("sort", s.sort);
  return `${location.pathname}?${params}`;
}

function searchApiUrl(s) {
  const params = criteriaParams(s);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(s.offset));
  params.set("sort", s.sort);
  return `/api/search?${params}`;
}

function trendApiUrl(s) {
  const params = new URLSearchParams({ q: s.q, by: "fy" });
  if (s.fy) params.set("fy", s.fy);
  return `/api/trend?${params}`;
}

/** Characteristic terms of the selected fiscal year (within the query and filters) against the rest. */
function termsApiUrl(s) {
  const params = criteriaParams(s);
  params.set("limit", String(DISCOVERY_TERMS));
  return `/api/terms?${params}`;
}

/** Terms that occur with the query (within the filters). */
function cooccurApiUrl(s) {
  const params = criteriaParams(s);
  params.set("limit", String(DISCOVERY_TERMS));
  return `/api/cooccur?${params}`;
}

/** Passages like passage `id` (`DOCUMENT#N`), from other documents. */
function relatedApiUrl(passage) {
  return `/api/passages/${encodeURIComponent(passage)}/related?limit=${RELATED_PASSAGES}`;
}

/** Switches to `next`, records it as a new history entry and runs it. */
function navigate(next) {
  state = next;
  const url = pageUrl(state);
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
  run();
}

/** Loads the state from the address bar (initial load and back/forward). */
function restoreFromUrl() {
  state = stateFromUrl(location.search);
  dom.q.value = state.q;
  dom.sort.value = state.sort;
  run();
}

/** Returns `s` with one facet value switched on or off, back on the first page. */
function toggleFilter(s, kind, value) {
  if (kind === "fiscal_year") return { ...s, fy: s.fy === value ? "" : value, offset: 0 };
  const values = s[kind].includes(value) ? s[kind].filter((v) => v !== value) : [...s[kind], value];
  return { ...s, [kind]: values, offset: 0 };
}

function selectedValues(kind) {
  if (kind === "fiscal_year") return /^\d{4}$/.test(state.fy) ? [state.fy] : [];
  return state[kind];
}

// ---------------------------------------------------------------------------------------------
// Fetching

/** GETs JSON; rejects with an Error whose message is fit to show to the user. */
async function fetchJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (err) {
    throw new Error(`サーバーに接続できませんでした (${err.message})`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `HTTP ${response.status} ${response.statusText}`;
    throw new ApiError(message, body?.error?.code ?? `http_${response.status}`);
  }
  if (body === null) throw new Error("サーバーの応答を読み取れませんでした");
  return body;
}

/** Aborts whatever is still loading and returns the signal for the next request. */
function freshSignal() {
  inFlight?.abort();
  inFlight = new AbortController();
  return inFlight.signal;
}

function run() {
  document.title = state.q ? `${state.q} — seisaku 政策検索` : "seisaku 政策検索";
  renderChips();
  const signal = freshSignal();
  if (hasCriteria(state)) {
    search(state, signal);
    discover(state, signal);
  } else {
    showIdle(signal);
    hideDiscovery();
  }
}

/** Runs a search and its trend chart in parallel; never rejects. */
async function search(s, signal) {
  setPhase("loading");
  const [result, trend] = await Promise.allSettled([
    fetchJson(searchApiUrl(s), signal),
    s.q ? fetchJson(trendApiUrl(s), signal) : Promise.resolve(null),
  ]);
  if (signal.aborted) return;

  hideError();
  if (result.status === "fulfilled") renderResults(result.value);
  else clearResults();
  if (trend.status === "fulfilled" && trend.value) renderChart(trend.value);
  else hideChart();

  const failure = [result, trend].find((outcome) => outcome.status === "rejected");
  if (failure) {
    showError(failure.reason);
    setPhase("error");
  } else {
    setPhase("ready");
  }
}

/** Nothing to search: clears the results and shows the facets of the whole corpus. */
async function showIdle(signal) {
  setPhase("idle");
  hideError();
  clearResults();
  hideChart();
  try {
    const corpus = await fetchJson("/api/facets", signal);
    if (signal.aborted) return;
    renderFacets(corpus.facets);
    dom.summary.textContent =
      `収録: ${formatCount(corpus.documents)} 文書 · ` +
      `${formatCount(corpus.passages)} 段落`;
  } catch (err) {
    if (signal.aborted) return;
    showError(err);
    setPhase("error");
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering: page state

function setPhase(phase) {
  dom.main.dataset.state = phase;
  dom.main.setAttribute("aria-busy", String(phase === "loading"));
}

function showError(err) {
  dom.error.textContent = err.message;
  dom.error.dataset.code = err.code ?? "";
  dom.error.hidden = false;
}

function hideError() {
  dom.error.hidden = true;
  dom.error.textContent = "";
  delete dom.error.dataset.code;
}

function renderResults(result) {
  const hits = result.hits ?? [];
  renderSummary(result);
  renderFacets(result.facets);
  dom.hits.replaceChildren(...hits.map(hitItem));
  dom.empty.hidden = hits.length > 0;
  renderPager(result, hits.length);
}

function clearResults() {
  dom.summary.textContent = "";
  dom.hits.replaceChildren();
  dom.empty.hidden = true;
  dom.pager.hidden = true;
}

function renderSummary(result) {
  const parts = [
    `${formatCount(result.total)} 件の文書 ` +
      `(${formatCount(result.total_passages)} 段落)`,
    `${Number(result.took_ms).toFixed(1)} ms`,
  ];
  const expansions = describeExpansions(result.expanded);
  if (expansions) parts.push(`展開: ${expansions}`);
  dom.summary.textContent = parts.join(" · ");
}

/** `{ "IoT-SSF": ["IoTセキュリティ…"] }` → "IoT-SSF → IoTセキュリティ…". */
function describeExpansions(expanded) {
  return Object.entries(expanded ?? {})
    .filter(([, terms]) => terms.length > 0)
    .map(([term, terms]) => `${term} → ${terms.join(" / ")}`)
    .join("; ");
}

function renderPager(result, shown) {
  page = { offset: result.offset, limit: result.limit, next_offset: result.next_offset };
  dom.pager.hidden = result.total === 0;
  dom.pageInfo.textContent = shown > 0
    ? `${formatCount(result.offset + 1)}–${formatCount(result.offset + shown)} / ${formatCount(result.total)}`
    : `0 / ${formatCount(result.total)}`;
  dom.prev.disabled = result.offset === 0;
  dom.next.disabled = result.next_offset == null;
}

// ---------------------------------------------------------------------------------------------
// Rendering: facets and filter chips

const FACET_ORDER = {
  ministry: byCountThenValue,
  fiscal_year: ([a], [b]) => Number(a) - Number(b),
  theme: byCountThenValue,
};

function byCountThenValue([valueA, countA], [valueB, countB]) {
  return countB - countA || valueA.localeCompare(valueB, "ja");
}

function renderFacets(facets) {
  for (const kind of FACET_KINDS) renderFacetList(kind, facets?.[kind] ?? {});
}

/** One facet list; selected values stay listed (with count 0) when nothing matches them. */
function renderFacetList(kind, counts) {
  const list = dom.facetLists[kind];
  const focusedValue = list.contains(document.activeElement) ? document.activeElement.dataset.value : null;

  const entries = Object.entries(counts);
  for (const value of selectedValues(kind)) {
    if (!(value in counts)) entries.push([value, 0]);
  }
  entries.sort(FACET_ORDER[kind]);
  list.replaceChildren(...entries.map(([value, count]) => facetItem(kind, value, count)));

  // Re-rendering replaces the buttons: keep keyboard focus on the value that was toggled.
  if (focusedValue != null) {
    [...list.querySelectorAll("button")].find((b) => b.dataset.value === focusedValue)?.focus();
  }
}

function facetItem(kind, value, count) {
  const selected = selectedValues(kind).includes(value);
  const button = el(
    "button",
    {
      type: "button",
      class: selected ? "facet selected" : "facet",
      "data-kind": kind,
      "data-value": value,
      "aria-pressed": String(selected),
    },
    kind === "fiscal_year" ? formatFy(value) : value,
    " ",
    el("span", { class: "count" }, formatCount(count)),
  );
  return el("li", {}, button);
}

function renderChips() {
  const chips = [
    ...state.ministry.map((value) => chip("ministry", value, `府省庁: ${value}`)),
    ...(state.fy ? [chip("fiscal_year", state.fy, `年度: ${formatFy(state.fy)}`)] : []),
    ...state.theme.map((value) => chip("theme", value, `テーマ: ${value}`)),
  ];
  dom.chips.replaceChildren(...chips);
  dom.activeFilters.hidden = chips.length === 0;
}

/** A removable filter chip; it carries the same data-kind/data-value as its facet button. */
function chip(kind, value, label) {
  const button = el(
    "button",
    { type: "button", class: "chip", "data-kind": kind, "data-value": value, "aria-label": `${label} を解除` },
    label,
    el("span", { class: "chip-remove", "aria-hidden": "true" }, "×"),
  );
  return el("li", {}, button);
}

// ---------------------------------------------------------------------------------------------
// Rendering: hits

function hitItem(hit) {
  return el(
    "li",
    { class: "hit", "data-id": hit.id },
    hitTitle(hit),
    hitMeta(hit),
    hitBadges(hit),
    hitSnippet(hit),
    hitFooter(hit),
  );
}

function hitTitle(hit) {
  const title = hit.title || hit.id;
  const content = isHttpUrl(hit.source_url)
    ? el("a", { href: hit.source_url, target: "_blank", rel: "noopener noreferrer" }, title)
    : title;
  return el("h3", { class: "hit-title" }, content);
}

/** Path, section heading and page reference, in small text. */
function hitMeta(hit) {
  const meta = el("p", { class: "hit-meta" }, el("span", { class: "path" }, hit.path ?? hit.id));
  if (hit.heading) meta.append(el("span", { class: "heading" }, hit.heading));
  if (hit.page) meta.append(pageRef(hit));
  return meta;
}

/** The page reference; a hit on a physical page (PDF) links to the file opened at that page. */
function pageRef(hit) {
  const label = /^pp?\. /.test(hit.page) ? hit.page : `p. ${hit.page}`;
  if (!hit.pages) return el("span", { class: "page-ref" }, label);
  const file = hit.id.split("/").map(encodeURIComponent).join("/");
  const href = `/files/${file}#page=${hit.pages.first}`;
  return el("a", { class: "page-ref", href, target: "_blank", rel: "noopener" }, label);
}

function hitBadges(hit) {
  return el(
    "div",
    { class: "badges" },
    ...(hit.ministries ?? []).map((m) => badge("ministry", m)),
    ...(hit.mentions ?? []).map((m) => badge("mention", `言及: ${m}`, "本文中で言及されている府省庁")),
    ...(hit.fiscal_years ?? []).map((year) => badge("fy", `FY${year}`)),
    ...(hit.themes ?? []).map((theme) => badge("theme", theme)),
    ...(hit.reposted ? [badge("reposted", "再掲", "他の資料からの再掲")] : []),
  );
}

function badge(kind, text, title) {
  return el("span", title ? { class: `badge ${kind}`, title } : { class: `badge ${kind}` }, text);
}

/** The server HTML-escapes snippets except for <mark>: the only innerHTML on the page. */
function hitSnippet(hit) {
  const snippet = el("p", { class: "snippet" });
  snippet.innerHTML = hit.snippet ?? "";
  return snippet;
}

function hitFooter(hit) {
  const footer = el("p", { class: "hit-footer" });
  if (hit.publisher) footer.append(el("span", { class: "publisher" }, hit.publisher));
  if (hit.date) footer.append(el("span", { class: "date" }, hit.date));
  footer.append(
    el("span", { class: "score" }, `スコア ${Number(hit.score).toFixed(2)}`),
    el("a", { class: "json-link", href: documentApiUrl(hit.id), type: "application/json" }, "JSON"),
    el("button", {
      type: "button",
      class: "related-link",
      "data-passage": `${hit.id}#${hit.passage}`,
      "aria-expanded": "false",
    }, "関連する段落"),
  );
  if (hit.more_in_document > 0) {
    const n = hit.more_in_document;
    footer.append(el("span", { class: "more" }, `この文書の他に${formatCount(n)}件の段落`));
  }
  return footer;
}

/** Document ids may contain "/": encode each path segment, keep the slashes. */
function documentApiUrl(id) {
  return `/api/documents/${id.split("/").map(encodeURIComponent).join("/")}`;
}

// ---------------------------------------------------------------------------------------------
// Rendering: discovery panel and related passages

/**
 * Characteristic terms (when a fiscal year is selected) and co-occurring terms (when there is a
 * query), side by side; each term is a button that searches for it. Never rejects: a failure
 * shows in the panel, not as the page's error. `#discovery[data-state]` is idle, loading, ready
 * or error.
 */
async function discover(s, signal) {
  const wantTerms = s.fy !== "";
  const wantCooccur = s.q !== "";
  if (!wantTerms && !wantCooccur) {
    hideDiscovery();
    return;
  }
  dom.discovery.dataset.state = "loading";
  const [terms, cooccur] = await Promise.allSettled([
    wantTerms ? fetchJson(termsApiUrl(s), signal) : Promise.resolve(null),
    wantCooccur ? fetchJson(cooccurApiUrl(s), signal) : Promise.resolve(null),
  ]);
  if (signal.aborted) return;
  renderTermPanel(dom.termsPanel, dom.termsNote, dom.termsList, terms,
    (r) => `${formatFy(s.fy)}（${formatCount(r.foreground.passages)} 段落）対 ` +
      `${r.background.rest ? (r.background.q ? "他の年度" : "それ以外") : formatFy(r.background.fy ?? "")}` +
      `（${formatCount(r.background.passages)} 段落）· G²`);
  renderTermPanel(dom.cooccurPanel, dom.cooccurNote, dom.cooccurList, cooccur,
    (r) => `「${s.q}」を含む ${formatCount(r.foreground.passages)} 段落 対 ` +
      `それ以外の ${formatCount(r.background.passages)} 段落 · G²`);
  dom.discovery.hidden = dom.termsPanel.hidden && dom.cooccurPanel.hidden;
  const failed = [terms, cooccur].some((outcome) => outcome.status === "rejected");
  dom.discovery.dataset.state = failed ? "error" : "ready";
}

function renderTermPanel(panel, note, list, outcome, describe) {
  if (outcome.status === "rejected") {
    panel.hidden = false;
    note.textContent = outcome.reason.message;
    list.replaceChildren();
    return;
  }
  const response = outcome.value;
  panel.hidden = response === null;
  if (response === null) return;
  note.textContent = describe(response);
  list.replaceChildren(...response.terms.map(termItem));
  if (response.terms.length === 0) list.append(el("li", { class: "term-none" }, "—"));
}

function termItem(term) {
  const title =
    `G² ${term.score.toFixed(1)} · ${formatCount(term.fg_passages)} / ${formatCount(term.bg_passages)} 段落`;
  return el(
    "li",
    {},
    el("button", { type: "button", class: "term", "data-term": term.term, title }, term.term,
      el("span", { class: "count" }, formatCount(term.fg_passages))),
  );
}

function hideDiscovery() {
  dom.discovery.hidden = true;
  dom.discovery.dataset.state = "idle";
}

/** A term click searches for the term, keeping the filters. */
function onTermClick(event) {
  const button = event.target.closest("button[data-term]");
  if (!button) return;
  const term = button.dataset.term;
  dom.q.value = term;
  navigate({ ...state, q: term, offset: 0 });
}

/** Shows (or hides again) the passages related to a hit's passage, below the hit. */
async function onRelatedClick(event) {
  const button = event.target.closest("button.related-link");
  if (!button) return;
  const hit = button.closest("li.hit");
  const existing = hit.querySelector(".related");
  if (existing) {
    existing.remove();
    button.setAttribute("aria-expanded", "false");
    return;
  }
  const box = el("section", { class: "related", "data-state": "loading", "aria-live": "polite" },
    el("h4", {}, "他の文書の関連する段落"));
  hit.append(box);
  button.setAttribute("aria-expanded", "true");
  try {
    const related = await fetchJson(relatedApiUrl(button.dataset.passage));
    const years = related.years ?? [];
    if (years.length === 0) box.append(el("p", { class: "term-none" }, "—"));
    for (const year of years) {
      box.append(el("h5", {}, year.fiscal_year == null ? "年度なし" : `FY${year.fiscal_year}`),
        el("ol", { class: "related-list" }, ...year.passages.map(relatedItem)));
    }
    box.dataset.state = "ready";
  } catch (err) {
    box.append(el("p", { class: "error" }, err.message));
    box.dataset.state = "error";
  }
}

function relatedItem(passage) {
  const snippet = el("p", { class: "snippet" });
  snippet.innerHTML = passage.snippet ?? "";
  const where = [passage.heading, passage.page ? `p. ${passage.page}` : null].filter(Boolean).join(" · ");
  return el(
    "li",
    { class: "related-item", "data-id": passage.id, "data-passage": String(passage.passage) },
    el("p", { class: "related-title" }, passage.title || passage.id,
      where ? el("span", { class: "heading" }, where) : ""),
    snippet,
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering: trend chart

function renderChart(trend) {
  const buckets = trend.buckets ?? [];
  if (buckets.length === 0) {
    hideChart();
    return;
  }
  lastTrend = trend;
  const measure = CHART_MEASURES[chartMeasure];
  dom.chartCaption.textContent = `年度別の${measure.caption}「${trend.query}」`;
  for (const button of dom.chartToggle.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.measure === chartMeasure));
  }
  dom.chartBody.replaceChildren(barChart(buckets, measure));
  dom.chart.hidden = false;
}

function hideChart() {
  dom.chart.hidden = true;
  dom.chartBody.replaceChildren();
}

/** An SVG bar chart of `measure` by fiscal year; bars are keyboard-focusable buttons. */
function barChart(buckets, measure) {
  const rotateLabels = buckets.length > CHART_MAX_UPRIGHT_LABELS;
  const margin = { ...CHART_MARGIN, bottom: rotateLabels ? CHART_ROTATED_LABELS_BOTTOM : CHART_MARGIN.bottom };
  const plot = {
    left: margin.left,
    top: margin.top,
    width: CHART_WIDTH - margin.left - margin.right,
    height: CHART_HEIGHT - margin.top - margin.bottom,
  };
  const maxRate = Math.max(...buckets.map(measure.value));
  const step = plot.width / buckets.length;

  const svg = svgEl("svg", {
    viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`,
    role: "group",
    "aria-labelledby": "chart-caption",
  });
  svg.append(
    yAxis(plot, maxRate, measure),
    ...buckets.map((bucket, i) => bar(bucket, plot.left + i * step, step, plot, maxRate, measure)),
    xLabels(buckets, plot, step, rotateLabels),
  );
  return svg;
}

/** Grid lines with ticks at 0, half and full scale, and the axis title. */
function yAxis(plot, maxRate, measure) {
  const ticks = maxRate > 0 ? [0, maxRate / 2, maxRate] : [0];
  const group = svgEl("g", { class: "y-axis" });
  for (const value of ticks) {
    const y = plot.top + plot.height - scaleRate(value, maxRate, plot.height);
    group.append(
      svgEl("line", { class: "grid", x1: plot.left, x2: plot.left + plot.width, y1: y, y2: y }),
      svgEl("text", { class: "tick", x: plot.left - 6, y, "text-anchor": "end", "dominant-baseline": "middle" },
        measure.tick(value)),
    );
  }
  const midY = plot.top + plot.height / 2;
  group.append(
    svgEl("text", { class: "axis-title", x: 12, y: midY, transform: `rotate(-90 12 ${midY})`, "text-anchor": "middle" },
      measure.axis),
  );
  return group;
}

function bar(bucket, slotX, slotWidth, plot, maxRate, measure) {
  const width = Math.max(1, slotWidth * 0.7);
  // A year with matches never disappears, however small its rate.
  const scaled = scaleRate(measure.value(bucket), maxRate, plot.height);
  const height = bucket.matching > 0 ? Math.max(1, scaled) : 0;
  const selected = bucket.key === state.fy;
  const rect = svgEl("rect", {
    class: selected ? "bar selected" : "bar",
    x: slotX + (slotWidth - width) / 2,
    y: plot.top + plot.height - height,
    width,
    height,
    "data-fy": bucket.key,
    "data-matching": bucket.matching,
    tabindex: 0,
    role: "button",
    "aria-pressed": String(selected),
  });
  rect.append(
    svgEl("title", {},
      `${bucket.key}年度: ${formatCount(bucket.matching)} 段落 / 全 ${formatCount(bucket.total)} 段落 ` +
      `(${formatShare(bucket.per_mille / 10)})`),
  );
  return rect;
}

function xLabels(buckets, plot, step, rotate) {
  const group = svgEl("g", { class: rotate ? "x-axis rotated" : "x-axis" });
  const y = plot.top + plot.height + 14;
  buckets.forEach((bucket, i) => {
    const x = plot.left + (i + 0.5) * step;
    const attrs = rotate
      ? { class: "tick", x, y, "text-anchor": "end", transform: `rotate(-45 ${x} ${y})` }
      : { class: "tick", x, y, "text-anchor": "middle" };
    group.append(svgEl("text", attrs, bucket.key));
  });
  // The axis title stands at the start of the label row, under the value ticks.
  group.append(svgEl("text", { class: "axis-title", x: plot.left - 6, y, "text-anchor": "end" }, "年度"));
  return group;
}

function scaleRate(rate, maxRate, height) {
  return maxRate > 0 ? (rate / maxRate) * height : 0;
}

// ---------------------------------------------------------------------------------------------
// Event handlers

/** Switches the chart between counts and shares. */
function onChartToggle(event) {
  const button = event.target.closest("button[data-measure]");
  if (!button || !lastTrend) return;
  chartMeasure = button.dataset.measure;
  renderChart(lastTrend);
}

function onSubmit(event) {
  event.preventDefault();
  navigate({ ...state, q: dom.q.value.trim(), sort: dom.sort.value, offset: 0 });
}

function onSortChange() {
  if (hasCriteria(state)) navigate({ ...state, sort: dom.sort.value, offset: 0 });
}

/** Facet buttons and filter chips both toggle their data-kind/data-value filter. */
function onFilterClick(event) {
  const button = event.target.closest("button[data-kind]");
  if (button) navigate(toggleFilter(state, button.dataset.kind, button.dataset.value));
}

function goToOffset(offset) {
  navigate({ ...state, offset });
  window.scrollTo({ top: 0 });
}

function onChartClick(event) {
  const rect = event.target.closest("rect.bar");
  if (rect) selectYear(rect.dataset.fy);
}

function onChartKeydown(event) {
  const rect = event.target.closest("rect.bar");
  if (rect && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    selectYear(rect.dataset.fy);
  }
}

function selectYear(year) {
  if (year !== state.fy) navigate({ ...state, fy: year, offset: 0 });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Creates an HTML element; string children become Text nodes (never parsed as HTML). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function isHttpUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url);
}

function formatCount(n) {
  return Number(n ?? 0).toLocaleString("ja-JP");
}

/** A share in percent: 57.1%. */
function formatShare(percent) {
  return `${Number(percent).toLocaleString("ja-JP", { maximumFractionDigits: 1 })}%`;
}

/** "2023" → "2023年度"; "2021..2024" → "2021–2024年度". */
function formatFy(fy) {
  return `${fy.replace("..", "–")}年度`;
}

// ---------------------------------------------------------------------------------------------

function init() {
  dom.form.addEventListener("submit", onSubmit);
  dom.sort.addEventListener("change", onSortChange);
  dom.filters.addEventListener("click", onFilterClick);
  dom.prev.addEventListener("click", () => goToOffset(Math.max(0, page.offset - page.limit)));
  dom.next.addEventListener("click", () => goToOffset(page.next_offset));
  dom.chartBody.addEventListener("click", onChartClick);
  dom.chartBody.addEventListener("keydown", onChartKeydown);
  dom.chartToggle.addEventListener("click", onChartToggle);
  dom.discovery.addEventListener("click", onTermClick);
  dom.hits.addEventListener("click", onRelatedClick);
  window.addEventListener("popstate", restoreFromUrl);
  restoreFromUrl();
}

init();
