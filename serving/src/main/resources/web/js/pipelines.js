// Pipelines (admin): recent runs and their states, starting a run, and live updates from the API's event stream
// (GET /api/v1/events, server-sent events read through fetch, which can send the token as EventSource cannot).
import { get, post, stream } from "./api.js";
import { h, table, text } from "./dom.js";
import { fail, say } from "./ui.js";

const PIPELINES = ["discovery", "ingest", "analytics_refresh", "maintenance"];

export async function pipelines(page) {
  const live = h("p", { id: "live", "aria-live": "polite" }, "Live updates: connecting…");
  const lastExport = h("p", { id: "last-export", "aria-live": "polite" }, "Latest export: reading…");
  const holder = h("div");
  page.append(h("h2", {}, "Pipelines"),
    h("div", { class: "pager", role: "group", "aria-label": "Start a pipeline run" }, PIPELINES.map((p) =>
      h("button", { type: "button", "data-pipeline": p, onclick: async () => {
        try {
          const run = await post(`/api/v1/jobs/${p}`, {});
          say(`Started ${p}: run ${run.run_id} (${run.state}).`);
          upsert(run);
        } catch (e) {
          fail(e);
        }
      } }, `Start ${p.replace("_", " ")}`))),
    live, lastExport, holder);
  const showExport = (x) => {
    if (!x) {
      lastExport.textContent = "Latest export: none yet";
      return;
    }
    lastExport.dataset.run = x.run_id;
    lastExport.dataset.status = x.status;
    lastExport.textContent = `Latest export: ${x.run_id}, ${x.status}` + (x.finished_at ? `, finished ${x.finished_at}`
      : `, started ${x.started_at}`) + (x.message ? ` (${x.message})` : "");
  };
  const runs = new Map();
  const render = () => holder.replaceChildren(table("Recent runs, newest first", [
    ["Pipeline", (r) => r.pipeline], ["Run", (r) => r.run_id], ["State", (r) => h("span", { class: `state ${r.state}` }, r.state)],
    ["Type", (r) => text(r.run_type)], ["Queued", (r) => text(r.queued_at || r.run_after)],
    ["Started", (r) => text(r.start_date)], ["Ended", (r) => text(r.end_date)]],
  [...runs.values()], (r) => ({ "data-run": r.run_id, "data-state": r.state })));
  function upsert(run) {
    runs.set(run.run_id, { ...(runs.get(run.run_id) || {}), ...run });
    render();
  }

  const stop = new AbortController();
  let buffer = "";
  const listening = stream("/api/v1/events", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = (/^event: (.*)$/m.exec(frame) || [])[1];
      const data = (/^data: (.*)$/m.exec(frame) || [])[1];
      if (name === "ready") {
        live.textContent = "Live updates: on";
        // read the list once the stream is listening, so that no change falls between the two
        get("/api/v1/jobs", { limit: 25 }).then((answer) => answer.data.forEach(upsert)).catch(fail);
        get("/health").then((health) => showExport(health.last_export)).catch(fail);
      } else if (name === "job" && data) {
        const run = JSON.parse(data);
        upsert(run);
        live.textContent = `Live updates: on; ${run.pipeline} run ${run.run_id} is ${run.state}`;
      } else if (name === "airflow" && data) {
        const a = JSON.parse(data);
        live.textContent = a.available ? "Live updates: on; Airflow answers again" : `Live updates: Airflow does not answer: ${a.detail}`;
      } else if (name === "export" && data) {
        const x = JSON.parse(data);
        showExport(x);
        live.textContent = `Live updates: on; export ${x.run_id} is ${x.status}`;
      }
    }
  }, stop.signal);
  listening.then(() => {
    live.textContent = "Live updates: the stream ended; open the page again to resume.";
  }, (e) => {
    if (e.name !== "AbortError") {
      live.textContent = "Live updates: off";
      fail(e);
    }
  });
  return () => stop.abort();
}
