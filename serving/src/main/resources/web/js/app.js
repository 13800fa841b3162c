// The page's frame: sign in and out, the navigation a role may use, messages, and the router (#/page?query).
import { may, session, signIn, signOut } from "./api.js";
import { fail, location, say } from "./ui.js";
import { explorer } from "./explorer.js";
import { hospital, hospitals } from "./hospitals.js";
import { audit, keys } from "./admin.js";
import { pipelines } from "./pipelines.js";
import { lineage } from "./lineage.js";

const ROUTES = [
  [/^explore$/, explorer],
  [/^hospitals$/, hospitals],
  [/^hospital\/([^/]+)$/, hospital],
  [/^lineage\/([^/]+)\/(\d+)$/, lineage],
  [/^pipelines$/, pipelines],
  [/^admin\/keys$/, keys],
  [/^admin\/audit$/, audit],
];

const $ = (id) => document.getElementById(id);
let leaving = null; // what the current view stops when another one opens (say, an event stream)

function frame() {
  const s = session();
  $("sign-in").hidden = s !== null;
  $("nav").hidden = s === null;
  $("session").hidden = s === null;
  if (s) {
    $("who").textContent = `Signed in as ${s.role}`;
    for (const a of $("nav").querySelectorAll("a[data-role]")) {
      a.hidden = !may(a.dataset.role);
    }
  } else {
    $("page").replaceChildren();
  }
  return s;
}

async function route() {
  if (leaving) {
    leaving();
    leaving = null;
  }
  if (!frame()) {
    return;
  }
  const [path, params] = location();
  for (const a of $("nav").querySelectorAll("a")) {
    a.toggleAttribute("aria-current", a.getAttribute("href") === `#/${path}`);
  }
  const page = $("page");
  for (const [pattern, view] of ROUTES) {
    const m = pattern.exec(path);
    if (m) {
      say("");
      page.replaceChildren();
      try {
        leaving = await view(page, params, ...m.slice(1).map(decodeURIComponent)) || null;
      } catch (e) {
        fail(e);
      }
      return;
    }
  }
  say(`There is no page '${path}'.`, "error");
}

$("sign-in").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const input = $("api-key");
  try {
    const role = await signIn(input.value.trim());
    input.value = "";
    say(`Signed in as ${role}.`);
    await route();
  } catch (e) {
    fail(e);
  }
});

$("sign-out").addEventListener("click", () => {
  signOut();
  if (leaving) {
    leaving();
    leaving = null;
  }
  frame();
  say("Signed out.");
  $("api-key").focus();
});

window.addEventListener("hashchange", route);
window.addEventListener("glimmr:signed-out", frame);
route();
