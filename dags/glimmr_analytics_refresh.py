"""Airflow DAG glimmr_analytics_refresh.

After each ingest: rebuild the gold tables (aggregate), then publish them to PostgreSQL for the API (export).
"""

from __future__ import annotations

from datetime import timedelta

from glimmr_common import RUN_DATE, SILVER_TABLES, glimmr_dag, glimmr_task

with glimmr_dag("glimmr_analytics_refresh", "Aggregate silver into the gold tables and export them to PostgreSQL",
                schedule=[SILVER_TABLES], area="analytics"):
    aggregate = glimmr_task("aggregate", "--as-of", RUN_DATE, timeout=timedelta(hours=2))
    export = glimmr_task("export", timeout=timedelta(hours=1))
    aggregate >> export
