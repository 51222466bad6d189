/* claimgraph workbench: a small single-page app over the REST API (/api).
 *
 * Safety rule: every piece of data (article text, titles, names, evidence) is untrusted. Elements are built with
 * createElement + textContent only; no innerHTML, no inline handlers, no URL taken from data is ever put into a
 * link (links are built from our own routes and encoded ids). The server's Content-Security-Policy forbids
 * inline script as a second wall.
 */
"use strict";

(function () {
  const view = document.getElementById("view");
  const statusLine = document.getElementById("status");
  const tokenForm = document.getElementById("token-form");
  const TOKEN_KEY = "claimgraph.token";

  // ---- DOM helpers -------------------------------------------------------------------------------------------

  /** el("a", {href: "#/x", className: "c"}, "text", child) -> element; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "href") node.setAttribute("href", safeHref(value));
      else if (key === "onclick") node.addEventListener("click", value);
      else if (key === "onsubmit") node.addEventListener("submit", value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (/^(id|type|name|value|placeholder|title|for|colspan|role|min|max|step|autocomplete)$/.test(key)) {
        node.setAttribute(key, String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Only our own hash routes are ever linked. */
  function safeHref(value) {
    return typeof value === "string" && value.startsWith("#/") ? value : "#/";
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) {
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function show(...nodes) {
    view.replaceChildren(...nodes);
  }

  function say(text, isError) {
    statusLine.textContent = text || "";
    statusLine.className = isError ? "error" : "";
  }

  function route(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") query.set(k, v);
    const qs = query.toString();
    return "#/" + path.split("/").map(encodeURIComponent).join("/") + (qs ? "?" + qs : "");
  }

  function docLink(id, label, params) {
    return el("a", {href: route("doc/" + id, params), className: "doclink"}, label || id);
  }

  function table(columns, rows, cell) {
    const head = el("tr", {}, columns.map((c) => el("th", {}, c.label)));
    const body = rows.map((r) => el("tr", {}, columns.map((c) => el("td", {}, cell(c.key, r)))));
    return el("table", {}, el("thead", {}, head), el("tbody", {}, body));
  }

  // ---- API ----------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options) {
    const headers = {"Accept": "application/json"};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers["Authorization"] = "Bearer " + token;
    const init = Object.assign({headers, credentials: "same-origin"}, options || {});
    if (init.body && typeof init.body !== "string") {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(init.body);
    }
    const response = await fetch(path, init);
    const data = await response.json();
    if (!response.ok) {
      if (response.status === 401) tokenForm.classList.remove("hidden");
      throw new ApiError(response.status, data && data.error ? data.error : "request failed");
    }
    return data;
  }

  function query(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const qs = q.toString();
    return path + (qs ? "?" + qs : "");
  }

  tokenForm.addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById("token-input").value.trim());
    tokenForm.classList.add("hidden");
    render();
  });

  // ---- text with marked spans ----------------------------------------------------------------------------------

  /**
   * The document text as text nodes inside spans, one span per stretch covered by the same marks.
   * marks: [{start, end, cls, data}] (character offsets into text; JS strings index UTF-16 units, the API gives
   * Python code points, so offsets are converted first).
   */
  function markedText(text, marks) {
    const points = Array.from(text);  // code points, as the API counts them
    const cuts = new Set([0, points.length]);
    for (const m of marks) {
      cuts.add(Math.max(0, Math.min(points.length, m.start)));
      cuts.add(Math.max(0, Math.min(points.length, m.end)));
    }
    const sorted = Array.from(cuts).sort((a, b) => a - b);
    const out = el("div", {className: "text", id: "doc-text"});
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i], b = sorted[i + 1];
      const piece = points.slice(a, b).join("");
      const covering = marks.filter((m) => m.start <= a && m.end >= b && m.end > m.start);
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
      const span = el("span", {});
      const classes = new Set();
      for (const m of covering) {
        m.cls.split(" ").forEach((c) => classes.add(c));
        if (m.data) for (const [k, v] of Object.entries(m.data)) span.dataset[k] = v;
        if (m.title) span.title = m.title;
      }
      span.className = Array.from(classes).join(" ");
      span.textContent = piece;
      out.appendChild(span);
    }
    return out;
  }

  function highlighted(snippet, highlights) {
    const points = Array.from(snippet);
    const out = el("span", {className: "snippet"});
    let at = 0;
    for (const [s, e] of highlights || []) {
      if (s > at) out.appendChild(document.createTextNode(points.slice(at, s).join("")));
      out.appendChild(el("mark", {}, points.slice(s, e).join("")));
      at = Math.max(at, e);
    }
    if (at < points.length) out.appendChild(document.createTextNode(points.slice(at).join("")));
    return out;
  }

  function pager(data, go) {
    const last = data.offset + data.items.length;
    return el("div", {className: "pager"},
      el("span", {className: "muted"}, data.total ? `${data.offset + 1}–${last} of ${data.total}` : "nothing found"),
      data.offset > 0 ? el("button", {type: "button", onclick: () => go(Math.max(0, data.offset - data.limit))}, "previous") : null,
      last < data.total ? el("button", {type: "button", onclick: () => go(last)}, "next") : null);
  }

  function partyText(row) {
    const parts = [row.actor || "?", row.type.replace(/_/g, " ")];
    if (row.item) parts.push(row.item);
    if (row.target) parts.push("→ " + row.target);
    return parts.join(" ");
  }

  // ---- views --------------------------------------------------------------------------------------------------

  async function searchView(params) {
    const input = el("input", {type: "search", name: "q", value: params.get("q") || "", placeholder: "S-400 deliveries", id: "search-q"});
    const kind = el("select", {name: "kind", id: "search-kind"},
      ["all", "documents", "claims"].map((k) => el("option", {value: k}, k)));
    kind.value = params.get("kind") || "all";
    const form = el("form", {className: "bar", id: "search-form", onsubmit: (e) => {
      e.preventDefault();
      location.hash = route("search", {q: input.value, kind: kind.value});
    }}, input, kind, el("button", {type: "submit", className: "primary"}, "Search"));
    const results = el("div", {id: "search-results"});
    show(el("h1", {}, "Search documents and claims"), form, results);
    const q = params.get("q");
    if (!q) return;
    const offset = Number(params.get("offset") || 0);
    const data = await api(query("/api/search", {q, kind: kind.value, limit: 20, offset}));
    const list = el("ul", {className: "hits"}, data.items.map((hit) => el("li", {className: "hit"},
      el("div", {}, docLink(hit.document, hit.title || hit.document, {start: hit.start, end: hit.end}),
        el("span", {className: "badge"}, hit.kind),
        el("span", {className: "muted small"}, " ", [hit.outlet, hit.published].filter(Boolean).join(", "))),
      el("div", {}, highlighted(hit.snippet, hit.highlights)))));
    results.replaceChildren(list, pager(data, (o) => { location.hash = route("search", {q, kind: kind.value, offset: o}); }));
  }

  async function documentsView(params) {
    const offset = Number(params.get("offset") || 0);
    const data = await api(query("/api/documents", {status: "ok", limit: 50, offset}));
    show(el("h1", {}, "Documents"),
      table([{key: "title", label: "Title"}, {key: "outlet", label: "Outlet"}, {key: "published", label: "Published"},
        {key: "published_basis", label: "Basis"}], data.items,
      (k, r) => k === "title" ? docLink(r.id, r.title || r.name) : (r[k] || "")),
      pager(data, (o) => { location.hash = route("documents", {offset: o}); }));
  }

  async function documentView(id, params) {
    const data = await api("/api/documents/" + encodeURIComponent(id));
    const doc = data.document;
    const marks = [];
    for (const m of data.mentions) {
      const ent = m.entity && data.entities[m.entity];
      marks.push({start: m.start, end: m.end, cls: "m " + (ent ? ent.type : m.label), title: ent ? ent.name : m.label,
        data: {entity: m.entity || ""}});
    }
    for (const ev of data.events) {
      marks.push({start: ev.evidence.start, end: ev.evidence.end, cls: "ev", data: {event: ev.id}});
    }
    const start = params.get("start"), end = params.get("end");
    if (start !== null && end !== null) marks.push({start: Number(start), end: Number(end), cls: "cited", data: {cited: "1"}});
    const text = markedText(doc.text, marks);
    const meta = el("p", {className: "muted", id: "doc-meta"},
      [doc.outlet, doc.author, doc.published ? `published ${doc.published} (${doc.published_basis || "?"})` : "undated"]
        .filter(Boolean).join(" · "),
      doc.url ? el("span", {className: "small"}, " · source: ", el("code", {}, doc.url)) : null);
    const claims = el("div", {className: "claims", id: "claims"},
      el("h2", {}, `Claims (${data.events.length})`),
      data.events.map((ev) => claimCard(ev, () => documentView(id, params))),
      data.rejected.length ? el("h2", {}, `Rejected by a review (${data.rejected.length})`) : null,
      data.rejected.map((ev) => el("div", {className: "claim rejected", id: "rejected-" + ev.id},
        el("div", {className: "what"}, partyText(ev), el("span", {className: "badge rejected"}, "rejected")),
        el("div", {className: "evidence"}, "“", ev.evidence.text, "”"),
        el("div", {className: "muted small"}, "Undo it on the Reviews page."))),
      data.explanations.length ? el("h2", {}, "Explanations") : null,
      data.explanations.map((x) => el("div", {className: "claim"},
        el("div", {className: "what"}, x.cause), el("div", {className: "muted small"}, `${x.attributed_to} · author ${x.stance}`))));
    const legend = el("p", {className: "legend small"},
      ["STATE", "PERSON", "ORG", "WEAPON_SYSTEM", "PLACE"].map((t) => el("span", {className: "m " + t}, t)),
      el("span", {className: "ev"}, "claim evidence"));
    show(el("h1", {id: "doc-title"}, doc.title || doc.name), meta, legend,
      el("div", {className: "reader"}, text, claims));
    text.addEventListener("click", (e) => {
      const target = e.target.closest("[data-event]");
      if (!target) return;
      const card = document.getElementById("claim-" + target.dataset.event);
      if (card) card.scrollIntoView({block: "center"});
    });
    const cited = text.querySelector(".cited");
    if (cited) cited.scrollIntoView({block: "center"});
  }

  function claimCard(ev, reload) {
    const field = el("select", {name: "field"}, ["type", "actor", "target", "item", "when", "status"].map((f) => el("option", {value: f}, f)));
    const value = el("input", {name: "value", placeholder: "new value"});
    const correct = el("form", {className: "hidden correct-form", onsubmit: async (e) => {
      e.preventDefault();
      await review({action: "correct", target: ev.id, field: field.value, value: value.value}, reload);
    }}, field, value, el("button", {type: "submit"}, "save"));
    return el("div", {className: "claim", id: "claim-" + ev.id, dataset: {event: ev.id}},
      el("div", {className: "what"}, partyText(ev), el("span", {className: "badge"}, ev.status),
        ev.review ? el("span", {className: "badge " + ev.review}, ev.review) : null),
      el("div", {className: "muted small"}, [ev.when ? "when " + ev.when : "undated", "says " + ev.attributed_to,
        ev.hedged ? "hedged" : null, ev.quantity ? `${ev.quantity.value} ${ev.quantity.unit || ""}` : null,
        ev.value ? `${ev.value.amount.toLocaleString("en")} ${ev.value.currency}` : null].filter(Boolean).join(" · ")),
      el("div", {className: "evidence"}, "“", ev.evidence.text, "”"),
      el("div", {className: "actions"},
        el("button", {type: "button", className: "review-accept", onclick: () => review({action: "accept", target: ev.id}, reload)}, "accept"),
        el("button", {type: "button", className: "review-reject", onclick: () => review({action: "reject", target: ev.id}, reload)}, "reject"),
        el("button", {type: "button", className: "review-correct", onclick: () => correct.classList.toggle("hidden")}, "correct…")),
      correct);
  }

  async function review(body, reload) {
    try {
      const done = await api("/api/reviews", {method: "POST", body});
      say(`recorded review ${done.id}: ${done.action} ${done.target}`);
      await reload();
    } catch (err) {
      say(err.message, true);
    }
  }

  async function storiesView(params) {
    const offset = Number(params.get("offset") || 0);
    const data = await api(query("/api/stories", {limit: 50, offset}));
    show(el("h1", {}, "Stories: real events and every report of them"),
      table([{key: "when", label: "When"}, {key: "label", label: "Story"}, {key: "type", label: "Type"},
        {key: "status", label: "Status"}, {key: "claims", label: "Claims"}], data.items,
      (k, r) => k === "label" ? el("a", {href: route("story/" + r.id)}, r.label) : String(r[k] ?? "")),
      pager(data, (o) => { location.hash = route("stories", {offset: o}); }));
  }

  function valueText(v) {
    if (v === null || v === undefined) return "";
    if (typeof v !== "object") return String(v);
    if ("amount" in v) return `${Number(v.amount).toLocaleString("en")} ${v.currency || ""}`.trim();
    if ("value" in v && "unit" in v) return `${v.value} ${v.unit || ""}`.trim();
    return JSON.stringify(v);
  }

  function slotText(slot) {
    if (slot !== null && typeof slot === "object" && "value" in slot) return valueText(slot.value);
    return valueText(slot);
  }

  async function storyView(id) {
    const s = await api("/api/stories/" + encodeURIComponent(id));
    const slots = table([{key: "slot", label: "Slot"}, {key: "value", label: "Canonical value"}],
      Object.entries(s.slots).map(([slot, v]) => ({slot, value: slotText(v)})), (k, r) => r[k]);
    const columns = el("div", {className: "columns", id: "story-columns"}, s.documents.map((d) => el("div", {className: "column"},
      el("h2", {}, docLink(d.id, d.title || d.name)),
      el("div", {className: "muted small"}, [d.outlet, d.published].filter(Boolean).join(" · ")),
      d.claims.map((c) => el("div", {className: "claim"},
        el("div", {className: "what"}, partyText(c), el("span", {className: "badge"}, c.status)),
        el("div", {className: "muted small"}, [c.when, "says " + c.attributed_to, c.hedged ? "hedged" : null].filter(Boolean).join(" · ")),
        el("div", {className: "evidence"}, docLink(d.id, "“" + c.evidence.text + "”", {start: c.evidence.start, end: c.evidence.end})))))));
    const disputes = s.disputes.length ? table([{key: "kind", label: "Kind"}, {key: "slot", label: "Slot"},
      {key: "explanation", label: "What differs"}], s.disputes, (k, r) => r[k]) : el("p", {className: "muted"}, "No disputes.");
    const explanations = s.explanations.length ? table([{key: "cause", label: "Cause offered"}, {key: "attributed_to", label: "Offered by"},
      {key: "stance", label: "Author"}, {key: "evidence", label: "Evidence"}], s.explanations,
      (k, r) => k === "evidence" ? docLink(r.document, r.span.text, {start: r.span.start, end: r.span.end}) : r[k])
      : el("p", {className: "muted"}, "No explanations offered.");
    show(el("h1", {}, s.label), el("p", {className: "muted"}, s.type), slots,
      el("h2", {}, "Claims side by side"), columns, el("h2", {}, "Disputes"), disputes,
      el("h2", {}, "Competing explanations"), explanations);
  }

  const REGISTER = [["supplier", "Supplier"], ["recipient", "Recipient"], ["designation", "Designation"],
    ["description", "Description"], ["number_ordered", "No. ordered"], ["order_year", "Order year"],
    ["number_delivered", "No. delivered"], ["delivery_years", "Delivery years"], ["status", "Status"],
    ["comments", "Comments"]];

  async function registerView() {
    const data = await api(query("/api/register", {limit: 500}));
    const rows = data.items;
    show(el("h1", {}, "Arms-transfer register"),
      el("p", {className: "muted small"}, "Every cell names the documents behind it; ‘?’ marks an uncertain value."),
      el("div", {id: "register"}, table(REGISTER.map(([key, label]) => ({key, label})), rows, (k, r) => {
        const c = r[k];
        return [c.value, c.documents.length ? el("div", {className: "small"},
          c.documents.map((d, i) => docLink(d, `[${i + 1}]`))) : null];
      })));
  }

  function dyadForm(name, params, extra) {
    const input = el("input", {name: "dyad", value: params.get("dyad") || "", placeholder: "RUS-CHN"});
    const form = el("form", {className: "bar", onsubmit: (e) => {
      e.preventDefault();
      location.hash = route(name, Object.assign({dyad: input.value}, extra ? extra.values() : {}));
    }}, el("label", {}, "Dyad "), input, extra ? extra.nodes : null, el("button", {type: "submit"}, "Show"));
    return form;
  }

  async function timelineView(params) {
    const data = await api(query("/api/timeline", {dyad: params.get("dyad"), limit: 1000}));
    show(el("h1", {}, "Timeline"), dyadForm("timeline", params),
      el("div", {id: "timeline"}, table([{key: "when", label: "When"}, {key: "label", label: "What"},
        {key: "status", label: "Status"}, {key: "documents", label: "Sources"}], data.items, (k, r) => {
        if (k === "label") return r.story ? el("a", {href: route("story/" + r.story)}, r.label) : r.label;
        if (k === "documents") return r.documents.map((d, i) => docLink(d, `[${i + 1}]`));
        return r[k];
      })));
  }

  async function indexView(params) {
    const by = el("select", {name: "by"}, ["year", "month"].map((b) => el("option", {value: b}, b)));
    by.value = params.get("by") || "year";
    const data = await api(query("/api/index", {dyad: params.get("dyad"), by: by.value}));
    const points = data.items;
    const width = Math.max(360, points.length * 48 + 80), height = 260, mid = 130;
    const peak = Math.max(1, ...points.map((p) => Math.abs(p.index)));
    const chart = svg("svg", {width, height, viewBox: `0 0 ${width} ${height}`, id: "index-chart", role: "img"},
      svg("line", {x1: 40, x2: width - 10, y1: mid, y2: mid, stroke: "#555"}));
    points.forEach((p, i) => {
      const h = Math.abs(p.index) / peak * (mid - 30);
      const x = 50 + i * 48;
      chart.appendChild(svg("rect", {x, y: p.index >= 0 ? mid - h : mid, width: 32, height: Math.max(1, h),
        fill: p.index >= 0 ? "#2e7d32" : "#c62828", class: "bar"}, svg("title", {}, `${p.period}: ${p.index} (${p.stories} stories)`)));
      chart.appendChild(svg("text", {x: x + 16, y: height - 8, "text-anchor": "middle"}, p.period));
      chart.appendChild(svg("text", {x: x + 16, y: p.index >= 0 ? mid - h - 4 : mid + h + 12, "text-anchor": "middle"}, String(p.index)));
    });
    if (!points.length) chart.appendChild(svg("text", {x: width / 2, y: mid - 10, "text-anchor": "middle"}, "no dated stories"));
    show(el("h1", {}, "Cooperation–conflict index"),
      dyadForm("index", params, {nodes: [el("label", {}, " by "), by], values: () => ({by: by.value})}), chart);
  }

  async function graphView() {
    const data = await api(query("/api/graph", {limit: 40}));
    const size = 640, c = size / 2, r = size / 2 - 90;
    const where = {};
    data.nodes.forEach((n, i) => {
      const a = 2 * Math.PI * i / Math.max(1, data.nodes.length);
      where[n.id] = [c + r * Math.cos(a), c + r * Math.sin(a)];
    });
    const chart = svg("svg", {width: size, height: size, viewBox: `0 0 ${size} ${size}`, id: "graph-chart", role: "img"});
    const top = Math.max(1, ...data.edges.map((e) => e.count));
    for (const e of data.edges) {
      const [x1, y1] = where[e.source], [x2, y2] = where[e.target];
      chart.appendChild(svg("line", {x1, y1, x2, y2, stroke: "#1f5fa8", "stroke-opacity": 0.45,
        "stroke-width": 1 + 5 * e.count / top, class: "edge"}, svg("title", {}, `${e.source} → ${e.target}: ${e.count} claims (${e.types.join(", ")})`)));
    }
    for (const n of data.nodes) {
      const [x, y] = where[n.id];
      chart.appendChild(svg("circle", {cx: x, cy: y, r: 4 + Math.min(10, Math.sqrt(n.degree)), fill: "#d35400", class: "node"},
        svg("title", {}, `${n.name} (${n.type}): ${n.degree} claims`)));
      chart.appendChild(svg("text", {x: x + (x >= c ? 10 : -10), y: y + 4, "text-anchor": x >= c ? "start" : "end"}, n.name));
    }
    show(el("h1", {}, "Actor graph"),
      el("p", {className: "muted small"}, `${data.nodes.length} of ${data.total_nodes} entities, ${data.total_edges} claims with an actor and a target`),
      chart);
  }

  async function askView(params) {
    const input = el("input", {className: "wide", name: "q", value: params.get("q") || "", id: "ask-q",
      placeholder: "What did Russia sell China, and when?"});
    const form = el("form", {className: "bar", id: "ask-form", onsubmit: (e) => {
      e.preventDefault();
      location.hash = route("ask", {q: input.value});
    }}, input, el("button", {type: "submit", className: "primary"}, "Ask"));
    const out = el("div", {className: "answer", id: "answer"});
    show(el("h1", {}, "Ask the knowledge base"), form, out);
    const q = params.get("q");
    if (!q) return;
    const data = await api(query("/api/ask", {q}));
    let n = 0;
    out.replaceChildren(...data.sentences.map((s) => el("p", {className: "sentence"}, s.text,
      s.citations.map((c) => {
        n += 1;
        const link = docLink(c.document, `[${n}]`, {start: c.start, end: c.end});
        link.className = "cite";
        link.title = c.evidence;
        return link;
      }))));
    if (!data.sentences.length) out.appendChild(el("p", {}, data.answer));
  }

  async function reviewsView(params) {
    const offset = Number(params.get("offset") || 0);
    const data = await api(query("/api/reviews", {limit: 50, offset}));
    const reload = () => reviewsView(params);
    show(el("h1", {}, "Reviews: the audit trail"),
      table([{key: "created_at", label: "When"}, {key: "reviewer", label: "Who"}, {key: "action", label: "Action"},
        {key: "target", label: "Target"}, {key: "reason", label: "Why"}, {key: "active", label: ""}], data.items, (k, r) => {
        if (k === "active") {
          return r.active && r.action !== "undo" ? el("button", {type: "button", className: "undo", onclick: async () => {
            try { await api("/api/reviews/" + encodeURIComponent(r.id) + "/undo", {method: "POST"}); say("undone " + r.id); await reload(); }
            catch (err) { say(err.message, true); }
          }}, "undo") : el("span", {className: "muted"}, r.active ? "" : r.status);
        }
        if (k === "action") return [r.action, r.field ? ` ${r.field}=${r.value ?? ""}` : ""];
        return r[k] ?? "";
      }), pager(data, (o) => { location.hash = route("reviews", {offset: o}); }));
  }

  // ---- router -------------------------------------------------------------------------------------------------

  const ROUTES = {
    search: searchView, ask: askView, documents: documentsView, stories: storiesView, register: registerView,
    timeline: timelineView, index: indexView, graph: graphView, reviews: reviewsView,
  };

  async function render() {
    const hash = location.hash.replace(/^#\/?/, "");
    const [path, qs] = hash.split("?", 2);
    const params = new URLSearchParams(qs || "");
    const parts = (path || "search").split("/").map(decodeURIComponent);
    for (const a of document.querySelectorAll("#nav a")) {
      a.classList.toggle("active", a.getAttribute("href") === "#/" + parts[0]);
    }
    say("");
    try {
      if (parts[0] === "doc" && parts[1]) await documentView(parts[1], params);
      else if (parts[0] === "story" && parts[1]) await storyView(parts[1]);
      else await (ROUTES[parts[0]] || searchView)(params);
      document.body.dataset.ready = location.hash;
    } catch (err) {
      show(el("h1", {}, "Could not load this page"), el("p", {className: "error"}, err.message));
      say(err.message, true);
      document.body.dataset.ready = location.hash;
    }
  }

  window.addEventListener("hashchange", render);
  render();
})();
