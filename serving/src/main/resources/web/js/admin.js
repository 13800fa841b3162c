// Admin pages: API keys (create with a role and a rate limit, shown once; revoke) and the audit log. The API decides:
// a viewer who opens these pages gets its 403, shown as a message.
import { del, get, post } from "./api.js";
import { field, h, select, table, text } from "./dom.js";
import { fail, say } from "./ui.js";

const ROLES = [["viewer", "viewer"], ["analyst", "analyst"], ["admin", "admin"]];

export async function keys(page) {
  page.append(h("h2", {}, "API keys"));
  const list = await get("/api/v1/admin/keys");
  const name = h("input", { name: "name", required: true, maxlength: 100, autocomplete: "off" });
  const role = select("role", ROLES, "viewer");
  const limit = h("input", { name: "rate_limit", type: "number", min: 1, step: 1, placeholder: "server default" });
  const shown = h("div", { id: "new-key", "aria-live": "polite" });
  const holder = h("div");
  page.append(
    h("form", { class: "inline", "aria-label": "Create a key", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const body = { name: name.value.trim(), role: role.value };
        if (limit.value) {
          body.rate_limit = Number(limit.value);
        }
        const created = await post("/api/v1/admin/keys", body);
        shown.replaceChildren(h("p", {}, `Key ${created.key_id} (${created.role}) for '${created.name}'. It is shown`
          + " only now: copy it and give it to its holder."), h("output", { id: "new-key-secret" }, created.api_key));
        name.value = "";
        render(await get("/api/v1/admin/keys"));
      } catch (e) {
        fail(e);
      }
    } }, field("Name", name), field("Role", role), field("Requests per second", limit),
    h("button", { type: "submit" }, "Create key")),
    shown, holder);

  function render(answer) {
    holder.replaceChildren(table("API keys (never their secrets)", [
      ["Key id", (k) => k.key_id], ["Name", (k) => k.name], ["Role", (k) => k.role],
      ["Rate limit", (k) => (k.rate_limit === null ? "default" : `${k.rate_limit}/s`)], ["Created", (k) => k.created_at],
      ["By", (k) => k.created_by], ["Revoked", (k) => text(k.revoked_at)],
      ["", (k) => (k.revoked_at ? "" : h("button", { type: "button", "aria-label": `Revoke key ${k.key_id} (${k.name})`,
        onclick: async () => {
          try {
            await del(`/api/v1/admin/keys/${encodeURIComponent(k.key_id)}`);
            say(`Revoked key ${k.key_id}.`);
            render(await get("/api/v1/admin/keys"));
          } catch (e) {
            fail(e);
          }
        } }, "Revoke"))]], answer.data, (k) => ({ "data-key": k.key_id })));
  }
  render(list);
}

export async function audit(page) {
  page.append(h("h2", {}, "Audit log"));
  const holder = h("div");
  const more = h("button", { type: "button" }, "Older entries");
  page.append(holder, h("div", { class: "pager" }, more));
  let rows = [];
  let cursor = null;
  async function load() {
    const answer = await get("/api/v1/admin/audit", { limit: 50, cursor });
    rows = rows.concat(answer.data);
    cursor = answer.next_cursor;
    more.hidden = !cursor;
    holder.replaceChildren(table("The audit log, newest first", [
      ["When", (a) => a.at], ["Who", (a) => a.actor], ["What", (a) => a.action], ["On", (a) => text(a.target)],
      ["Details", (a) => (a.detail ? JSON.stringify(a.detail) : "")], ["Request", (a) => text(a.request_id)]], rows));
  }
  more.addEventListener("click", () => load().catch(fail));
  await load();
}
