#!/usr/bin/env bash
# Builds the one Python virtual environment for the DAG and notebook tests at target/python/venv
# (under the repository root) from the pinned requirement files, and reuses it while they are unchanged.
# Prints the venv's path. `mvn verify` calls it before the Python tests; run it by hand to open the venv.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${GLIMMR_PYTHON_VENV:-$ROOT/target/python/venv}
PYTHON=${GLIMMR_PYTHON:-python3}

requirements=("$ROOT/dags/requirements.txt")
[ -f "$ROOT/notebooks/requirements.txt" ] && requirements+=("$ROOT/notebooks/requirements.txt")
# The stamp is the content of every requirement file and the interpreter's version: a change rebuilds.
stamp=$({ cat "${requirements[@]}"; "$PYTHON" --version; } | sha256sum | cut -d' ' -f1)

if [ -f "$VENV/.glimmr-stamp" ] && [ "$(cat "$VENV/.glimmr-stamp")" = "$stamp" ] && [ -x "$VENV/bin/python" ]; then
  echo "$VENV"
  exit 0
fi

command -v "$PYTHON" >/dev/null 2>&1 || { echo "python-env.sh: $PYTHON is not installed. Fix: install Python 3.10 or newer (Debian: apt-get install python3 python3-venv)." >&2; exit 2; }
echo "python-env.sh: building $VENV from ${requirements[*]#"$ROOT/"} (Airflow and pyspark: a few minutes, once)" >&2
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
if ! "$PYTHON" -m venv "$VENV" >&2; then
  echo "python-env.sh: '$PYTHON -m venv' failed. Fix: install the venv module (Debian: apt-get install python3-venv)." >&2
  exit 2
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >&2
args=()
for r in "${requirements[@]}"; do args+=(-r "$r"); done
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "${args[@]}" >&2
echo "$stamp" >"$VENV/.glimmr-stamp"
echo "$VENV"
