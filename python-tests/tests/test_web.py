"""The web page (`/` of `./glimmr serve`) in a real browser: Debian's chromium, headless, driven by Selenium through
chromedriver, against the real API process over the demo's data: the bundled samples (and two generated files with
bad values) ingested, aggregated and exported by the launcher into the embedded PostgreSQL. Every figure the page
shows is checked against what the API answers to the same query, and each page is saved as a screenshot under
target/screenshots."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from glimmr_testing import glimmr
from glimmr_testing.processes import Process, answers, free_port

ROOT = glimmr.ROOT
SCREENSHOTS = ROOT / "python-tests" / "target" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
JWT_SECRET = "web-test-secret-that-is-long-enough-for-hs256-0123456789"
WAIT = 20

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true",
                                reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)")


class Api:
    """The API process and direct calls to it, to compare the page with."""

    def __init__(self, base: str, admin_key: str, env: dict[str, str]):
        self.base = base
        self.admin_key = admin_key
        self.env = env

    def call(self, method: str, path: str, key: str, params: dict | None = None) -> tuple[int, bytes]:
        query = "?" + urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v}) if params else ""
        request = urllib.request.Request(self.base + path + query, method=method, headers={"X-API-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def get(self, path: str, key: str, **params) -> dict:
        status, body = self.call("GET", path, key, params)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)


class FakeAirflow:
    """A stand-in for Airflow 3's REST API on loopback, answering what the API's Airflow client asks (token, trigger,
    get and list DAG runs); each run it starts is queued, then running after `step` seconds, then success after two
    (as serving's FakeAirflow.java: the real Airflow is driven by AirflowClientTest and the DAG tests)."""

    def __init__(self, step: float):
        self.step = timedelta(seconds=step)
        self.runs: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/auth/token"):
                    return self.reply(200, {"access_token": "fake-token"})
                parts = urllib.parse.urlparse(self.path).path.split("/")  # /api/v2/dags/{dag}/dagRuns
                now = datetime.now(timezone.utc)
                run = {"dag_id": parts[4], "dag_run_id": f"manual__{now.isoformat()}", "created": now,
                       "conf": (json.loads(body or b"{}").get("conf") or {})}
                fake.runs.append(run)
                self.reply(200, fake.describe(run, now))

            def do_GET(self):
                if self.path.startswith("/auth/token"):  # without a password: Airflow's simple auth manager
                    return self.reply(200, {"access_token": "fake-token"})
                parts = urllib.parse.urlparse(self.path).path.split("/")
                now = datetime.now(timezone.utc)
                if len(parts) == 7:
                    run = next((r for r in fake.runs if r["dag_run_id"] == urllib.parse.unquote(parts[6])), None)
                    return self.reply(200, fake.describe(run, now)) if run else self.reply(404, {"detail": "no run"})
                listed = [fake.describe(r, now) for r in reversed(fake.runs) if parts[4] in ("~", r["dag_id"])]
                self.reply(200, {"dag_runs": listed, "total_entries": len(listed)})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def describe(self, run: dict, now: datetime) -> dict:
        age = now - run["created"]
        state = "queued" if age < self.step else "running" if age < 2 * self.step else "success"
        at = lambda t: t.isoformat().replace("+00:00", "Z")
        return {"dag_id": run["dag_id"], "dag_run_id": run["dag_run_id"], "state": state, "run_type": "manual",
                "run_after": at(run["created"]), "logical_date": None,
                "start_date": None if state == "queued" else at(run["created"] + self.step),
                "end_date": at(run["created"] + 2 * self.step) if state == "success" else None, "conf": run["conf"]}

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="module")
def airflow():
    fake = FakeAirflow(step=2)
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def api(samples_lakehouse, airflow):
    """The samples' lakehouse (the demo's files and two more), exported by `./glimmr export` into the embedded
    PostgreSQL and served by `./glimmr serve`, as after `./glimmr demo`."""
    port = free_port()
    env = glimmr.clean_env(GLIMMR_DATA_DIR=str(samples_lakehouse), GLIMMR_DB_EMBEDDED_PORT=str(free_port()),
                           GLIMMR_API_PORT=str(port), GLIMMR_JWT_SECRET=JWT_SECRET, GLIMMR_API_KEY_CACHE_SECONDS="0",
                           GLIMMR_AIRFLOW_URL=airflow.url, GLIMMR_API_CACHE_CHECK_MS="250")
    glimmr.launcher(["export"], env, cwd=ROOT).check()
    created = glimmr.launcher(["apikey", "create", "--name", "web-admin", "--role", "admin"], env, timeout=180).check()
    admin_key = created.stdout.strip().splitlines()[-1]
    server = Process("glimmr serve", [str(glimmr.LAUNCHER), "serve"], samples_lakehouse / "serve.log", env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        server.wait_until(lambda: answers(base + "/health"), 180, "an answer on /health")
        yield Api(base, admin_key, env)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
                 "--window-size=1280,1000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


# --- helpers ---------------------------------------------------------------------------------------------------

def psql(env: dict[str, str], sql: str) -> None:
    """One statement in the API's own database, as the jobs that write it would."""
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", env["GLIMMR_DB_EMBEDDED_PORT"],
                    "-U", "postgres", "-d", "glimmr", "-c", sql], check=True, capture_output=True, timeout=60)


def wait(driver, condition, what: str, timeout: float = WAIT):
    # a page re-renders a table while the condition reads it: an element gone stale means "not yet", as a missing one
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message=what)


def find(driver, css: str):
    return wait(driver, lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, css)), None), f"an element {css}")


def message(driver) -> str:
    return find(driver, "#message").text


def console_errors(driver, expected: tuple[str, ...] = ()) -> list[str]:
    """The browser console's errors since the last call, less the network errors of `expected` URL parts (a 403
    the page was meant to get and show)."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return [m for m in errors if not ("Failed to load resource" in m and any(x in m for x in expected))]


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def open_page(driver, api: Api, hash_path: str) -> None:
    driver.get(f"{api.base}/#/{hash_path}")


def sign_in(driver, api: Api, key: str, role: str) -> None:
    open_page(driver, api, "explore")
    field = find(driver, "#api-key")
    field.clear()
    field.send_keys(key)
    find(driver, "#sign-in button[type=submit]").click()
    try:
        wait(driver, lambda d: d.find_element(By.ID, "who").text == f"Signed in as {role}", f"signed in as {role}")
    except Exception:
        raise AssertionError(f"not signed in as {role}; the page says: {message(driver)}")


def sign_out(driver) -> None:
    find(driver, "#sign-out").click()
    wait(driver, lambda d: d.find_element(By.ID, "sign-in").is_displayed(), "the sign-in form")


def nav_links(driver) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#nav a") if a.is_displayed()]


def table_rows(driver, css: str) -> list[list[str]]:
    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr")]


def money(v) -> str:
    return "" if v is None else f"${v:,.2f}"


def shown_amount(rate: dict) -> str:
    """What the page shows for a rate's amount: its published or derived dollar, else its percentage or algorithm."""
    if rate["negotiated_dollar"] is not None:
        return money(rate["negotiated_dollar"])
    if rate["derived_dollar"] is not None:
        return money(rate["derived_dollar"])
    if rate["negotiated_percentage"] is not None:
        return f"{rate['negotiated_percentage']:g}% of charges"
    return rate["negotiated_algorithm"] or ""


def expected_rows(api: Api, key: str, rates: list[dict]) -> list[list[str]]:
    dates = {h: api.get(f"/api/v1/hospitals/{h}", key)["last_updated_on"] for h in {r["hospital_id"] for r in rates}}
    return [[r["hospital_name"], r["state"], r["payer_name"], r["plan_name"], r["billing_class"], r["setting"],
             r["modifiers"], shown_amount(r), r["price_basis"] or "none", dates[r["hospital_id"]], "source"]
            for r in rates]


def wait_for_table(driver, css: str, expected: list[list[str]], what: str) -> None:
    try:
        wait(driver, lambda d: table_rows(d, css) == expected, what)
    except Exception:
        raise AssertionError(f"{what}: the page shows {table_rows(driver, css)}, the API says {expected}")


# --- the tests -------------------------------------------------------------------------------------------------

def test_a_bad_key_is_refused_with_the_apis_message(browser, api):
    open_page(browser, api, "explore")
    find(browser, "#api-key").send_keys("glmr_nosuchkey0_" + "x" * 40)
    find(browser, "#sign-in button[type=submit]").click()
    wait(browser, lambda d: "Not signed in" in message(d), "the 401 shown as a message")
    assert find(browser, "#sign-in").is_displayed()
    assert nav_links(browser) == []
    shot(browser, "sign-in-refused")
    assert console_errors(browser, expected=("/api/v1/auth/token",)) == []


def test_admin_creates_and_revokes_keys_and_reads_the_audit_log(browser, api):
    sign_in(browser, api, api.admin_key, "admin")
    assert nav_links(browser) == ["Explorer", "Hospitals", "Pipelines", "API keys", "Audit log"]
    open_page(browser, api, "admin/keys")
    for name, role in [("web-viewer", "viewer"), ("web-doomed", "analyst")]:
        find(browser, "input[name=name]").send_keys(name)
        Select(find(browser, "select[name=role]")).select_by_value(role)
        if name == "web-doomed":
            find(browser, "input[name=rate_limit]").send_keys("7")
        find(browser, "form[aria-label='Create a key'] button").click()
        wait(browser, lambda d: f"for '{name}'" in d.find_element(By.ID, "new-key").text, f"key {name} shown once")
        secret = find(browser, "#new-key-secret").text
        api.env[f"key:{name}"] = secret
    keys = {k["name"]: k for k in api.get("/api/v1/admin/keys", api.admin_key)["data"]}
    assert keys["web-viewer"]["role"] == "viewer" and keys["web-doomed"]["rate_limit"] == 7
    doomed = keys["web-doomed"]["key_id"]
    assert api.env["key:web-doomed"].startswith(f"glmr_{doomed}_")
    assert api.call("GET", "/api/v1/payers", api.env["key:web-doomed"])[0] == 200

    find(browser, f"tr[data-key='{doomed}'] button").click()
    wait(browser, lambda d: f"Revoked key {doomed}" in message(d), "the revocation said")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, f"tr[data-key='{doomed}'] button"), "no revoke button left")
    assert api.get("/api/v1/admin/keys", api.admin_key)["data"] and \
        [k for k in api.get("/api/v1/admin/keys", api.admin_key)["data"] if k["key_id"] == doomed][0]["revoked_at"]
    assert api.call("GET", "/api/v1/payers", api.env["key:web-doomed"])[0] == 401
    shot(browser, "admin-keys")

    open_page(browser, api, "admin/audit")
    wait(browser, lambda d: any(r[2] == "apikey.revoke" and r[3] == doomed for r in table_rows(d, "#page")),
         "the revocation in the audit log")
    shot(browser, "admin-audit")
    assert console_errors(browser) == []


def test_a_viewer_searches_99213_and_sees_what_the_api_says(browser, api, downloads):
    viewer = api.env["key:web-viewer"]
    sign_out(browser)
    sign_in(browser, api, viewer, "viewer")
    assert nav_links(browser) == ["Explorer", "Hospitals"]

    find(browser, "input[name=q]").send_keys("99213")
    find(browser, "form[role=search] button").click()
    find(browser, "ul.results a").click()
    wait(browser, lambda d: "code=99213" in d.current_url, "the code's page")

    # the table: the first page of /api/v1/prices for the same query, every cell
    prices = api.get("/api/v1/prices", viewer, code_type="CPT", code="99213", limit=25)
    assert len(prices["data"]) > 5, "the samples have more than a page of five rates of 99213"
    wait_for_table(browser, "#price-table", expected_rows(api, viewer, prices["data"]), "the prices table")

    # the chart: one box per statistics row of published negotiated dollars in the US, with the API's figures
    stats = [r for r in api.get("/api/v1/codes/CPT/99213/stats", viewer, geography="US", measure="negotiated_dollar")["data"]
             if r["min"] is not None]
    boxes = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.chart g.box"), "the chart")
    assert len(boxes) == len(stats) > 1
    for box, row in zip(boxes, stats):
        for figure in ["min", "p25", "median", "p75", "max", "hospitals", "rates"]:
            assert float(box.get_attribute(f"data-{figure}")) == pytest.approx(row[figure], rel=1e-12), (figure, row)
    # and one dot per hospital and group with a published dollar, the lowest median first, as the API lists them
    per_hospital = [r for r in api.get("/api/v1/codes/CPT/99213/hospitals", viewer, limit=40)["data"]
                    if r["negotiated_median"] is not None]
    dots = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#per-hospital svg.chart g.dot"), "the per-hospital chart")
    assert [d.get_attribute("data-hospital") for d in dots] == [r["hospital_id"] for r in per_hospital]
    assert len({r["hospital_id"] for r in per_hospital}) > 1
    for dot, row in zip(dots, per_hospital):
        for figure in ["min", "median", "max"]:
            assert float(dot.get_attribute(f"data-{figure}")) == pytest.approx(row[f"negotiated_{figure}"], rel=1e-12), (figure, row)
        assert int(dot.get_attribute("data-rates")) == row["dollar_rates"]
    assert [r["negotiated_median"] for r in per_hospital] == sorted(r["negotiated_median"] for r in per_hospital)
    shot(browser, "explorer-99213")
    browser.execute_script("arguments[0].scrollIntoView()", find(browser, "#per-hospital svg"))
    shot(browser, "explorer-per-hospital")

    # filters: one state only, five rows a page
    state_code = prices["data"][0]["state"]
    state = find(browser, "input[name=state]")
    state.send_keys(state_code.lower())
    Select(find(browser, "select[name=limit]")).select_by_value("5")
    find(browser, "form.filters button").click()
    first = api.get("/api/v1/prices", viewer, code_type="CPT", code="99213", state=state_code, limit=5)
    assert 1 <= len(first["data"]) <= 5 and {r["state"] for r in first["data"]} == {state_code}
    wait_for_table(browser, "#price-table", expected_rows(api, viewer, first["data"]), f"{state_code}'s first page")
    # all states, five a page, paged with the API's cursors
    state = find(browser, "input[name=state]")
    state.clear()
    Select(find(browser, "select[name=limit]")).select_by_value("5")
    find(browser, "form.filters button").click()
    page1 = api.get("/api/v1/prices", viewer, code_type="CPT", code="99213", limit=5)
    page2 = api.get("/api/v1/prices", viewer, code_type="CPT", code="99213", limit=5, cursor=page1["next_cursor"])
    assert page1["next_cursor"] and page2["data"]
    wait_for_table(browser, "#price-table", expected_rows(api, viewer, page1["data"]), "page 1")
    find(browser, ".pager button:nth-of-type(2)").click()
    wait_for_table(browser, "#price-table", expected_rows(api, viewer, page2["data"]), "page 2")
    assert find(browser, ".page-status").get_attribute("data-page") == "2"
    shot(browser, "explorer-page-2")

    # the viewer's CSV is the view: the rates of page 2
    find(browser, "#download-csv").click()
    path = downloads / "rates-CPT-99213.csv"
    wait(browser, lambda d: path.exists() and path.stat().st_size > 0, "the CSV download")
    with path.open(newline="") as f:
        downloaded = list(csv.DictReader(f))
    assert [(r["hospital_id"], int(r["rate_id"])) for r in downloaded] == \
        [(r["hospital_id"], r["rate_id"]) for r in page2["data"]]
    find(browser, ".pager button:nth-of-type(1)").click()
    wait_for_table(browser, "#price-table", expected_rows(api, viewer, page1["data"]), "back on page 1")

    # a price's lineage
    rate = page1["data"][0]
    find(browser, f"#price-table tr[data-hospital='{rate['hospital_id']}'][data-rate='{rate['rate_id']}'] td:last-child a").click()
    lineage = api.get(f"/api/v1/hospitals/{rate['hospital_id']}/prices/{rate['rate_id']}/lineage", viewer)
    wait(browser, lambda d: lineage["source_location"] in d.find_element(By.ID, "page").text, "the lineage page")
    assert lineage["file"]["source_path"] in find(browser, "#page").text
    shot(browser, "lineage")
    assert console_errors(browser) == []


def test_a_hospital_page_shows_its_summary_files_findings_and_prices(browser, api):
    viewer = api.env["key:web-viewer"]
    # a hospital whose current file has findings (the generated files have bad values), opened from the list
    listed = api.get("/api/v1/hospitals", viewer, limit=100)["data"]
    details = [api.get(f"/api/v1/hospitals/{h['hospital_id']}", viewer) for h in listed]
    x = next((d for d in details if d["current_file_findings"]), None)
    assert x is not None, f"no hospital of {[d['hospital_name'] for d in details]} has findings"
    hospital_id = x["hospital_id"]
    open_page(browser, api, "hospitals")
    find(browser, f"#page table a[href='#/hospital/{urllib.parse.quote(hospital_id)}']").click()
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#page h2").text == x["hospital_name"], "the hospital's name")
    page = find(browser, "#page").text
    assert f"Data quality: {round(x['quality_score'] * 100)}%" in page
    assert [r[1] for r in table_rows(browser, "section[aria-labelledby=files-h]")] == [f["last_updated_on"] for f in x["files"]]
    assert [(r[0], r[2]) for r in table_rows(browser, "section[aria-labelledby=findings-h]")] == \
        [(f["rule"], str(f["count"])) for f in x["current_file_findings"]]
    # its prices of one of its codes with payer rates (a code no other code type of the hospital shares, as the page
    # searches by the bare code), searched on the page
    codes = api.get(f"/api/v1/hospitals/{hospital_id}/codes", viewer, limit=1000)["data"]
    code = next(c for c in codes if c["dollar_rates"] > 0 and sum(o["code"] == c["code"] for o in codes) == 1)
    rates = api.get(f"/api/v1/hospitals/{hospital_id}/prices", viewer, code_type=code["code_type"], code=code["code"],
                    limit=25)["data"]
    assert rates, f"{x['hospital_name']} lists {code['code_type']} {code['code']} but has no rate of it"
    find(browser, "input[name=code]").send_keys(code["code"])
    find(browser, "section[aria-labelledby=hprices-h] button[type=submit]").click()
    wait(browser, lambda d: [r[2] for r in table_rows(d, "section[aria-labelledby=hprices-h]")]
         == [r["payer_name"] for r in rates], f"the hospital's prices of {code['code']}")
    shot(browser, "hospital")
    assert console_errors(browser) == []


def test_the_viewer_is_refused_the_admin_pages(browser, api):
    for path in ["admin/keys", "admin/audit"]:
        open_page(browser, api, path)
        wait(browser, lambda d: "Refused" in message(d), f"{path} refused")
        assert "admin" in message(browser)
    shot(browser, "viewer-refused")
    assert console_errors(browser, expected=("/api/v1/admin/",)) == []


def test_an_analyst_downloads_every_matching_rate(browser, api, downloads):
    sign_out(browser)
    sign_in(browser, api, api.admin_key, "admin")
    for old in downloads.glob("*.csv"):
        old.unlink()
    state = api.get("/api/v1/prices", api.admin_key, code_type="CPT", code="99213", limit=1)["data"][0]["state"]
    open_page(browser, api, f"explore?code_type=CPT&code=99213&state={state}")
    find(browser, "#price-table tbody tr")
    assert "every matching rate" in find(browser, "#download-csv").text
    find(browser, "#download-csv").click()
    path = downloads / "rates-CPT-99213.csv"
    wait(browser, lambda d: path.exists() and path.stat().st_size > 0, "the CSV export")
    status, body = api.call("GET", "/api/v1/exports/rates.csv", api.admin_key, {"code_type": "CPT", "code": "99213", "state": state})
    assert status == 200
    assert path.read_bytes() == body
    assert console_errors(browser) == []


def test_an_admin_starts_a_pipeline_and_sees_its_state_change_live(browser, api):
    open_page(browser, api, "pipelines")
    try:
        wait(browser, lambda d: d.find_element(By.ID, "live").text.startswith("Live updates: on"), "the event stream open")
    except Exception:
        raise AssertionError(f"no event stream: {find(browser, '#live').text}; the page says: {message(browser)}")
    find(browser, "button[data-pipeline=maintenance]").click()
    wait(browser, lambda d: "Started maintenance" in message(d), "the run started")
    seen = []

    def states(d):
        rows = d.find_elements(By.CSS_SELECTOR, "#page tr[data-run]")
        if rows and (not seen or seen[-1] != rows[0].get_attribute("data-state")):
            seen.append(rows[0].get_attribute("data-state"))
        return seen and seen[-1] == "success"
    wait(browser, states, "the run's success, pushed to the page", timeout=30)
    assert seen[0] == "queued" and "running" in seen and seen[-1] == "success", seen
    runs = api.get("/api/v1/jobs", api.admin_key, pipeline="maintenance")["data"]
    assert runs[0]["state"] == "success" and runs[0]["run_id"] == find(browser, "#page tr[data-run]").get_attribute("data-run")

    # the latest export, read when the page opened: the fixture's own; then an export starts and finishes (its run row
    # as `glimmr export` writes it), and both are pushed to the page
    def export_is(run_id, status):
        return lambda d: (d.find_element(By.ID, "last-export").get_attribute("data-run"),
                          d.find_element(By.ID, "last-export").get_attribute("data-status")) == (run_id, status)
    latest = api.get("/health", api.admin_key)["last_export"]
    wait(browser, export_is(latest["run_id"], "done"), "the latest export, read when the page opened")
    psql(api.env, "INSERT INTO glimmr.export_runs (run_id, started_at, status, mode)"
              " VALUES ('export-web-test', now(), 'running', 'incremental')")
    wait(browser, export_is("export-web-test", "running"), "the export's start, pushed to the page", timeout=30)
    psql(api.env, "UPDATE glimmr.export_runs SET status = 'done', finished_at = now() WHERE run_id = 'export-web-test'")
    wait(browser, export_is("export-web-test", "done"), "the export's end, pushed to the page", timeout=30)
    assert "finished" in find(browser, "#last-export").text
    shot(browser, "pipelines")
    assert console_errors(browser) == []


def test_the_page_fits_a_phone_and_is_keyboard_usable(browser, api):
    browser.set_window_size(390, 844)
    try:
        open_page(browser, api, "explore?code_type=CPT&code=99213")
        find(browser, "#price-table tbody tr")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a phone"
        shot(browser, "explorer-phone")
        # every control has a label, and Tab reaches the search field from the top of the page
        unlabelled = browser.execute_script("""return [...document.querySelectorAll('input, select')]
            .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
            .map(e => e.name)""")
        assert unlabelled == []
        browser.find_element(By.TAG_NAME, "body").click()
        reached = []
        for _ in range(12):
            browser.switch_to.active_element.send_keys("\t")
            reached.append(browser.switch_to.active_element.get_attribute("name") or "")
        assert "q" in reached
    finally:
        browser.set_window_size(1280, 1000)
    assert console_errors(browser) == []
