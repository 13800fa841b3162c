// A rate's lineage: the file it was read from and its place in it (a CSV line or a JSON path).
import { get } from "./api.js";
import { h, text } from "./dom.js";

export async function lineage(page, params, hospitalId, rateId) {
  const r = await get(`/api/v1/hospitals/${encodeURIComponent(hospitalId)}/prices/${rateId}/lineage`);
  const f = r.file || {};
  page.append(h("h2", {}, `Where rate ${r.rate_id} of ${r.hospital_id} comes from`),
    h("dl", { class: "facts" },
      h("dt", {}, "Code"), h("dd", {}, `${r.code_type} ${r.code}`),
      h("dt", {}, "Payer and plan"), h("dd", {}, `${text(r.payer_name)} · ${text(r.plan_name)}`),
      h("dt", {}, "Place in the file"), h("dd", {}, h("code", {}, text(r.source_location))),
      h("dt", {}, "File"), h("dd", {}, h("code", {}, text(f.source_path))),
      h("dt", {}, "File SHA-256"), h("dd", {}, h("code", { class: "hash" }, text(r.file_sha256))),
      h("dt", {}, "Layout and template"), h("dd", {}, `${text(f.layout)} ${text(f.template_version)}`),
      h("dt", {}, "File date, ingested"), h("dd", {}, `${text(f.last_updated_on)}, ${text(f.ingested_at)}`),
      h("dt", {}, "Status"), h("dd", {}, `${text(f.status)}${f.is_current ? " (the hospital's current file)" : ""}`)),
    h("p", {}, h("a", { href: `#/hospital/${encodeURIComponent(r.hospital_id)}` }, "The hospital's page")));
}
