"""Airflow DAG glimmr_discovery.

Daily: find the hospitals' machine-readable files (discover), then download new versions into the raw store (fetch).
"""

from __future__ import annotations

from datetime import timedelta

from glimmr_common import RAW_FILES, RUN_DATE, glimmr_dag, glimmr_task

with glimmr_dag("glimmr_discovery", "Discover hospital MRF locations and fetch new file versions into the raw store",
                schedule="@daily", area="discovery"):
    discover = glimmr_task("discover", "--run-date", RUN_DATE, timeout=timedelta(minutes=30))
    fetch = glimmr_task("fetch", "--run-date", RUN_DATE, timeout=timedelta(hours=4), outlets=[RAW_FILES])
    discover >> fetch
