// What every view uses: messages, failures shown as messages, and the router's location (#/page?query).
import { ApiError } from "./api.js";

/** Shows `text` in the message area; `kind` is "error" or "info". */
export function say(text, kind = "info") {
  const m = document.getElementById("message");
  m.textContent = text;
  m.className = kind;
  m.hidden = !text;
}

/** Shows a failure: what the API said, with its status (401: sign in again; 403: the role may not). */
export function fail(e) {
  if (e instanceof ApiError) {
    const what = e.status === 401 ? "Not signed in or the session ended"
      : e.status === 403 ? "Refused: your role may not do this" : `Error ${e.status || ""}`.trim();
    say(`${what}. ${e.message}`, "error");
    if (e.status === 401) {
      window.dispatchEvent(new Event("glimmr:signed-out"));
    }
  } else if (e.name !== "AbortError") {
    say(`Something failed in the page: ${e.message}`, "error");
  }
}

/** The hash's page and query: "#/explore?code=99213" → ["explore", URLSearchParams]. */
export function location() {
  const [path, query] = window.location.hash.replace(/^#\/?/, "").split("?");
  return [decodeURIComponent(path || "explore"), new URLSearchParams(query || "")];
}

/** Goes to page `path` with `params` (those with a value). */
export function go(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") {
      q.set(k, v);
    }
  }
  const s = q.toString();
  window.location.hash = `#/${path}${s ? `?${s}` : ""}`;
}

