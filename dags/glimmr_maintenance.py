"""Airflow DAG glimmr_maintenance.

Weekly: Delta OPTIMIZE and VACUUM (retention from Glimmr's configuration) and a PostgreSQL backup into object storage.
"""

from __future__ import annotations

from datetime import timedelta

from glimmr_common import glimmr_dag, glimmr_task

with glimmr_dag("glimmr_maintenance", "Compact and vacuum the Delta tables and back up PostgreSQL",
                schedule="@weekly", area="maintenance"):
    glimmr_task("maintain", timeout=timedelta(hours=3))
