"""A real S3-API server on loopback: s3proxy (the server of the Java tests' s3a:// tests) as a JVM of its own, its
objects plain files in a folder, so a test can put a corpus in place or read a Delta log without an S3 client."""

from __future__ import annotations

import shutil
from pathlib import Path

from .processes import Process, free_port, port_open

ROOT = Path(__file__).resolve().parents[2]
# written by `mvn package` (python-tests/pom.xml): s3proxy and its dependencies from the Maven repository
CLASSPATH_FILE = ROOT / "python-tests" / "target" / "s3proxy-classpath.txt"
ACCESS_KEY = "glimmr-test-access"
SECRET_KEY = "glimmr-test-secret-key"


class TestingS3Server:
    """s3proxy with the filesystem store under `folder`; `bucket(name)` makes a bucket (a folder) and returns its path."""
    __test__ = False  # a helper, not a test class

    def __init__(self, folder: Path):
        if not CLASSPATH_FILE.is_file():
            raise RuntimeError(f"{CLASSPATH_FILE} is missing: build first (mvn -B package -DskipTests)")
        self.folder = folder
        self.store = folder / "store"
        self.store.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        properties = folder / "s3proxy.properties"
        properties.write_text("\n".join([
            f"s3proxy.endpoint={self.endpoint}",
            "s3proxy.authorization=aws-v2-or-v4",
            f"s3proxy.identity={ACCESS_KEY}",
            f"s3proxy.credential={SECRET_KEY}",
            "jclouds.provider=filesystem-nio2",
            f"jclouds.filesystem.basedir={self.store}",
            ""]))
        self.process = Process("s3proxy", ["java", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                                           CLASSPATH_FILE.read_text().strip(), "org.gaul.s3proxy.Main",
                                           "--properties", str(properties)], folder / "s3proxy.log")
        try:
            self.process.wait_until(lambda: port_open(self.port), 120, "S3 endpoint listening")
        except BaseException:
            self.process.stop()
            raise

    def bucket(self, name: str) -> Path:
        path = self.store / name
        path.mkdir(exist_ok=True)
        return path

    def glimmr_env(self) -> dict[str, str]:
        """Glimmr's configuration for this server (read by the driver, which ships the S3 settings to executors)."""
        return {"GLIMMR_S3_ENDPOINT": self.endpoint, "GLIMMR_S3_ACCESS_KEY": ACCESS_KEY,
                "GLIMMR_S3_SECRET_KEY": SECRET_KEY, "GLIMMR_S3_PATH_STYLE": "true"}

    def close(self) -> None:
        self.process.stop()

    def __enter__(self) -> "TestingS3Server":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def remove(self) -> None:
        shutil.rmtree(self.store, ignore_errors=True)
