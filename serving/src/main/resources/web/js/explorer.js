// The explorer: find a service by words or code, then its prices across hospitals (filters, cursor paging, CSV), the
// spread of its negotiated dollars from the code statistics, and each hospital's prices of it.
import { blob, get, may } from "./api.js";
import { hospitalChart, spreadChart } from "./chart.js";
import { download, field, h, money, select, table, text } from "./dom.js";
import { fail, go, say } from "./ui.js";

const SETTINGS = [["", "any"], ["inpatient", "inpatient"], ["outpatient", "outpatient"], ["both", "both"]];
const CLASSES = [["", "any"], ["professional", "professional"], ["facility", "facility"], ["both", "both"], ["unknown", "unknown"]];
const SIZES = [["5", "5"], ["25", "25"], ["100", "100"]];
const FILTERS = ["state", "payer", "setting", "billing_class"];

/** Hospitals already read (for the file date of their prices): id → promise of the hospital. */
const hospitalCache = new Map();

function hospitalOf(id) {
  if (!hospitalCache.has(id)) {
    hospitalCache.set(id, get(`/api/v1/hospitals/${encodeURIComponent(id)}`).catch((e) => {
      hospitalCache.delete(id);
      throw e;
    }));
  }
  return hospitalCache.get(id);
}

/** The amount of a rate as shown: its published or derived dollar, else its percentage or algorithm. */
export function amount(r) {
  if (r.negotiated_dollar !== null) {
    return money(r.negotiated_dollar);
  }
  if (r.derived_dollar !== null) {
    return money(r.derived_dollar);
  }
  if (r.negotiated_percentage !== null) {
    return `${r.negotiated_percentage}% of charges`;
  }
  return text(r.negotiated_algorithm);
}

/** The basis of a rate's amount: published, derived (from a percentage) or none (an algorithm only). */
export function basis(r) {
  return r.price_basis || "none";
}

export async function explorer(page, params) {
  const q = params.get("q") || "";
  const input = h("input", { name: "q", type: "search", value: q, required: true, placeholder: "office visit, MRI, 99213",
    autocomplete: "off" });
  const form = h("form", { class: "inline", role: "search",
    onsubmit: (ev) => { ev.preventDefault(); go("explore", { q: input.value.trim() }); } },
  field("Service: words or a billing code", input), h("button", { type: "submit" }, "Search"));
  page.append(h("h2", {}, "Explorer"), form);
  if (q && !params.get("code")) {
    await results(page, q);
  }
  if (params.get("code_type") && params.get("code")) {
    await prices(page, params);
  } else if (!q) {
    input.focus();
  }
}

async function results(page, q) {
  const found = await get("/api/v1/codes/search", { q });
  page.append(h("section", { "aria-labelledby": "results-h" },
    h("h3", { id: "results-h" }, `Services matching "${q}"`),
    found.data.length === 0 ? h("p", {}, "No service matches; try other words or a code.")
      : h("ul", { class: "results" }, found.data.map((c) => h("li", {},
        h("a", { href: `#/explore?${new URLSearchParams({ q, code_type: c.code_type, code: c.code })}` },
          `${c.code_type} ${c.code}`), ` ${c.description || ""} (${c.hospitals} hospitals)`)))));
}

async function prices(page, params) {
  const codeType = params.get("code_type");
  const code = params.get("code");
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
  const limit = params.get("limit") || "25";
  const payers = await get("/api/v1/payers", { limit: 1000 });

  const controls = {
    state: h("input", { name: "state", value: filters.state, size: 3, maxlength: 2, pattern: "[A-Za-z]{2}",
      placeholder: "OR", autocomplete: "off" }),
    payer: select("payer", [["", "any"], ...payers.data.map((p) => [p.payer, p.payer_name])], filters.payer),
    setting: select("setting", SETTINGS, filters.setting),
    billing_class: select("billing_class", CLASSES, filters.billing_class),
    limit: select("limit", SIZES, limit),
  };
  const apply = (ev) => {
    ev.preventDefault();
    const next = { q: params.get("q"), code_type: codeType, code };
    for (const k of FILTERS) {
      next[k] = k === "state" ? controls[k].value.trim().toUpperCase() : controls[k].value;
    }
    next.limit = controls.limit.value;
    go("explore", next);
  };
  const heading = h("h3", { id: "prices-h" }, `${codeType} ${code}`);
  page.append(h("section", { "aria-labelledby": "prices-h", id: "prices" }, heading,
    h("form", { class: "filters", onsubmit: apply, "aria-label": "Filters" },
      field("State", controls.state), field("Payer", controls.payer), field("Setting", controls.setting),
      field("Billing class", controls.billing_class), field("Rows per page", controls.limit),
      h("button", { type: "submit" }, "Apply"))));
  const section = page.querySelector("#prices");

  const chartBox = h("figure", { id: "spread" });
  const perHospitalBox = h("figure", { id: "per-hospital" });
  const tableBox = h("div", { id: "price-table" });
  section.append(chartBox, perHospitalBox, tableBox);
  const query = { code_type: codeType, code, ...filters, limit };
  await Promise.all([chart(chartBox, codeType, code, filters, payers.data), perHospital(perHospitalBox, codeType, code, filters),
    pricePages(tableBox, query, heading)]);
}

/** Rows of the per-hospital chart: the lowest medians first, up to this many (a state filter narrows a national code). */
const HOSPITAL_ROWS = 40;

/** Each hospital's negotiated dollars of the code (all payers), per comparable group: median, min and max. */
async function perHospital(box, codeType, code, filters) {
  const answer = await get(`/api/v1/codes/${encodeURIComponent(codeType)}/${encodeURIComponent(code)}/hospitals`, {
    state: filters.state, setting: filters.setting, billing_class: filters.billing_class, limit: HOSPITAL_ROWS,
  });
  const rows = answer.data.filter((r) => r.negotiated_median !== null);
  const unpriced = answer.data.length - rows.length;
  const label = (r) => `${r.hospital_name || r.hospital_id} (${r.state}) · ${r.setting} ${r.billing_class}`
    + (r.modifiers ? ` · mod ${r.modifiers}` : "");
  const caption = `Each hospital's published negotiated dollars of ${codeType} ${code} (all payers) in ${filters.state || "the US"}:`
    + " median (dot), min to max (line), the lowest medians first";
  const notes = [];
  if (answer.next_cursor) {
    notes.push(`The ${HOSPITAL_ROWS} rows with the lowest medians; filter by state or setting to see others.`);
  }
  if (unpriced > 0) {
    notes.push(`Not drawn: ${unpriced} of these rows, whose hospital publishes no dollar amount (only percentages or algorithms).`);
  }
  figure(box, {
    caption, rows, notes, empty: "No hospital publishes a dollar amount for this code here.",
    draw: () => hospitalChart(rows, label, caption), title: "Negotiated dollars per hospital",
    columns: [["Hospital, setting, class", label], ["Rates", (r) => r.dollar_rates], ["Payers", (r) => r.payers],
      ["Min", (r) => money(r.negotiated_min)], ["Median", (r) => money(r.negotiated_median)],
      ["Max", (r) => money(r.negotiated_max)]],
  });
}

/** The spread of negotiated dollars: per comparable group, all payers and each payer, in the state or the US. */
async function chart(box, codeType, code, filters, payers) {
  const names = new Map(payers.map((p) => [p.payer, p.payer_name]));
  const geography = filters.state || "US";
  const stats = await get(`/api/v1/codes/${encodeURIComponent(codeType)}/${encodeURIComponent(code)}/stats`, {
    geography, payer: filters.payer, setting: filters.setting, billing_class: filters.billing_class,
    measure: "negotiated_dollar",
  });
  const rows = stats.data.filter((r) => r.min !== null);
  // a payer name that matched no canonical payer is a payer of its own, "unmatched:<its normalised name>"
  const payer = (id) => (id === "*" ? "all payers" : names.get(id) || id.replace(/^unmatched:(.*)$/, "$1 (unmatched)"));
  const label = (r) => `${payer(r.payer)} · ${r.setting} ${r.billing_class}`
    + (r.modifiers ? ` · mod ${r.modifiers}` : "");
  const caption = `Spread of published negotiated dollars of ${codeType} ${code} in ${geography}`;
  figure(box, {
    caption, rows, notes: [], empty: "No published dollar amounts to chart.",
    draw: () => spreadChart(rows, label, caption), title: "Statistics of published negotiated dollars",
    columns: [["Payer, setting, class", label], ["Hospitals", (r) => r.hospitals], ["Rates", (r) => r.rates],
      ["Min", (r) => money(r.min)], ["25th pct", (r) => money(r.p25)], ["Median", (r) => money(r.median)],
      ["75th pct", (r) => money(r.p75)], ["Max", (r) => money(r.max)]],
  });
}

/**
 * A chart in its figure: the caption, the chart (or the `empty` message when there are no rows), the notes, and the
 * chart's figures as a table in a `details` (a screen reader's way in).
 */
function figure(box, { caption, rows, notes, empty, draw, title, columns }) {
  const paragraphs = notes.map((n) => h("p", {}, n));
  if (rows.length === 0) {
    box.replaceChildren(h("figcaption", {}, caption), h("p", {}, empty), ...paragraphs);
    return;
  }
  box.replaceChildren(h("figcaption", {}, caption), draw(), ...paragraphs,
    h("details", {}, h("summary", {}, "The figures of the chart"), table(title, columns, rows)));
}

const COLUMNS = [
  ["Hospital", (r) => h("a", { href: `#/hospital/${encodeURIComponent(r.hospital_id)}` }, r.hospital_name)],
  ["State", (r) => r.state],
  ["Payer", (r) => r.payer_name],
  ["Plan", (r) => r.plan_name],
  ["Billing class", (r) => r.billing_class],
  ["Setting", (r) => r.setting],
  ["Modifiers", (r) => r.modifiers],
  ["Dollar", amount],
  ["Basis", basis],
  ["File date", (r) => r.file_date],
  ["Lineage", (r) => h("a", { href: `#/lineage/${encodeURIComponent(r.hospital_id)}/${r.rate_id}`,
    "aria-label": `Lineage of rate ${r.rate_id} of ${r.hospital_name}` }, "source")],
];

const CSV_COLUMNS = [["hospital", "hospital_name"], ["state", "state"], ["payer", "payer_name"], ["plan", "plan_name"],
  ["billing_class", "billing_class"], ["setting", "setting"], ["modifiers", "modifiers"],
  ["negotiated_dollar", "negotiated_dollar"], ["derived_dollar", "derived_dollar"], ["price_basis", "price_basis"],
  ["file_date", "file_date"], ["hospital_id", "hospital_id"], ["rate_id", "rate_id"]];

function csvOf(rows) {
  const cell = (v) => {
    const s = text(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [CSV_COLUMNS.map(([n]) => n).join(","), ...rows.map((r) => CSV_COLUMNS.map(([, k]) => cell(r[k])).join(","))]
    .join("\r\n") + "\r\n";
}

/** The prices table, one page at a time: Next follows the API's cursor, Previous goes back through those seen. */
async function pricePages(box, query, heading) {
  const cursors = [null];
  let rows = [];
  const status = h("p", { class: "page-status", "aria-live": "polite" });
  const prev = h("button", { type: "button", disabled: true }, "Previous page");
  const next = h("button", { type: "button", disabled: true }, "Next page");
  const analyst = may("analyst");
  const csv = h("button", { type: "button", id: "download-csv" },
    analyst ? "Download CSV (every matching rate)" : "Download CSV (this page)");
  const holder = h("div");
  box.replaceChildren(holder, h("div", { class: "pager" }, prev, status, next, csv));

  async function show(index) {
    const page = await get("/api/v1/prices", { ...query, cursor: cursors[index] });
    const hospitals = await Promise.all([...new Set(page.data.map((r) => r.hospital_id))].map(hospitalOf));
    const dates = new Map(hospitals.map((x) => [x.hospital_id, x.last_updated_on]));
    rows = page.data.map((r) => ({ ...r, file_date: dates.get(r.hospital_id) || "" }));
    if (rows.length > 0) {
      heading.textContent = `${query.code_type} ${query.code}: ${rows[0].description || ""}`;
    }
    holder.replaceChildren(table(`Prices of ${query.code_type} ${query.code}, page ${index + 1}`, COLUMNS, rows,
      (r) => ({ "data-hospital": r.hospital_id, "data-rate": r.rate_id })));
    cursors.length = index + 1;
    if (page.next_cursor) {
      cursors.push(page.next_cursor);
    }
    prev.disabled = index === 0;
    next.disabled = !page.next_cursor;
    status.textContent = `Page ${index + 1}, ${rows.length} rates${page.next_cursor ? ", more follow" : ""}`;
    status.dataset.page = String(index + 1);
  }
  let current = 0;
  const move = (step) => async () => {
    try {
      await show(current + step);
      current += step;
    } catch (e) {
      fail(e);
    }
  };
  prev.addEventListener("click", move(-1));
  next.addEventListener("click", move(1));
  csv.addEventListener("click", async () => {
    const name = `rates-${query.code_type}-${query.code}.csv`;
    try {
      if (analyst) {
        const { limit, ...filters } = query;
        download(await blob("/api/v1/exports/rates.csv", filters), name);
      } else {
        download(new Blob([csvOf(rows)], { type: "text/csv" }), name);
      }
      say(`Downloaded ${name}.`);
    } catch (e) {
      fail(e);
    }
  });
  await show(0);
}
