"""Shared setup for Glimmr's notebooks: a small local Spark session with Delta, and the lakehouse's tables by path.

The notebooks read the Delta tables that `./glimmr demo` (or `ingest` and `aggregate`) wrote. Where they live
follows the launcher's defaults: GLIMMR_LAKEHOUSE_ROOT, else $GLIMMR_DATA_DIR/lakehouse, else ./data/lakehouse,
relative paths taken from the repository root (where `./glimmr` runs).
"""

import json
import os
from decimal import Decimal
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DecimalType

REPO_ROOT = Path(__file__).resolve().parent.parent
# The Maven build writes the jobs' runtime class path here; its Delta jars are exactly the ones the jobs use.
RUNTIME_CLASSPATH = REPO_ROOT / "spark-jobs" / "target" / "runtime-classpath.txt"
DELTA_JAR_PREFIXES = ("delta-spark_2.13-", "delta-storage-")


class GlimmrNotebookError(RuntimeError):
    """A setup problem the reader can fix; the message says how."""


def lakehouse_root() -> Path:
    """The lakehouse folder the notebooks read, by the same precedence as the launcher's configuration."""
    root = os.environ.get("GLIMMR_LAKEHOUSE_ROOT")
    if root and "://" in root and not root.startswith("file:"):
        raise GlimmrNotebookError(
            f"GLIMMR_LAKEHOUSE_ROOT={root}: the notebooks read a local lakehouse only. "
            "Fix: point GLIMMR_LAKEHOUSE_ROOT (or GLIMMR_DATA_DIR) at a local folder, e.g. the one `./glimmr demo` fills.")
    if root:
        path = Path(root.removeprefix("file:"))
    else:
        path = Path(os.environ.get("GLIMMR_DATA_DIR", "data")) / "lakehouse"
    return path if path.is_absolute() else REPO_ROOT / path


def delta_jars() -> list[str]:
    """The Delta jars of the project's own build, so the notebooks need no download and match the jobs' Delta."""
    if not RUNTIME_CLASSPATH.is_file():
        raise GlimmrNotebookError(
            f"{RUNTIME_CLASSPATH} is missing, so the Delta jars cannot be found. "
            "Fix: build Glimmr once with `./glimmr demo` (or `mvn -B -DskipTests package`) at the repository root.")
    entries = RUNTIME_CLASSPATH.read_text().strip().split(os.pathsep)
    jars = [e for e in entries if Path(e).name.startswith(DELTA_JAR_PREFIXES)]
    missing = [p for p in DELTA_JAR_PREFIXES if not any(Path(j).name.startswith(p) for j in jars)]
    absent = [j for j in jars if not Path(j).is_file()]
    if missing or absent:
        raise GlimmrNotebookError(
            f"{RUNTIME_CLASSPATH}: Delta jars {missing or absent} not found. "
            "Fix: rebuild with `mvn -B -DskipTests package` (it downloads them into ~/.m2).")
    return jars


def spark_session(app_name: str = "glimmr-notebook") -> SparkSession:
    """A local Spark session with Delta, bound to loopback and sized for a laptop (2 cores, 4 shuffle partitions)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (SparkSession.builder
            .appName(app_name)
            .master("local[2]")
            .config("spark.jars", ",".join(delta_jars()))
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def table_path(qualified_name: str) -> Path:
    """`silver.standard_charges` -> <lakehouse root>/silver/standard_charges."""
    layer, _, name = qualified_name.partition(".")
    if not name:
        raise GlimmrNotebookError(f"table name '{qualified_name}' has no layer. Fix: write it as layer.name, e.g. silver.hospitals.")
    return lakehouse_root() / layer / name


def read_table(spark: SparkSession, qualified_name: str) -> DataFrame:
    """A lakehouse table as a DataFrame, read by path with Delta."""
    path = table_path(qualified_name)
    if not (path / "_delta_log").is_dir():
        raise GlimmrNotebookError(
            f"{qualified_name}: no Delta table at {path}. "
            "Fix: run `./glimmr demo` at the repository root (ingest and aggregate fill the tables), "
            "or set GLIMMR_DATA_DIR / GLIMMR_LAKEHOUSE_ROOT to the data directory you used.")
    return spark.read.format("delta").load(str(path))


def to_pandas(df: DataFrame):
    """Collect a small result to pandas, with decimal amounts as floats for plotting and statistics.

    The tables keep money as decimal(20,6); floats are fine for looking at prices, not for summing ledgers.
    """
    decimals = {f.name for f in df.schema.fields if isinstance(f.dataType, DecimalType)}
    return df.select([F.col(c).cast("double").alias(c) if c in decimals else F.col(c) for c in df.columns]).toPandas()


def print_key_figures(figures: dict) -> None:
    """Print a notebook's key figures as one JSON line: readable here, and checked by notebooks/tests."""
    print(json.dumps(figures, sort_keys=True, default=lambda v: float(v) if isinstance(v, Decimal) else str(v)))


def top_and_rest(counts: dict, keep: int) -> tuple[list, list]:
    """Split labels by their counts into the `keep` with the most (most first, ties by label) and the rest.

    For a plot of many groups (payers on real data: dozens, most of them `unmatched:...`): draw the first, pool the
    rest into one group, and say how many were pooled.
    """
    if keep < 0:
        raise ValueError(f"keep must be 0 or more, got {keep}")
    ordered = sorted(counts, key=lambda label: (-counts[label], str(label)))
    return ordered[:keep], ordered[keep:]
