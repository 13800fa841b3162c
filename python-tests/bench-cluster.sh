#!/usr/bin/env bash
# The scale-out benchmark (docs/benchmarks.md#cluster-benchmark): ingest and aggregate a generated ~1.1 GB corpus
# with the cluster jar on a Spark standalone cluster of 1 and 2 one-core workers and in local[1] and local[2].
# Needs the jars (mvn -B package -DskipTests); builds or reuses the Python environment (pyspark's Spark runs the
# cluster). Arguments: --help.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=$("$ROOT/dags/python-env.sh")
cd "$ROOT"
export PYTHONPATH="$ROOT/python-tests${PYTHONPATH:+:$PYTHONPATH}"
exec "$VENV/bin/python" -m glimmr_testing.bench_cluster "$@"
