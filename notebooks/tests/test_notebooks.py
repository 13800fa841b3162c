"""Runs every notebook headless against a lakehouse built by the project's own launcher, and checks their figures.

Once per session: the bundled samples plus two generated files with deliberately bad values are ingested with
`./glimmr ingest` into a temporary data directory and `./glimmr aggregate` fills the gold tables (the session fixture
`samples_lakehouse` of glimmr_testing.fixtures, which the web page's test shares); `./glimmr sql` computes the figures
each notebook must print. Then each notebook runs in a fresh kernel with nbclient; a failing cell fails the test with its error.
"""

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from glimmr_testing.fixtures import DIRTY_FILES
from glimmr_testing.glimmr import launcher

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT_SECONDS = 900

# Parameters injected after each notebook's `parameters` cell (as papermill does), so the figures checked below
# do not depend on the notebooks' defaults. MS-DRG 291 has rates published only as a percentage at some hospitals.
PARAMETERS = {
    "01_code_prices.ipynb": {"CODE": "291", "CODE_TYPE": "MS-DRG", "SETTING": None},
    "02_price_dispersion.ipynb": {"MIN_HOSPITALS": 2, "FENCE": 1.5, "TOP": 10},
    "03_data_quality.ipynb": {"HOSPITAL": None, "EXAMPLES": 5},
}

# The same figures, computed by the project's SQL command from the silver tables the aggregate starts from (the
# notebooks read gold where it fits), so a wrong gold figure or a wrong notebook query fails. Prices compare within a
# comparable group only: code, setting, billing class (`unknown` when not published) and modifiers (sorted, `,`-joined). Each row says which
# check it belongs to in its column `q`.
EXPECTED_SQL = """
select 'code' as q, count(distinct s.hospital_id) as hospitals, count(distinct h.license_state) as states,
       count(s.negotiated_dollar) as dollar_rates,
       count(case when s.negotiated_dollar is null and s.negotiated_percentage is not null
                   and s.gross_charge is not null then 1 end) as derived_rates,
       min(s.negotiated_dollar) as negotiated_min, max(s.negotiated_dollar) as negotiated_max
from silver.standard_charges s join silver.hospitals h on h.hospital_id = s.hospital_id
where s.code = '291' and s.code_type = 'MS-DRG' and s.payer_name is not null;

with g as (select *, coalesce(lower(trim(billing_class)), 'unknown') as class,
                  array_join(array_sort(array_distinct(transform(
                      filter(coalesce(modifiers, array()), m -> m is not null and trim(m) != ''),
                      m -> upper(trim(m))))), ',') as mods
           from silver.standard_charges)
select 'code_group' as q, concat_ws('/', setting, class, mods) as grp, percentile(negotiated_dollar, 0.5) as median
from g
where code = '291' and code_type = 'MS-DRG' and payer_name is not null and negotiated_dollar is not null
group by setting, class, mods;

with r as (select s.code_type, s.code, s.setting, s.billing_class, s.modifiers, s.hospital_id, h.license_state,
                  s.negotiated_dollar
           from silver.standard_charges s join silver.hospitals h on h.hospital_id = s.hospital_id
           where s.negotiated_dollar is not null and s.code is not null and s.payer_name is not null),
     g as (select r.* except (billing_class, modifiers), coalesce(lower(trim(billing_class)), 'unknown') as class,
                  array_join(array_sort(array_distinct(transform(
                      filter(coalesce(modifiers, array()), m -> m is not null and trim(m) != ''),
                      m -> upper(trim(m))))), ',') as mods
           from r),
     c as (select code_type, code, setting, class, mods from g group by code_type, code, setting, class, mods
           having count(distinct hospital_id) >= 2),
     rc as (select g.* from g join c using (code_type, code, setting, class, mods)),
     f as (select code_type, code, setting, class, mods, percentile(negotiated_dollar, 0.25) as q1,
                  percentile(negotiated_dollar, 0.75) as q3
           from rc group by code_type, code, setting, class, mods)
select 'dispersion' as q, (select count(*) from c) as codes_compared, (select count(*) from rc) as dollar_rates,
       (select count(distinct license_state) from rc) as states,
       (select count(*) from rc join f using (code_type, code, setting, class, mods)
        where rc.negotiated_dollar < f.q1 - 1.5 * (f.q3 - f.q1)
           or rc.negotiated_dollar > f.q3 + 1.5 * (f.q3 - f.q1)) as outliers;

select 'quality' as q, (select count(*) from bronze.mrf_files) as files,
       (select count(*) from silver.hospitals) as hospitals,
       (select count(*) from silver.rejected_rows) as rejected_rows,
       (select count(*) from silver.file_findings where severity = 'error') as finding_errors,
       (select count(*) from silver.file_findings where severity = 'alert') as finding_alerts;

select 'status' as q, status, count(*) as files from bronze.mrf_files group by status
"""

@pytest.fixture(scope="session")
def lakehouse(samples_lakehouse):
    """Points the notebooks (and their kernels) at the samples' lakehouse; the figures they must print, by SQL."""
    env = {k: v for k, v in os.environ.items() if k not in ("GLIMMR_LAKEHOUSE_ROOT", "GLIMMR_CONFIG")}
    env["GLIMMR_DATA_DIR"] = str(samples_lakehouse)
    printed = launcher(["sql", "--format", "json", "-e", EXPECTED_SQL], env, cwd=REPO).check().stdout
    expected = [json.loads(line) for line in printed.splitlines() if line.startswith("{")]
    with pytest.MonkeyPatch.context() as patch:
        for key in ("GLIMMR_LAKEHOUSE_ROOT", "GLIMMR_CONFIG"):
            patch.delenv(key, raising=False)
        patch.setenv("GLIMMR_DATA_DIR", str(samples_lakehouse))
        yield expected


@pytest.fixture(scope="session")
def executed(lakehouse):
    """Runs a notebook (once per session) and returns it with its outputs."""
    runs = {}

    def run(name):
        if name not in runs:
            runs[name] = execute(NOTEBOOK_DIR / name, PARAMETERS.get(name, {}))
        return runs[name]
    return run


def execute(path, parameters):
    notebook = nbformat.read(path, as_version=4)
    inject_parameters(notebook, parameters)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name}: a cell failed:\n{error}", pytrace=False)
    return notebook


def inject_parameters(notebook, parameters):
    index = next(i for i, cell in enumerate(notebook.cells) if "parameters" in cell.metadata.get("tags", []))
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(index + 1, cell)


def key_figures(notebook):
    cells = [c for c in notebook.cells if "key-figures" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "a notebook has one cell tagged key-figures"
    printed = "".join(o.get("text", "") for o in cells[0].outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(printed.strip().splitlines()[-1])


def images(notebook):
    return sum(1 for c in notebook.cells if c.cell_type == "code"
               for o in c.outputs if "image/png" in o.get("data", {}))


def assert_same(figures, expected, *names):
    differ = {n: (figures[n], expected[n]) for n in names if figures[n] != expected[n]}
    assert not differ, f"notebook figure vs ./glimmr sql: {differ}"


def expected_row(expected, q):
    rows = [r for r in expected if r["q"] == q]
    assert len(rows) == 1, f"./glimmr sql gave {len(rows)} rows for check {q}: {expected}"
    return rows[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_prints_key_figures(executed, path):
    assert key_figures(executed(path.name)), f"{path.name}: its key-figures cell printed no figures"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_git_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = [i for i, c in enumerate(notebook.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs or execution counts; clear them before committing"
    assert any("parameters" in c.metadata.get("tags", []) for c in notebook.cells), f"{path.name}: no parameters cell"


def test_code_prices(executed, lakehouse):
    figures = key_figures(executed("01_code_prices.ipynb"))
    expected = expected_row(lakehouse, "code")
    assert (figures["code_type"], figures["code"]) == ("MS-DRG", "291")
    assert_same(figures, expected, "hospitals", "states", "dollar_rates", "derived_rates")
    for name in ("negotiated_min", "negotiated_max"):
        assert figures[name] == pytest.approx(float(expected[name])), name
    medians = {r["grp"]: pytest.approx(float(r["median"]), abs=1e-6) for r in lakehouse if r["q"] == "code_group"}
    assert medians and figures["us_median_by_group"] == medians
    assert figures["derived_rates"] > 0, "the samples publish MS-DRG 291 as a percentage at some hospitals"
    assert images(executed("01_code_prices.ipynb")) >= 2


def test_price_dispersion(executed, lakehouse):
    figures = key_figures(executed("02_price_dispersion.ipynb"))
    expected = expected_row(lakehouse, "dispersion")
    assert_same(figures, expected, "codes_compared", "dollar_rates", "states", "outliers")
    assert figures["codes_compared"] > 0
    assert figures["widest_spread_ratio"] > 1
    assert images(executed("02_price_dispersion.ipynb")) >= 2


def test_data_quality(executed, lakehouse):
    figures = key_figures(executed("03_data_quality.ipynb"))
    expected = expected_row(lakehouse, "quality")
    assert_same(figures, expected, "files", "rejected_rows", "finding_errors", "finding_alerts")
    assert figures["files_by_status"] == {r["status"]: r["files"] for r in lakehouse if r["q"] == "status"}
    assert figures["rejected_rows"] > 0 and figures["files_by_status"].get("partial", 0) == len(DIRTY_FILES)
    assert figures["counters_match_tables"] is True
    assert figures["hospitals_scored"] == expected["hospitals"]
    assert 0 <= figures["lowest_quality_score"] < 100, "hospitals whose files break CMS rules score below 100"
    assert images(executed("03_data_quality.ipynb")) >= 1
