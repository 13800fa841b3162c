// Hospitals: the list (by state and name) and one hospital's page: summary, data-quality score and what it is made
// of, its current file and their history, findings of the current file by rule, and its prices with search.
import { get } from "./api.js";
import { field, h, money, table, text } from "./dom.js";
import { amount, basis } from "./explorer.js";
import { fail, go } from "./ui.js";

const percent = (v) => (v === null || v === undefined ? "" : `${Math.round(v * 100)}%`);

export async function hospitals(page, params) {
  const state = h("input", { name: "state", value: params.get("state") || "", size: 3, maxlength: 2, placeholder: "OR" });
  const q = h("input", { name: "q", type: "search", value: params.get("q") || "", placeholder: "name" });
  page.append(h("h2", {}, "Hospitals"),
    h("form", { class: "inline", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      go("hospitals", { state: state.value.trim().toUpperCase(), q: q.value.trim() });
    } }, field("State", state), field("Name", q), h("button", { type: "submit" }, "Find")));
  const list = await get("/api/v1/hospitals", { state: params.get("state"), q: params.get("q"), limit: 100 });
  page.append(table("Hospitals", [
    ["Hospital", (x) => h("a", { href: `#/hospital/${encodeURIComponent(x.hospital_id)}` }, x.hospital_name)],
    ["State", (x) => x.state], ["File date", (x) => x.last_updated_on], ["Codes", (x) => x.codes],
    ["Payers", (x) => x.payers], ["Quality score", (x) => percent(x.quality_score)]], list.data));
}

export async function hospital(page, params, id) {
  const x = await get(`/api/v1/hospitals/${encodeURIComponent(id)}`);
  page.append(
    h("h2", {}, x.hospital_name),
    h("p", {}, `${x.state} · license ${text(x.license_number)} · ${(x.location_names || []).join(", ")}`
      + ` · ${(x.addresses || []).join("; ")}`),
    h("section", { "aria-labelledby": "quality-h" },
      h("h3", { id: "quality-h" }, `Data quality: ${percent(x.quality_score)}`),
      h("dl", { class: "facts" },
        h("dt", {}, "Share of rates with a published dollar"), h("dd", {}, percent(x.dollar_share)),
        h("dt", {}, "Rows read / rejected"), h("dd", {}, `${x.rows} / ${x.rejected_rows}`),
        h("dt", {}, "CMS rule findings (errors / alerts)"), h("dd", {}, `${x.finding_errors} / ${x.finding_alerts}`),
        h("dt", {}, "Codes, payers, payer rates"), h("dd", {}, `${x.codes}, ${x.payers}, ${x.payer_rates}`),
        h("dt", {}, "As of"), h("dd", {}, text(x.as_of)))),
    h("section", { "aria-labelledby": "files-h" },
      h("h3", { id: "files-h" }, "Files"),
      table("The hospital's files, current first", [
        ["Current", (f) => (f.is_current ? "current" : "")], ["File date", (f) => f.last_updated_on],
        ["Path", (f) => f.source_path], ["Layout", (f) => `${f.layout} ${f.template_version}`],
        ["Status", (f) => f.status], ["Rows", (f) => f.row_count], ["Rejected", (f) => f.rejected_count],
        ["Errors / alerts", (f) => `${f.finding_errors} / ${f.finding_alerts}`], ["Ingested", (f) => f.ingested_at]],
      [...x.files].sort((a, b) => Number(b.is_current) - Number(a.is_current)))),
    h("section", { "aria-labelledby": "findings-h" },
      h("h3", { id: "findings-h" }, "Findings of the current file, by rule"),
      table("Findings by rule", [["Rule", (f) => f.rule], ["Severity", (f) => f.severity], ["Count", (f) => f.count]],
        x.current_file_findings || [])));
  await prices(page, id, params);
}

async function prices(page, id, params) {
  const code = h("input", { name: "code", value: params.get("code") || "", placeholder: "99213", size: 10 });
  const box = h("div");
  page.append(h("section", { "aria-labelledby": "hprices-h" },
    h("h3", { id: "hprices-h" }, "Prices"),
    h("form", { class: "inline", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      go(`hospital/${encodeURIComponent(id)}`, { code: code.value.trim() });
    } }, field("Billing code", code), h("button", { type: "submit" }, "Search prices")), box));
  const cursors = [null];
  let current = 0;
  const prev = h("button", { type: "button" }, "Previous page");
  const next = h("button", { type: "button" }, "Next page");
  const holder = h("div");
  box.append(holder, h("div", { class: "pager" }, prev, next));
  // a bare code finds its rates under whichever code type the hospital published it as
  const filter = params.get("code") ? await codeFilter(id, params.get("code")) : {};
  async function show(index) {
    const answer = await get(`/api/v1/hospitals/${encodeURIComponent(id)}/prices`, { ...filter, limit: 25, cursor: cursors[index] });
    holder.replaceChildren(table(`Prices, page ${index + 1}`, [
      ["Code", (r) => `${r.code_type} ${r.code}`], ["Description", (r) => r.description], ["Payer", (r) => r.payer_name],
      ["Plan", (r) => r.plan_name], ["Setting", (r) => r.setting], ["Billing class", (r) => r.billing_class],
      ["Dollar", amount], ["Basis", basis], ["Gross", (r) => money(r.gross_charge)], ["Cash", (r) => money(r.discounted_cash)],
      ["Lineage", (r) => h("a", { href: `#/lineage/${encodeURIComponent(id)}/${r.rate_id}` }, "source")]], answer.data));
    cursors.length = index + 1;
    if (answer.next_cursor) {
      cursors.push(answer.next_cursor);
    }
    current = index;
    prev.disabled = index === 0;
    next.disabled = !answer.next_cursor;
  }
  prev.addEventListener("click", () => show(current - 1).catch(fail));
  next.addEventListener("click", () => show(current + 1).catch(fail));
  await show(0);
}

/** The code_type and code of the hospital's codes that match `code` (CPT 99213 for "99213"); the code alone if none. */
async function codeFilter(id, code) {
  const codes = await get(`/api/v1/hospitals/${encodeURIComponent(id)}/codes`, { limit: 1000 });
  const match = codes.data.find((c) => c.code.toUpperCase() === code.toUpperCase());
  return match ? { code_type: match.code_type, code: match.code } : { code_type: "CPT", code };
}
