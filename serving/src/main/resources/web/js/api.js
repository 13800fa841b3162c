// The REST API as the page uses it: the session (a token from POST /api/v1/auth/token, kept in sessionStorage, so
// for this tab only), authorised requests, and problem JSON turned into errors a page can show.

const STORE = sessionStorage;
const TOKEN = "glimmr.token";
const ROLE = "glimmr.role";
const EXPIRES = "glimmr.expires";
const RANKS = { viewer: 1, analyst: 2, admin: 3 };

/** An answer of the API that is not a success: its status and the problem's detail (what to fix). */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export function session() {
  const token = STORE.getItem(TOKEN);
  const expires = Number(STORE.getItem(EXPIRES) || 0);
  if (!token || Date.now() >= expires) {
    return null;
  }
  return { token, role: STORE.getItem(ROLE) };
}

/** Whether the signed-in role may do what `role` may (viewer < analyst < admin). */
export function may(role) {
  const s = session();
  return s !== null && (RANKS[s.role] || 0) >= (RANKS[role] || 99);
}

/** Exchanges an API key for a token; the key itself is not kept. */
export async function signIn(apiKey) {
  const answer = await request("POST", "/api/v1/auth/token", undefined, apiKey);
  STORE.setItem(TOKEN, answer.access_token);
  STORE.setItem(ROLE, answer.role);
  STORE.setItem(EXPIRES, String(Date.now() + (answer.expires_in - 60) * 1000));
  return answer.role;
}

export function signOut() {
  STORE.removeItem(TOKEN);
  STORE.removeItem(ROLE);
  STORE.removeItem(EXPIRES);
}

/** `path?query` with the parameters that have a value. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function get(path, params) {
  return request("GET", withQuery(path, params));
}

export function post(path, body) {
  return request("POST", path, body);
}

export function del(path) {
  return request("DELETE", path);
}

/** A GET whose answer is read as a Blob (a CSV download). */
export async function blob(path, params) {
  const res = await send("GET", withQuery(path, params));
  return res.blob();
}

/** A GET whose body is read as it arrives: `onChunk` gets each piece of text (a server-sent event stream). */
export async function stream(path, onChunk, signal) {
  const res = await send("GET", path, undefined, undefined, signal, "text/event-stream");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    onChunk(value);
  }
}

async function request(method, path, body, credential) {
  const res = await send(method, path, body, credential);
  return res.status === 204 ? null : res.json();
}

async function send(method, path, body, credential, signal, accept) {
  const headers = { Accept: accept || "application/json" };
  const bearer = credential || (session() || {}).token;
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === "AbortError") {
      throw e;
    }
    throw new ApiError(0, `the API did not answer (${e.message}). Is the server running?`);
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const problem = await res.json();
      detail = problem.detail || problem.title || detail;
    } catch {
      // not problem JSON: the status says it
    }
    if (res.status === 401 && !credential) {
      signOut(); // the token expired or its key was revoked: sign in again
    }
    throw new ApiError(res.status, detail);
  }
  return res;
}
