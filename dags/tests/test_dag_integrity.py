"""The DAG folder loads cleanly, each DAG has the designed shape, and parsing reads no connection or variable."""

from __future__ import annotations

from datetime import timedelta

import pytest

EXPECTED_DAGS = {
    # dag id: (task edges upstream -> downstream, tasks)
    "glimmr_discovery": ({("discover", "fetch")}, {"discover", "fetch"}),
    "glimmr_ingest": (set(), {"ingest"}),
    "glimmr_analytics_refresh": ({("aggregate", "export")}, {"aggregate", "export"}),
    "glimmr_maintenance": (set(), {"maintain"}),
}


def edges(dag):
    return {(up, task.task_id) for task in dag.tasks for up in task.upstream_task_ids}


def test_dag_folder_loads_without_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == set(EXPECTED_DAGS)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_DAGS))
def test_task_order_is_as_designed(dagbag, dag_id):
    expected_edges, expected_tasks = EXPECTED_DAGS[dag_id]
    dag = dagbag.dags[dag_id]
    assert {t.task_id for t in dag.tasks} == expected_tasks
    assert edges(dag) == expected_edges


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_DAGS))
def test_every_task_is_a_spark_submit_of_the_glimmr_entry_point(dagbag, dag_id):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    dag = dagbag.dags[dag_id]
    assert "glimmr" in dag.tags and len(dag.tags) >= 2, dag.tags
    assert dag.max_active_runs == 1
    for task in dag.tasks:
        assert isinstance(task, SparkSubmitOperator)
        assert task._conn_id == "glimmr_spark"
        assert task._java_class == "org.glimmr.jobs.Glimmr"
        assert task.application == "{{ var.value.glimmr_jar }}"
        assert task.application_args[0] == task.task_id, "the first argument is the glimmr command"
        assert task.retries >= 1
        assert task.execution_timeout is not None and timedelta(0) < task.execution_timeout <= timedelta(hours=12)


def test_schedules_chain_discovery_ingest_and_analytics_through_assets(dagbag):
    discovery, ingest, analytics, maintenance = (dagbag.dags[d] for d in (
        "glimmr_discovery", "glimmr_ingest", "glimmr_analytics_refresh", "glimmr_maintenance"))
    assert discovery.timetable.expression == "0 0 * * *"
    assert maintenance.timetable.expression == "0 0 * * 0"
    fetched = set(discovery.get_task("fetch").outlets)
    ingested = set(ingest.get_task("ingest").outlets)
    assert fetched and ingested and not fetched & ingested
    assert {a.name for a in analytics.timetable.asset_condition.objects} == {a.name for a in ingested}
    assert {a.name for a in ingest.timetable.asset_condition.objects} == {a.name for a in fetched}


def test_tasks_take_their_day_from_the_run(dagbag):
    """Dated commands get the run's day, never "now": the logical date, or run_after for triggered runs."""
    run_date = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}"
    assert dagbag.dags["glimmr_discovery"].get_task("discover").application_args == ["discover", "--run-date", run_date]
    assert dagbag.dags["glimmr_discovery"].get_task("fetch").application_args == ["fetch", "--run-date", run_date]
    assert dagbag.dags["glimmr_analytics_refresh"].get_task("aggregate").application_args == [
        "aggregate", "--as-of", run_date]
    assert dagbag.dags["glimmr_ingest"].get_task("ingest").application_args == [
        "ingest", "--input", "{{ var.value.glimmr_raw_root }}"]


def test_parsing_reads_no_connection_or_variable(monkeypatch, dags_folder):
    """Parse again with every connection and variable lookup failing: still no import error."""
    from airflow.dag_processing.dagbag import BundleDagBag
    from airflow.models.connection import Connection
    from airflow.models.variable import Variable
    from airflow.sdk import BaseHook
    from airflow.sdk.definitions.connection import Connection as SdkConnection
    from airflow.sdk.definitions.variable import Variable as SdkVariable

    lookups = []

    def refuse(*args, **kwargs):
        lookups.append(args)
        raise AssertionError(f"connection or variable read at parse time: {args}")

    for target, name in ((Connection, "get_connection_from_secrets"), (Variable, "get"), (BaseHook, "get_connection"),
                         (SdkConnection, "get"), (SdkVariable, "get")):
        monkeypatch.setattr(target, name, refuse)
    monkeypatch.setenv("AIRFLOW_CONN_GLIMMR_SPARK", "not a connection uri")
    monkeypatch.setenv("AIRFLOW_VAR_GLIMMR_JAR", "")

    bag = BundleDagBag(dag_folder=dags_folder, bundle_path=dags_folder)
    assert bag.import_errors == {}
    assert len(bag.dags) == len(EXPECTED_DAGS)
    assert lookups == []
