// tracuu web page: search, ask, precedents, upload and the document view over the JSON API.
// Everything that comes from documents is inserted as text nodes (never as HTML), so a report
// containing "<script>" shows those characters and runs nothing.
"use strict";

const PAGE = 10;
const MODES = { hybrid: "kết hợp", bm25: "từ khóa", dense: "ngữ nghĩa" };
const FACET_NAMES = { unit: "Đơn vị", doc_type: "Loại văn bản", year: "Năm", level: "Cấp" };
const FILTER_KEYS = ["unit", "doc_type", "year", "level"];
const KEY_STORE = "tracuu-api-key";
const FAILURES = {
  type_mismatch: "tên tệp không khớp nội dung", unsupported_type: "không phải loại văn bản đọc được",
  empty: "tệp rỗng", too_large: "tệp quá lớn", corrupt: "tệp hỏng hoặc không đúng định dạng",
  encrypted: "tệp có mật khẩu", no_text: "không có chữ đọc được", timeout: "đọc tệp quá lâu",
  converter_failed: "không chuyển đổi được tệp", zip_bomb: "tệp nén bất thường", not_a_file: "không phải tệp thường",
  not_found: "không tìm thấy tệp", permission_denied: "không có quyền đọc tệp",
};
const PARTS = {
  catalog: "danh mục văn bản", "lexical index": "chỉ mục từ khóa", "vector index": "chỉ mục vectơ",
  manifest: "tệp mô tả chỉ mục", checksums: "tệp tổng kiểm",
};

const $ = (id) => document.getElementById(id);

// Builds an element; string children become text nodes, attributes are set as attributes.
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function apiKey() { return sessionStorage.getItem(KEY_STORE) || ""; }

// What the page says for each problem the server answers with (its `type` ends in the kind).
// The JSON API keeps its English `detail` for programs and logs; the page shows it only as the
// message's tooltip. tests/api/http/test_http_browser_keys.py holds this list equal to the
// kinds the server sends.
const PROBLEMS = {
  "key-invalid": "Khóa truy cập không đúng: nhập lại khóa ở góc trên, hoặc xóa khóa để xem tài liệu công khai.",
  "key-required": "Cần khóa truy cập: nhập khóa ở góc trên.",
  "key-read-only": "Khóa này chỉ được xem, không được thay đổi chỉ mục.",
  "collection-not-allowed": "Khóa này không được thêm tài liệu vào bộ sưu tập đó.",
  "writes-disabled": "Máy chủ này không nhận thay đổi: quản trị viên cần tạo khóa có quyền ghi.",
  "keys-unreadable": "Máy chủ không đọc được danh sách khóa truy cập: hãy báo quản trị viên.",
  "document-not-found": "Không tìm thấy văn bản này.",
  "section-not-found": "Văn bản không có mục này.",
  "file-missing": "Tệp gốc của văn bản không còn trên máy chủ.",
  "not-found": "Không có trang hoặc mục này trên máy chủ.",
  "method-not-allowed": "Máy chủ không nhận yêu cầu kiểu này.",
  "http-error": "Máy chủ từ chối yêu cầu này.",
  "index-busy": "Chỉ mục đang được cập nhật: hãy thử lại sau ít phút.",
  "body-too-large": "Yêu cầu quá lớn: hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.",
  "too-many-files": "Quá nhiều tệp trong một lần tải lên.",
  "upload-too-large": "Tệp quá lớn để tải lên.",
  "empty-precedent-query": "Hãy dán một đoạn văn bản, hoặc chọn một văn bản và một mục của nó.",
  "empty-query": "Hãy nhập từ khóa cần tìm.",
  "empty-question": "Hãy nhập câu hỏi.",
  "backend-read-only": "Máy chủ này đọc từ cụm OpenSearch và chỉ cho tra cứu: tài liệu được nạp vào cụm bằng lệnh tracuu migrate.",
  "backend-unsupported": "Máy chủ chạy trên cụm OpenSearch chưa hỗ trợ thao tác này.",
  "cluster-unavailable": "Cụm OpenSearch không trả lời: hãy thử lại sau ít phút hoặc báo quản trị viên.",
  "no-table": "Câu hỏi này không cho bảng số liệu: hãy hỏi theo từng đơn vị hoặc qua các năm (ví dụ “… qua các năm”).",
  "over-limit": "Yêu cầu vượt giới hạn của máy chủ: hãy rút ngắn nội dung hoặc giảm số kết quả.",
  "section-required": "Hãy chọn một mục của văn bản, hoặc dán một đoạn văn bản.",
  "write-failed": "Không ghi được vào chỉ mục; các văn bản đã có vẫn nguyên vẹn. Hãy báo quản trị viên.",
  "invalid-filter": "Bộ lọc không hợp lệ: hãy kiểm tra lại ngày tháng và các điều kiện lọc.",
  "invalid-request": "Giá trị không hợp lệ",
  "index-missing": "Máy chủ chưa có chỉ mục: quản trị viên cần chạy “tracuu index”.",
  "index-unusable": "Chỉ mục được lập bằng phiên bản khác: quản trị viên cần lập lại chỉ mục (“tracuu index --rebuild”).",
  "index-damaged": "Chỉ mục bị hỏng nên không trả lời: quản trị viên cần chạy “tracuu check”.",
  "disk-full": "Máy chủ hết dung lượng đĩa: chưa thay đổi gì, các văn bản đã có vẫn nguyên vẹn. "
    + "Hãy báo quản trị viên giải phóng dung lượng rồi thử lại.",
  "internal-error": "Máy chủ gặp lỗi khi xử lý yêu cầu này; quản trị viên xem chi tiết trong nhật ký máy chủ.",
};
// The request fields a validation error names ("query.from"), as the page calls them.
const FIELDS = {
  q: "từ khóa", mode: "cách tìm", k: "số kết quả", offset: "trang", from: "từ ngày", to: "đến ngày", unit: "đơn vị",
  doc_type: "loại văn bản", level: "cấp", place: "nơi ban hành", path: "tên tệp", doc: "văn bản", doc_id: "số văn bản",
  question: "câu hỏi", type: "loại câu hỏi", text: "đoạn văn bản", section_path: "mục", files: "tệp", collection: "bộ sưu tập",
};

// The page's sentence for a problem answer (RFC 9457 JSON) of this HTTP status.
function problemMessage(status, problem) {
  const kind = problem && problem.type ? problem.type.split(":").pop() : "";
  if (kind === "invalid-request" && problem.errors && problem.errors.length) {
    const names = problem.errors.map((e) => FIELDS[String(e.where).split(".").pop()] || String(e.where).split(".").pop());
    return `${PROBLEMS[kind]}: ${[...new Set(names)].join(", ")}.`;
  }
  return PROBLEMS[kind] || `Máy chủ báo lỗi (HTTP ${status}).`;
}

// A message the page itself words (Vietnamese), shown as it is.
class PageError extends Error {}

class ApiError extends PageError {
  constructor(status, problem) {
    super(problemMessage(status, problem));
    this.status = status;
    this.detail = problem && problem.detail ? String(problem.detail) : "";
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  if (apiKey()) headers["X-API-Key"] = apiKey();
  let response;
  try {
    response = await fetch(path, Object.assign({}, options, { headers }));
  } catch (_) {
    throw new PageError("Không kết nối được với máy chủ: hãy kiểm tra mạng rồi thử lại.");
  }
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function showError(error) {
  const box = $("error");
  // anything else is a fault of the page's own code: its English message goes to the tooltip
  box.textContent = error ? (error instanceof PageError ? error.message : "Trang gặp lỗi không mong đợi: hãy tải lại trang.") : "";
  box.title = error ? (error.detail || (error instanceof PageError ? "" : String(error.message || error))) : "";
  box.hidden = !error;
}

function formatDate(iso) {
  if (!iso) return "không rõ ngày";
  const [y, m, d] = iso.split("-");
  return d ? `${d}/${m}/${y}` : m ? `${m}/${y}` : y;
}

// What to call a document without a title: its file's name (an upload's name as it was sent).
function docName(item) {
  return item.title || item.name || `Văn bản ${item.doc_id ?? item.id}`;
}

function docLink(docId, start, end) {
  const query = start !== undefined && start !== null ? `?start=${Number(start)}&end=${Number(end)}` : "";
  return `#/doc/${Number(docId)}${query}`;
}

// The snippet as text with <mark> around each [start, end) span.
function highlighted(text, spans) {
  const nodes = [];
  let cursor = 0;
  for (const [start, end] of spans || []) {
    if (start < cursor) continue;
    nodes.push(text.slice(cursor, start), el("mark", null, text.slice(start, end)));
    cursor = end;
  }
  nodes.push(text.slice(cursor));
  return nodes.filter((n) => n !== "");
}

// ---- routing: #/search?…, #/ask?q=…, #/precedents, #/upload, #/doc/ID?start=…&end=…
function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query || "") };
}

function go(path, params) {
  const query = params && [...params].length ? `?${params}` : "";
  const hash = `#/${path}${query}`;
  if (location.hash === hash) route(); else location.hash = hash;
}

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll(".tabs a")) link.classList.toggle("active", link.dataset.tab === view);
}

async function route() {
  showError(null);
  const { parts, params } = currentRoute();
  const view = parts[0] || "search";
  try {
    if (view === "doc" && parts[1]) {
      show("document");
      await showDocument(parts[1], params.get("start"), params.get("end"));
    } else if (view === "ask") {
      show("ask");
      if (params.get("q")) await ask(params.get("q"));
    } else if (view === "precedents" || view === "upload") {
      show(view);
    } else {
      show("search");
      await search(params);
    }
  } catch (error) {
    showError(error);
  }
}

// ---- search
function searchParams() {
  const params = new URLSearchParams(currentRoute().params);
  params.set("q", $("q").value.trim());
  params.set("mode", document.querySelector("input[name=mode]:checked").value);
  params.delete("offset");
  return params;
}

async function search(params) {
  const q = params.get("q") || "";
  $("q").value = q;
  const mode = MODES[params.get("mode")] ? params.get("mode") : "hybrid";
  document.querySelector(`input[name=mode][value=${mode}]`).checked = true;
  if (!q) {
    clear($("results")); clear($("facets")); clear($("pager")); clear($("active-filters"));
    $("search-summary").textContent = "";
    return;
  }
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const query = new URLSearchParams({ q, mode, k: PAGE, offset });
  for (const name of ["unit", "doc_type", "level"]) if (params.get(name)) query.set(name, params.get(name));
  if (params.get("year")) { query.set("from", params.get("year")); query.set("to", params.get("year")); }
  $("search-summary").textContent = "Đang tìm…";
  const data = await api(`/api/search?${query}`);
  renderFilters(params);
  renderFacets(data.facets, params);
  renderResults(data, offset);
  renderPager(params, offset, data.results.length, data.has_more);
}

function withParam(params, name, value) {
  const next = new URLSearchParams(params);
  if (value === null) next.delete(name); else next.set(name, value);
  next.delete("offset");
  return next;
}

function renderFilters(params) {
  const chips = FILTER_KEYS.filter((name) => params.get(name)).map((name) =>
    el("button", { type: "button", class: "chip", title: "Bỏ lọc", "data-facet": name,
      onclick: () => go("search", withParam(params, name, null)) },
    `${FACET_NAMES[name]}: ${params.get(name)} ×`));
  clear($("active-filters"), chips);
}

function renderFacets(facets, params) {
  const groups = FILTER_KEYS.filter((name) => (facets[name] || []).length).map((name) => {
    const active = params.get(name);
    return el("div", { class: "facet", "data-facet": name },
      el("h3", null, FACET_NAMES[name]),
      el("ul", null, facets[name].map(({ value, count }) => el("li", null,
        el("button", { type: "button", class: String(value) === active ? "on" : null, "data-value": value,
          onclick: () => go("search", withParam(params, name, String(value) === active ? null : String(value))) },
        el("span", null, String(value)), el("span", { class: "count" }, count))))));
  });
  clear($("facets"), groups);
}

function renderResults(data, offset) {
  const summary = data.results.length
    ? `Kết quả ${offset + 1}–${offset + data.results.length} cho “${data.query}” (${MODES[data.mode]}, ${Math.round(data.took_ms)} ms)`
    : `Không có kết quả cho “${data.query}”.`;
  clear($("search-summary"), summary, coverageWarning(data).map((w) => el("span", { class: "warning" }, ` · ${w}`)));
  clear($("results"), data.results.map((r) => el("li", { class: "result", "data-doc": r.doc_id },
    el("a", { class: "title", href: docLink(r.doc_id, r.char_start, r.char_end) }, docName(r)),
    el("div", { class: "meta-line" },
      el("span", { class: "unit" }, r.unit || "không rõ đơn vị"), " · ",
      el("span", { class: "date" }, formatDate(r.date)),
      r.doc_type ? ` · ${r.doc_type}` : null,
      r.page_start ? ` · tr. ${r.page_start}` : null,
      r.name ? el("span", { class: "file" }, ` · ${r.name}`) : null),
    r.section_path.length ? el("div", { class: "path" }, r.section_path.join(" › ")) : null,
    el("p", { class: "snippet" }, highlighted(r.snippet, r.highlights)),
    moreInDocument(r), otherVersions(r))));
}

// A document's further hits, folded under its best one (the API's more_in_document).
function moreInDocument(r) {
  const hits = r.more_in_document || [];
  if (!hits.length) return null;
  return el("details", { class: "folded more-hits" },
    el("summary", null, `thêm ${hits.length} đoạn trong văn bản này`),
    el("ul", null, hits.map((h) => el("li", null,
      el("a", { href: docLink(r.doc_id, h.char_start, h.char_end) }, h.section_path.join(" › ") || "(đầu văn bản)"),
      h.snippet ? el("p", { class: "snippet" }, h.snippet) : null))));
}

// The other versions of the result's document (drafts, finals, copies: the API's versions).
function otherVersions(r) {
  if (!r.version_count || r.version_count < 2) return null;
  return el("details", { class: "folded versions" },
    el("summary", null, `${r.version_count} phiên bản`),
    el("ul", null, (r.versions || []).map((v) => {
      const first = v.hits && v.hits[0];
      return el("li", { "data-doc": v.doc_id },
        el("a", { href: first ? docLink(v.doc_id, first.char_start, first.char_end) : docLink(v.doc_id) }, v.name || v.title || `#${v.doc_id}`),
        ` · ${formatDate(v.date)}`,
        v.head ? el("span", { class: "badge" }, " · bản mới nhất") : null,
        v.hits && v.hits.length ? ` · ${v.hits.length} đoạn khớp` : " · không có đoạn khớp");
    })));
}

// The server's coverage warnings (English, for programs) said from the coverage figures.
function coverageWarning(data) {
  const { chunks, embedded } = data.coverage || {};
  if (data.mode === "bm25" || !chunks || embedded >= chunks) return [];
  if (!embedded) return ["chưa đoạn nào có vectơ (quản trị viên chạy “tracuu embed”): chỉ tìm được theo từ khóa"];
  return [`tìm ngữ nghĩa mới phủ ${embedded.toLocaleString("vi-VN")} trên ${chunks.toLocaleString("vi-VN")} đoạn`];
}

function renderPager(params, offset, shown, hasMore) {
  const page = (to) => { const next = new URLSearchParams(params); next.set("offset", to); return next; };
  clear($("pager"),
    offset > 0 ? el("button", { type: "button", class: "secondary", onclick: () => go("search", page(Math.max(0, offset - PAGE))) }, "‹ Trang trước") : null,
    shown ? el("span", null, `Trang ${Math.floor(offset / PAGE) + 1}`) : null,
    hasMore ? el("button", { type: "button", class: "secondary", id: "next-page", onclick: () => go("search", page(offset + PAGE)) }, "Trang sau ›") : null);
}

// ---- ask
function figureText(figure) {
  if (typeof figure !== "object" || figure === null) return String(figure);
  return figure.text || [figure.value, figure.unit].filter((v) => v !== undefined && v !== null).join(" ");
}

// The answer's text with each "[n]" turned into a link to citation n.
function answerText(text, citations) {
  const byNumber = new Map((citations || []).map((c, i) => [String(c.n ?? i + 1), c]));
  return String(text || "").split(/(\[\d+\])/).map((part) => {
    const match = /^\[(\d+)\]$/.exec(part);
    const citation = match && byNumber.get(match[1]);
    return citation ? el("a", { href: docLink(citation.doc_id, citation.char_start, citation.char_end), class: "citation" }, part) : part;
  });
}

async function ask(question) {
  $("question").value = question;
  const box = clear($("answer"), el("p", { class: "summary" }, "Đang tìm câu trả lời…"));
  let data;
  try {
    data = await api("/api/ask", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
  } catch (error) {
    clear(box);
    throw error;
  }
  const rows = [];
  for (const unit of data.units) {
    unit.documents.forEach((doc, i) => rows.push(el("tr", { "data-unit": unit.unit || "" },
      i === 0 ? el("td", { rowspan: unit.documents.length, class: "unit" }, unit.unit || "không rõ đơn vị") : null,
      el("td", null, el("a", { href: docLink(doc.doc_id) }, docName(doc)), el("div", { class: "meta-line" }, formatDate(doc.date))),
      el("td", null, doc.evidence.map((ev) => el("div", { class: "evidence" },
        el("q", null, ev.text),
        (ev.figures || []).map((f) => el("span", { class: "figure" }, figureText(f))),
        el("div", { class: "meta-line" },
          ev.section_path && ev.section_path.length ? `§ ${ev.section_path.join(" › ")} · ` : "",
          ev.page_start ? `tr. ${ev.page_start} · ` : "",
          el("a", { href: docLink(doc.doc_id, ev.char_start, ev.char_end), class: "citation" }, "xem trong văn bản"))))))));
  }
  const figures = data.table && data.table.rows.length ? figuresTable(data.table, data.citations, question) : null;
  clear(box,
    data.not_found ? el("p", { class: "failed" }, "Không tìm thấy báo cáo nào đề cập nội dung này.") : null,
    data.answer ? el("div", { class: "answer-text" }, answerText(data.answer, data.citations)) : null,
    figures,
    rows.length && !figures ? el("table", { class: "table", id: "answer-table" },
      el("thead", null, el("tr", null, el("th", null, "Đơn vị"), el("th", null, "Văn bản"), el("th", null, "Bằng chứng và số liệu"))),
      el("tbody", null, rows)) : null,
    (data.citations || []).length ? el("div", null, el("h3", null, "Trích dẫn"), el("ol", null, data.citations.map((c) =>
      el("li", null, el("a", { href: docLink(c.doc_id, c.char_start, c.char_end), class: "citation" },
        [docName(c), c.unit].filter(Boolean).join(" — ")))))) : null);
}

// ---- figures across reports: the table (every cell cited), a chart drawn here as SVG, CSV download
const SVG_NS = "http://www.w3.org/2000/svg";
const SERIES_COLOURS = ["#1a56a8", "#b3261e", "#1b6e2a", "#8a5a00", "#6a3d9a", "#00838f", "#c2185b", "#5d4037"];

// An SVG element; attributes as given, string children become text nodes.
function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A short axis label for a normalised value: "50 tỷ", "370 triệu", "1.000 hộ", "98,5%".
function shortAmount(value, kind, measure) {
  const number = (v) => v.toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  if (kind === "percent") return `${number(value)}%`;
  if (kind === "money") {
    for (const [size, word] of [[1e9, "tỷ"], [1e6, "triệu"], [1e3, "nghìn"]]) {
      if (Math.abs(value) >= size) return `${number(value / size)} ${word}`;
    }
    return `${number(value)} đ`;
  }
  return `${number(value)} ${measure}`;
}

function unitColour(table, unit) {
  return SERIES_COLOURS[Math.max(0, table.units.indexOf(unit)) % SERIES_COLOURS.length];
}

// Bars grouped by unit: one bar per period of that unit, its height the normalised value.
function barChart(table, rows, measure) {
  const [width, height, left, bottom, top] = [760, 300, 90, 70, 24];
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const units = [...new Set(rows.map((r) => r.unit))];
  const slot = (width - left - 10) / units.length;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const parts = [svg("line", { x1: left, x2: width - 10, y1: y(0), y2: y(0), stroke: "#5b6475" })];
  for (const tick of [0, 0.5, 1]) {
    parts.push(svg("text", { x: left - 6, y: y(max * tick) + 4, "text-anchor": "end", class: "axis" }, shortAmount(max * tick, rows[0].kind, measure)));
  }
  units.forEach((unit, u) => {
    const own = rows.filter((r) => r.unit === unit);
    const barWidth = Math.min(60, (slot - 16) / own.length);
    own.forEach((r, i) => {
      const x = left + u * slot + 8 + i * barWidth;
      const h = Math.max(2, y(0) - y(r.value));
      parts.push(svg("rect", { x, y: y(0) - h, width: barWidth - 4, height: h, fill: unitColour(table, unit), class: "bar",
        "data-unit": unit, "data-period": r.period }, svg("title", null, `${unit} — ${r.period}: ${r.display}`)));
      parts.push(svg("text", { x: x + (barWidth - 4) / 2, y: y(0) - h - 4, "text-anchor": "middle", class: "value" }, shortAmount(r.value, r.kind, measure)));
      parts.push(svg("text", { x: x + (barWidth - 4) / 2, y: y(0) + 14, "text-anchor": "middle", class: "axis" }, r.period));
    });
    const label = unit.length > 38 ? `${unit.slice(0, 37)}…` : unit;
    parts.push(svg("text", { x: left + u * slot + slot / 2, y: height - 30, "text-anchor": "middle", class: "unit-label" }, label, svg("title", null, unit)));
  });
  return svg("svg", { id: "figures-bars", class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Biểu đồ cột: ${measure} theo đơn vị` }, parts);
}

// Lines by year: one line per unit through its figures, at the last year of each period.
function lineChart(table, rows, measure) {
  const [width, height, left, bottom, top, right] = [760, 300, 90, 40, 24, 20];
  const years = [...new Set(rows.map((r) => r.period_end))].sort((a, b) => a - b);
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const x = (year) => left + (years.length === 1 ? 0.5 : (year - years[0]) / (years[years.length - 1] - years[0])) * (width - left - right);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const parts = [svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), stroke: "#5b6475" })];
  for (const tick of [0, 0.5, 1]) {
    parts.push(svg("text", { x: left - 6, y: y(max * tick) + 4, "text-anchor": "end", class: "axis" }, shortAmount(max * tick, rows[0].kind, measure)));
  }
  for (const year of years) parts.push(svg("text", { x: x(year), y: height - bottom + 18, "text-anchor": "middle", class: "axis" }, String(year)));
  for (const unit of [...new Set(rows.map((r) => r.unit))]) {
    const own = rows.filter((r) => r.unit === unit).sort((a, b) => a.period_end - b.period_end);
    const colour = unitColour(table, unit);
    parts.push(svg("polyline", { points: own.map((r) => `${x(r.period_end)},${y(r.value)}`).join(" "), fill: "none",
      stroke: colour, "stroke-width": 2, class: "line", "data-unit": unit }));
    for (const r of own) {
      parts.push(svg("circle", { cx: x(r.period_end), cy: y(r.value), r: 5, fill: colour, class: "point", "data-unit": unit },
        svg("title", null, `${unit} — ${r.period}: ${r.display}`)));
    }
  }
  return svg("svg", { id: "figures-lines", class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Biểu đồ đường: ${measure} qua các năm` }, parts);
}

function figuresChart(table) {
  const measure = table.measures[0];
  const rows = table.rows.filter((r) => r.measure === measure);
  const dated = rows.filter((r) => r.period_end !== null && r.period_end !== undefined);
  const years = new Set(dated.map((r) => r.period_end));
  const legend = el("ul", { class: "legend" }, table.units.map((unit) => el("li", null,
    svg("svg", { class: "swatch", viewBox: "0 0 10 10", "aria-hidden": "true" },
      svg("rect", { width: 10, height: 10, rx: 2, fill: unitColour(table, unit) })), unit)));
  return el("div", { id: "figures-chart", class: "charts" },
    el("h3", null, `Biểu đồ (${measure}${table.measures.length > 1 ? `; bỏ qua các ô đo bằng ${table.measures.slice(1).join(", ")}` : ""})`),
    legend, el("h4", null, "Theo đơn vị"), barChart(table, rows, measure),
    years.size > 1 ? [el("h4", null, "Qua các năm"), lineChart(table, dated, measure)] : null);
}

async function downloadCsv(question) {
  const headers = apiKey() ? { "X-API-Key": apiKey() } : {};
  let response;
  try {
    response = await fetch(`/api/ask.csv?${new URLSearchParams({ question })}`, { headers });
  } catch (_) {
    throw new PageError("Không kết nối được với máy chủ: hãy kiểm tra mạng rồi thử lại.");
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const link = el("a", { href: URL.createObjectURL(await response.blob()), download: "so-lieu.csv" });
  document.body.append(link);
  link.click();
  link.remove();
}

function figuresTable(table, citations, question) {
  const byNumber = new Map((citations || []).map((c) => [c.n, c]));
  const cite = (r) => {
    const c = byNumber.get(r.citation);
    return el("a", { href: docLink(r.doc_id, c ? c.char_start : r.char_start, c ? c.char_end : r.char_end), class: "citation",
      title: r.sentence }, `[${r.citation}]`);
  };
  return el("div", { class: "figures" },
    el("table", { class: "table", id: "figures-table" },
      el("thead", null, el("tr", null, ["Đơn vị", "Kỳ", "Số liệu (chuẩn hóa)", "Ghi trong văn bản", "Đơn vị đo", "Nguồn"].map((h) => el("th", null, h)))),
      el("tbody", null, table.rows.map((r) => el("tr", { "data-unit": r.unit, "data-period": r.period },
        el("td", { class: "unit" }, r.unit),
        el("td", { class: "period", title: r.period_source === "document" ? "năm của văn bản" : null }, r.period),
        el("td", { class: "value" }, r.display),
        el("td", null, r.figure),
        el("td", null, r.measure),
        el("td", null, cite(r), " ", el("span", { class: "meta-line" }, `${docName(r)} · ${formatDate(r.date)}`))))),
      table.totals.length ? el("tfoot", null, table.totals.map((t) => el("tr", { class: "total" },
        el("td", { colspan: 2 }, t.scope === "all" ? `Tổng (${t.rows} ô)` : `Tổng của ${t.scope} (${t.rows} ô)`),
        el("td", { class: "value" }, t.display), el("td", null, ""), el("td", null, t.measure), el("td", null, ""))) ) : null),
    el("p", { class: "hint" }, `Lưu ý: ${table.note}.`),
    el("p", null, el("button", { type: "button", class: "secondary", id: "figures-csv",
      onclick: () => downloadCsv(question).catch(showError) }, "Tải bảng CSV")),
    figuresChart(table));
}

// ---- precedents
async function loadPrecedentSections() {
  const select = $("precedent-section");
  clear(select, el("option", { value: "" }, "(cả văn bản)"));
  const id = Number($("precedent-doc").value);
  if (!id) return;
  const doc = await api(`/api/documents/${id}`);
  for (const s of doc.sections) {
    select.append(el("option", { value: JSON.stringify(s.path) }, `${"  ".repeat(Math.max(0, s.level - 1))}${s.heading}`));
  }
}

async function findPrecedents() {
  const text = $("draft").value.trim();
  const docId = Number($("precedent-doc").value) || null;
  const section = $("precedent-section").value;
  const body = { text: text || null, doc_id: docId, section_path: section ? JSON.parse(section) : null, k: Number($("precedent-k").value) || 10 };
  const box = clear($("precedents"), el("p", { class: "summary" }, "Đang tìm…"));
  let data;
  try {
    data = await api("/api/precedents", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch (error) {
    clear(box);
    throw error;
  }
  clear(box, data.units.length ? null : el("p", null, "Không có đoạn tương tự."), data.units.map((unit) => el("div", { class: "unit-group" },
    el("h3", { class: "unit" }, unit.unit || "không rõ đơn vị"),
    el("ol", { class: "results" }, unit.sections.map((s) => el("li", { class: "result" },
      el("a", { class: "title", href: docLink(s.doc_id, s.char_start, s.char_end) }, docName(s)),
      el("div", { class: "meta-line" }, formatDate(s.date), s.score !== undefined && s.score !== null ? ` · độ tương tự ${Number(s.score).toFixed(2)}` : ""),
      s.section_path && s.section_path.length ? el("div", { class: "path" }, s.section_path.join(" › ")) : null,
      el("p", { class: "snippet" }, s.text.length > 700 ? `${s.text.slice(0, 700)}…` : s.text)))))));
}

// ---- upload: one request per file, so each has its own progress bar and result
function uploadOne(file, row) {
  const [progress, result] = [row.querySelector("progress"), row.querySelector(".result-cell")];
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    if (apiKey()) xhr.setRequestHeader("X-API-Key", apiKey());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = e.loaded / e.total; };
    xhr.upload.onload = () => { progress.value = 1; result.textContent = "Đang lập chỉ mục…"; };
    xhr.onerror = () => { clear(result, el("span", { class: "failed" }, "Mất kết nối với máy chủ")); resolve(); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status >= 400 || !body || !body.results) {
        clear(result, el("span", { class: "failed", title: body && body.detail ? body.detail : null }, problemMessage(xhr.status, body)));
      } else {
        const r = body.results[0];
        clear(result, r.status === "failed"
          ? el("span", { class: "failed", title: r.message }, `Lỗi: ${FAILURES[r.code] || "không đọc được tệp"} (${r.name})`)
          : [el("span", { class: "ok" }, r.status === "added" ? "Đã thêm " : "Đã có sẵn "),
             el("a", { href: docLink(r.doc_id) }, `văn bản ${r.doc_id}`)]);
      }
      resolve();
    };
    xhr.send(form);
  });
}

async function upload() {
  const key = $("api-key").value.trim();
  if (key) sessionStorage.setItem(KEY_STORE, key);
  const files = [...$("files").files];
  if (!files.length) throw new PageError("Chưa chọn tệp nào.");
  const table = $("uploads");
  table.hidden = false;
  const rows = files.map((file) => el("tr", null, el("td", null, file.name),
    el("td", null, el("progress", { max: 1, value: 0 })), el("td", { class: "result-cell" }, "Đang chờ…")));
  clear(table.tBodies[0], rows);
  for (let i = 0; i < files.length; i++) await uploadOne(files[i], rows[i]);
  await refreshStatus();
}

// ---- document view
function outline(sections) {
  const root = el("ol", { class: "outline" });
  const stack = [{ level: 0, list: root }];
  for (const s of sections) {
    while (stack.length > 1 && stack[stack.length - 1].level >= s.level) stack.pop();
    const item = el("li", null, el("button", { type: "button", onclick: () => {
      const target = document.getElementById(`at-${s.start}`);
      if (target) target.scrollIntoView({ block: "start" });
    } }, s.heading));
    stack[stack.length - 1].list.append(item);
    const children = el("ol");
    item.append(children);
    stack.push({ level: s.level, list: children });
  }
  return [...root.childNodes];
}

// The text cut at section starts (scroll targets) and around the cited span (highlighted).
function documentText(text, sections, start, end) {
  const cuts = new Set([0, text.length]);
  for (const s of sections) cuts.add(s.start);
  const cited = start !== null && end !== null && end > start;
  if (cited) { cuts.add(start); cuts.add(end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const inside = cited && a >= start && b <= end;
    nodes.push(el(inside ? "mark" : "span", { id: `at-${a}`, class: inside ? "cited heading-target" : "heading-target" }, piece));
  }
  return nodes;
}

async function showDocument(id, start, end) {
  const doc = await api(`/api/documents/${Number(id)}`);
  const [from, to] = [start === null ? null : Number(start), end === null ? null : Number(end)];
  const file = doc.files[0];
  $("doc-title").textContent = doc.title || (file && file.name) || `Văn bản ${doc.id}`;
  const fields = [["Đơn vị", doc.unit], ["Loại văn bản", doc.doc_type], ["Số", doc.number], ["Nơi ban hành", doc.place],
    ["Ngày", doc.date && formatDate(doc.date)], ["Người ký", doc.signer], ["Chức vụ", doc.signer_position], ["Cấp", doc.level],
    ["Tệp", file && file.name], ["Định dạng", doc.format], ["Mã văn bản", String(doc.id)]];
  clear($("doc-meta"), fields.filter(([, v]) => v).map(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
  clear($("doc-actions"),
    file ? el("a", { href: `/api/documents/${doc.id}/file` }, `Tải tệp gốc (${file.name})`) : null,
    apiKey() ? el("button", { type: "button", class: "secondary", onclick: () => removeDocument(doc) }, "Xóa khỏi chỉ mục") : null);
  clear($("doc-outline"), outline(doc.sections));
  clear($("doc-text"), documentText(doc.text, doc.sections, from, to));
  const mark = $("doc-text").querySelector("mark.cited");
  if (mark) mark.scrollIntoView({ block: "center" }); else window.scrollTo(0, 0);
}

async function removeDocument(doc) {
  if (!window.confirm(`Xóa “${doc.title || doc.id}” khỏi chỉ mục?`)) return;
  await api(`/api/documents/${doc.id}`, { method: "DELETE" });
  await refreshStatus();
  go("search", new URLSearchParams());
}

async function refreshStatus() {
  try {
    const health = await api("/health");
    $("status").textContent = health.status === "ok"
      ? `${health.index.documents.toLocaleString("vi-VN")} văn bản · ${health.index.chunks.toLocaleString("vi-VN")} đoạn${health.writes.writing ? " · đang lập chỉ mục" : ""}`
      : health.status === "damaged"
        ? `Chỉ mục bị hỏng (${PARTS[health.index.damaged_part] || health.index.damaged_part}): quản trị viên cần chạy “tracuu check”`
        : "Chưa có chỉ mục";
  } catch (error) {
    $("status").textContent = "";
  }
}

function guard(action) {
  return async (event) => {
    event.preventDefault();
    showError(null);
    try { await action(); } catch (error) { showError(error); }
  };
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", guard(async () => go("search", searchParams())));
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", () => { if ($("q").value.trim()) go("search", searchParams()); });
  }
  $("ask-form").addEventListener("submit", guard(async () => go("ask", new URLSearchParams({ q: $("question").value.trim() }))));
  $("precedents-form").addEventListener("submit", guard(findPrecedents));
  $("precedent-doc").addEventListener("change", () => loadPrecedentSections().catch(showError));
  $("upload-form").addEventListener("submit", guard(upload));
  $("api-key").value = apiKey();
  $("access-key").value = apiKey();
  // One key for the whole visit (this tab's session): reads see what it may read, uploads use it too.
  $("key-form").addEventListener("submit", guard(async () => {
    const key = $("access-key").value.trim();
    if (key) sessionStorage.setItem(KEY_STORE, key); else sessionStorage.removeItem(KEY_STORE);
    $("api-key").value = key;
    // nothing read with the previous key stays on screen, even if this one is refused
    for (const id of ["results", "facets", "pager", "active-filters", "answer", "precedents"]) clear($(id));
    $("search-summary").textContent = "";
    refreshStatus();
    await route();
  }));
  window.addEventListener("hashchange", route);
  refreshStatus();
  route();
});
