"""Airflow DAG glimmr_ingest.

Ingest new raw files into bronze and silver whenever fetch brought some (a rerun skips files already ingested).
"""

from __future__ import annotations

from datetime import timedelta

from glimmr_common import RAW_FILES, RAW_ROOT, SILVER_TABLES, glimmr_dag, glimmr_task

with glimmr_dag("glimmr_ingest", "Parse new raw MRF files into bronze.mrf_files and the silver tables",
                schedule=[RAW_FILES], area="ingest"):
    glimmr_task("ingest", "--input", RAW_ROOT, timeout=timedelta(hours=6), outlets=[SILVER_TABLES])
