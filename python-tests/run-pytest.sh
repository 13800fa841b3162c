#!/usr/bin/env bash
# Runs the Python tests of the one test command: builds (or reuses) the virtual environment, then pytest over
# python-tests/tests (the launcher), dags/tests and, once it exists, notebooks/tests. Any failure, or no test at all, fails the build.
# Arguments go to pytest (e.g. -k integrity).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$("$ROOT/dags/python-env.sh")
# the launcher's tests first: the class-data archive they leave in GLIMMR_CDS_DIR serves the notebook tests' jobs
dirs=(python-tests/tests dags/tests)
export GLIMMR_CDS_DIR="$ROOT/python-tests/target/cds"
if [ -d "$ROOT/notebooks/tests" ]; then
  dirs+=(notebooks/tests)
else
  echo "run-pytest.sh: notebooks/tests does not exist yet: only the DAG tests run"
fi
cd "$ROOT"
# python-tests/glimmr_testing: the helpers that start real things (cluster, S3 server, websites), and its fixtures as a plugin
export PYTHONPATH="$ROOT/python-tests${PYTHONPATH:+:$PYTHONPATH}"
# importlib mode: the two test folders may hold files of the same name; no cache folder in the source tree
exec "$VENV/bin/python" -m pytest -p no:cacheprovider --import-mode=importlib -W ignore::DeprecationWarning \
  -p glimmr_testing.fixtures -o junit_family=xunit2 --junitxml="$ROOT/python-tests/target/pytest-report.xml" -ra "$@" "${dirs[@]}"
