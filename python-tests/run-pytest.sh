#!/usr/bin/env bash
# Runs the Python tests of the one test command: builds (or reuses) the virtual environment, then pytest over
# python-tests/tests (the launcher and the cluster), dags/tests and notebooks/tests. Any failure, or no test at all,
# fails the build. Arguments go to one pytest over everything (e.g. -k integrity); without arguments the tests run as
# two pytest sessions side by side (below).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$("$ROOT/dags/python-env.sh")
TARGET="$ROOT/python-tests/target"
export GLIMMR_CDS_DIR="$TARGET/cds"
cd "$ROOT"
# python-tests/glimmr_testing: the helpers that start real things (cluster, S3 server, websites), and its fixtures as a plugin
export PYTHONPATH="$ROOT/python-tests${PYTHONPATH:+:$PYTHONPATH}"

# importlib mode: the test folders may hold files of the same name; no cache folder in the source tree
pytest_run() {
  local name=$1
  shift
  "$VENV/bin/python" -m pytest -p no:cacheprovider --import-mode=importlib -W ignore::DeprecationWarning \
    -p glimmr_testing.fixtures -o junit_family=xunit2 --junitxml="$TARGET/pytest-report-$name.xml" \
    --basetemp="$TARGET/pytest-tmp-$name" -ra "$@"
}

# the launcher's tests first: the class-data archive they leave in GLIMMR_CDS_DIR serves the later jobs
everything=(python-tests/tests/test_launcher.py python-tests/tests/test_bench_cluster_report.py
  python-tests/tests/test_web.py python-tests/tests/test_cluster.py dags/tests notebooks/tests)
if [ $# -gt 0 ]; then
  exec_rc=0
  pytest_run all "$@" "${everything[@]}" || exec_rc=$?
  exit $exec_rc
fi

# Two sessions side by side, as two machines' worth of work on two cores: the cluster tests (their driver mostly
# waits on executors, daemons and the S3 server), and everything else, the DAG end-to-end test on a cluster of its own
# included. Each session has its own temporary folder and report; their output is printed once both are done.
pytest_run cluster python-tests/tests/test_cluster.py >"$TARGET/pytest-cluster.log" 2>&1 &
cluster_pid=$!
rest_rc=0
pytest_run rest python-tests/tests/test_launcher.py python-tests/tests/test_bench_cluster_report.py \
  python-tests/tests/test_web.py dags/tests notebooks/tests >"$TARGET/pytest-rest.log" 2>&1 || rest_rc=$?
cluster_rc=0
wait "$cluster_pid" || cluster_rc=$?
for name in rest cluster; do
  echo "=============================== pytest: $name ==============================="
  cat "$TARGET/pytest-$name.log"
done
echo "run-pytest.sh: cluster tests exit $cluster_rc, the other tests exit $rest_rc"
[ "$rest_rc" -eq 0 ] && [ "$cluster_rc" -eq 0 ]
