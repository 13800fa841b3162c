"""A real S3-API server on loopback: s3proxy (the server of the Java tests' s3a:// tests) as a JVM of its own, its
objects plain files in a folder, so a test can read a Delta log without an S3 client. Objects are put through the
S3 API (`put_file`): a file copied into the folder has no ETag, which S3A refuses to read."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.client
import shutil
from pathlib import Path
from urllib.parse import quote

from .processes import Process, free_port, port_open

ROOT = Path(__file__).resolve().parents[2]
# written by `mvn package` (python-tests/pom.xml): s3proxy and its dependencies from the Maven repository
CLASSPATH_FILE = ROOT / "python-tests" / "target" / "s3proxy-classpath.txt"
ACCESS_KEY = "glimmr-test-access"
SECRET_KEY = "glimmr-test-secret-key"
REGION = "us-east-1"


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

    def put_file(self, bucket: str, key: str, path: Path) -> None:
        """PUT one object (AWS signature version 4, as any S3 client sends it)."""
        body = path.read_bytes()
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        payload = hashlib.sha256(body).hexdigest()
        host = f"127.0.0.1:{self.port}"
        url_path = quote(f"/{bucket}/{key}", safe="/-_.~")
        signed = "host;x-amz-content-sha256;x-amz-date"
        canonical = "\n".join(["PUT", url_path, "", f"host:{host}", f"x-amz-content-sha256:{payload}",
                               f"x-amz-date:{amz_date}", "", signed, payload])
        scope = f"{day}/{REGION}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key_ = f"AWS4{SECRET_KEY}".encode()
        for part in (day, REGION, "s3", "aws4_request"):
            key_ = hmac.new(key_, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key_, to_sign.encode(), hashlib.sha256).hexdigest()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("PUT", url_path, body=body, headers={
                "x-amz-date": amz_date, "x-amz-content-sha256": payload, "Content-Length": str(len(body)),
                "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, SignedHeaders={signed}, "
                                 f"Signature={signature}"})
            response = connection.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"PUT s3://{bucket}/{key}: HTTP {response.status} {answer[:500]!r}")
        finally:
            connection.close()

    def put_folder(self, bucket: str, prefix: str, folder: Path) -> None:
        """Every file under `folder` as `prefix/<relative path>`."""
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.put_file(bucket, f"{prefix}/{path.relative_to(folder).as_posix()}", path)

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
