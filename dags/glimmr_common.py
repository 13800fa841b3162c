"""What every Glimmr DAG shares: one factory for the JVM tasks, their defaults, and the assets between DAGs.

Each JVM task is a SparkSubmitOperator that runs the cluster jar's one entry point, org.glimmr.jobs.Glimmr, with the
same arguments as ``./glimmr <command>``. Nothing here reads a connection, a variable or the environment when the DAG
file is parsed: the jar's path and the ingest input are Airflow Variables rendered into templates when a task runs
(set them in the UI or as AIRFLOW_VAR_GLIMMR_JAR / AIRFLOW_VAR_GLIMMR_RAW_ROOT), the Spark connection (default
``glimmr_spark``) decides local or cluster, and where the lakehouse and the database live is Glimmr's own
configuration (GLIMMR_* environment or GLIMMR_CONFIG on the workers), read by the job itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG, Asset

SPARK_CONN_ID = "glimmr_spark"
MAIN_CLASS = "org.glimmr.jobs.Glimmr"
JAR = "{{ var.value.glimmr_jar }}"
RAW_ROOT = "{{ var.value.glimmr_raw_root }}"
# The run's day: the logical date of a scheduled run; asset-triggered and API-triggered runs have none in
# Airflow 3, so their day is when they were due to run.
RUN_DATE = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}"

# Raw files fetched into the raw store: the discovery DAG produces them, the ingest DAG consumes them.
RAW_FILES = Asset(name="glimmr_raw_files", uri="glimmr://raw")
# Silver tables written by ingest: the analytics refresh DAG runs whenever they change.
SILVER_TABLES = Asset(name="glimmr_silver_tables", uri="glimmr://lakehouse/silver")

DEFAULT_ARGS = {
    "owner": "glimmr",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
}


def glimmr_dag(dag_id: str, description: str, schedule, area: str) -> DAG:
    """A Glimmr DAG: no catch-up (every job takes its day from the run), one run at a time (runs share tables)."""
    return DAG(
        dag_id=dag_id,
        description=description,
        schedule=schedule,
        start_date=datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["glimmr", area],
    )


def glimmr_task(command: str, *args: str, timeout: timedelta, **kwargs) -> SparkSubmitOperator:
    """A task that runs ``glimmr <command> <args>`` under spark-submit; task id = command."""
    return SparkSubmitOperator(
        task_id=command,
        conn_id=SPARK_CONN_ID,
        application=JAR,
        java_class=MAIN_CLASS,
        name=f"glimmr-{command}",
        application_args=[command, *args],
        execution_timeout=timeout,
        **kwargs,
    )
