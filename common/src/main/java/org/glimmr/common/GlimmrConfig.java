package org.glimmr.common;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Glimmr's configuration: one set of keys, defaults for the embedded setup, overridden by a properties file, in turn
 * overridden by {@code GLIMMR_…} environment variables (key {@code glimmr.data.dir} ⇔ {@code GLIMMR_DATA_DIR}).
 * Secrets (S3 keys, database password) come from the environment only and never appear in {@link #toString()}.
 * Every value is validated here, once, with an error that names the key and the fix.
 */
public record GlimmrConfig(
        Path dataDir,
        StorageRoot lakehouseRoot,
        StorageRoot rawRoot,
        String sparkMaster,
        S3 s3,
        Database database,
        int apiPort,
        long splitBytes,
        int vacuumRetentionHours,
        Api api,
        Fetch fetch,
        Airflow airflow,
        Optional<BackupKey> backupKey) {

    public static final String DATA_DIR = "glimmr.data.dir";
    public static final String DATA_DIR_DEFAULT = "data";
    public static final String LAKEHOUSE_ROOT = "glimmr.lakehouse.root";
    public static final String LAKEHOUSE_ROOT_DEFAULT = "<data dir>/lakehouse";
    public static final String RAW_ROOT = "glimmr.raw.root";
    public static final String RAW_ROOT_DEFAULT = "<data dir>/raw";
    public static final String SPARK_MASTER = "glimmr.spark.master";
    public static final String SPARK_MASTER_DEFAULT = "local[*]";
    public static final String S3_ENDPOINT = "glimmr.s3.endpoint";
    public static final String S3_REGION = "glimmr.s3.region";
    public static final String S3_REGION_DEFAULT = "us-east-1";
    public static final String S3_PATH_STYLE = "glimmr.s3.path.style";
    public static final String DB_URL = "glimmr.db.url";
    public static final String DB_USER = "glimmr.db.user";
    public static final String DB_USER_DEFAULT = "glimmr";
    public static final String DB_EMBEDDED_PORT = "glimmr.db.embedded.port";
    public static final int DB_EMBEDDED_PORT_DEFAULT = 54329;
    public static final String API_PORT = "glimmr.api.port";
    public static final int API_PORT_DEFAULT = 7070;
    public static final String INGEST_SPLIT_MB = "glimmr.ingest.split.mb";
    public static final int INGEST_SPLIT_MB_DEFAULT = 64;
    public static final String VACUUM_RETENTION_HOURS = "glimmr.maintenance.vacuum.retention.hours";
    public static final int VACUUM_RETENTION_HOURS_DEFAULT = 168;

    // ------------------------------------------------------------ discovery and fetch (discover, fetch, hospitals)
    /** Address ranges (CIDR) opened despite the SSRF policy, e.g. {@code 127.0.0.1/32} for a local mirror or tests. */
    public static final String FETCH_ALLOW_RANGES = "glimmr.fetch.allow.ranges";
    public static final String FETCH_CONNECT_TIMEOUT_SECONDS = "glimmr.fetch.connect.timeout.seconds";
    public static final int FETCH_CONNECT_TIMEOUT_SECONDS_DEFAULT = 10;
    /** Longest wait for the next bytes of an answer (not for the whole file). */
    public static final String FETCH_READ_TIMEOUT_SECONDS = "glimmr.fetch.read.timeout.seconds";
    public static final int FETCH_READ_TIMEOUT_SECONDS_DEFAULT = 60;
    /** Largest download, and largest total after unpacking a zip or gzip. */
    public static final String FETCH_MAX_MB = "glimmr.fetch.max.mb";
    public static final int FETCH_MAX_MB_DEFAULT = 20_480;
    public static final String FETCH_ZIP_MAX_ENTRIES = "glimmr.fetch.zip.max.entries";
    public static final int FETCH_ZIP_MAX_ENTRIES_DEFAULT = 100;
    /** Unpacked bytes per packed byte above which an archive is a decompression bomb (deflate's own limit is ~1032). */
    public static final String FETCH_ZIP_MAX_RATIO = "glimmr.fetch.zip.max.ratio";
    public static final int FETCH_ZIP_MAX_RATIO_DEFAULT = 200;
    public static final String FETCH_THREADS = "glimmr.fetch.threads";
    public static final int FETCH_THREADS_DEFAULT = 8;
    public static final String FETCH_PER_HOST = "glimmr.fetch.per.host";
    public static final int FETCH_PER_HOST_DEFAULT = 2;
    public static final String FETCH_RETRIES = "glimmr.fetch.retries";
    public static final int FETCH_RETRIES_DEFAULT = 3;
    /** First retry waits this long, each next one twice as long (a server's Retry-After wins, up to 60 s). */
    public static final String FETCH_BACKOFF_MS = "glimmr.fetch.backoff.ms";
    public static final int FETCH_BACKOFF_MS_DEFAULT = 2000;
    public static final String FETCH_USER_AGENT = "glimmr.fetch.user.agent";
    public static final String FETCH_USER_AGENT_DEFAULT = "Glimmr/0.1 (hospital price transparency research; 45 CFR 180.50)";
    // ------------------------------------------------------------ end of discovery and fetch
    // ---- REST API (serving) keys: begin -------------------------------------------------------------------
    public static final String API_HOST = "glimmr.api.host";
    public static final String API_HOST_DEFAULT = "127.0.0.1";
    public static final String API_CORS_ORIGINS = "glimmr.api.cors.origins";
    public static final String API_RATE_LIMIT = "glimmr.api.rate.limit";
    public static final int API_RATE_LIMIT_DEFAULT = 50;
    public static final String API_ANONYMOUS = "glimmr.api.anonymous";
    public static final String API_JWT_ISSUER = "glimmr.api.jwt.issuer";
    public static final String API_JWT_ISSUER_DEFAULT = "glimmr";
    public static final String API_JWT_AUDIENCE = "glimmr.api.jwt.audience";
    public static final String API_JWT_AUDIENCE_DEFAULT = "glimmr-api";
    public static final String API_KEY_CACHE_SECONDS = "glimmr.api.key.cache.seconds";
    public static final int API_KEY_CACHE_SECONDS_DEFAULT = 5;
    public static final String API_DB_POOL_SIZE = "glimmr.api.db.pool.size";
    public static final int API_DB_POOL_SIZE_DEFAULT = 8;
    public static final String API_CACHE_MB = "glimmr.api.cache.mb";
    public static final int API_CACHE_MB_DEFAULT = 64;
    public static final String API_CACHE_CHECK_MS = "glimmr.api.cache.check.ms";
    public static final int API_CACHE_CHECK_MS_DEFAULT = 1000;
    /** HMAC-SHA256 key for JWT bearer tokens (at least 32 bytes); environment only. Without it JWTs are refused. */
    public static final String ENV_JWT_SECRET = "GLIMMR_JWT_SECRET";

    /** REST API settings; the JWT secret is from the environment only. */
    public record Api(String host, List<String> corsOrigins, int rateLimitPerSecond, boolean anonymousAccess,
                      String jwtIssuer, String jwtAudience, Optional<String> jwtSecret, int keyCacheSeconds, int dbPoolSize,
                      int cacheMegabytes, int cacheCheckMillis) {
        public Api {
            requireNonNull(host, "host is null");
            corsOrigins = List.copyOf(corsOrigins);
            requireNonNull(jwtIssuer, "jwtIssuer is null");
            requireNonNull(jwtAudience, "jwtAudience is null");
            requireNonNull(jwtSecret, "jwtSecret is null");
        }

        @Override
        public String toString() {
            return "Api[host=" + host + ", corsOrigins=" + corsOrigins + ", rateLimitPerSecond=" + rateLimitPerSecond
                    + ", anonymousAccess=" + anonymousAccess + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience
                    + ", jwtSecret=" + (jwtSecret.isPresent() ? "(set)" : "(not set)") + ", keyCacheSeconds=" + keyCacheSeconds
                    + ", dbPoolSize=" + dbPoolSize + ", cacheMegabytes=" + cacheMegabytes + ", cacheCheckMillis=" + cacheCheckMillis + "]";
        }

        static Api fromValues(Map<String, String> v, Map<String, String> env) {
            String host = v.getOrDefault(API_HOST, API_HOST_DEFAULT).trim();
            List<String> origins = java.util.Arrays.stream(v.getOrDefault(API_CORS_ORIGINS, "").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String origin : origins) {
                if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                    throw GlimmrException.config(API_CORS_ORIGINS, origin, "is not an origin",
                            "list origins as scheme://host[:port] separated by commas, e.g. https://prices.example.org");
                }
            }
            Optional<String> secret = secret(env, ENV_JWT_SECRET);
            if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "environment variable " + ENV_JWT_SECRET
                        + " is shorter than 32 bytes, too short for HMAC-SHA256. Fix: set it to a random value of at least"
                        + " 32 characters (e.g. `openssl rand -base64 48`), or unset it to refuse JWT bearer tokens.");
            }
            return new Api(host, origins,
                    (int) parseInt(API_RATE_LIMIT, v.getOrDefault(API_RATE_LIMIT, String.valueOf(API_RATE_LIMIT_DEFAULT)), 0, 1_000_000),
                    parseBoolean(API_ANONYMOUS, v.getOrDefault(API_ANONYMOUS, "false")),
                    v.getOrDefault(API_JWT_ISSUER, API_JWT_ISSUER_DEFAULT).trim(),
                    v.getOrDefault(API_JWT_AUDIENCE, API_JWT_AUDIENCE_DEFAULT).trim(), secret,
                    (int) parseInt(API_KEY_CACHE_SECONDS, v.getOrDefault(API_KEY_CACHE_SECONDS, String.valueOf(API_KEY_CACHE_SECONDS_DEFAULT)), 0, 3600),
                    (int) parseInt(API_DB_POOL_SIZE, v.getOrDefault(API_DB_POOL_SIZE, String.valueOf(API_DB_POOL_SIZE_DEFAULT)), 1, 200),
                    (int) parseInt(API_CACHE_MB, v.getOrDefault(API_CACHE_MB, String.valueOf(API_CACHE_MB_DEFAULT)), 0, 65_536),
                    (int) parseInt(API_CACHE_CHECK_MS, v.getOrDefault(API_CACHE_CHECK_MS, String.valueOf(API_CACHE_CHECK_MS_DEFAULT)), 50, 3_600_000));
        }

        static void describe(Map<String, String> k) {
            k.put(API_HOST, "address the REST API listens on; default " + API_HOST_DEFAULT + " (0.0.0.0 for all interfaces)");
            k.put(API_CORS_ORIGINS, "browser origins allowed to call the API (CORS), comma-separated; default none");
            k.put(API_RATE_LIMIT, "requests per second per API key, token or anonymous client (bursts up to twice that);"
                    + " a key may have its own; 0 = no limit; default " + API_RATE_LIMIT_DEFAULT);
            k.put(API_ANONYMOUS, "let requests without credentials read (role viewer); default false (only health and docs)");
            k.put(API_JWT_ISSUER, "required issuer (iss) of JWT bearer tokens; default " + API_JWT_ISSUER_DEFAULT);
            k.put(API_JWT_AUDIENCE, "required audience (aud) of JWT bearer tokens; default " + API_JWT_AUDIENCE_DEFAULT);
            k.put(API_KEY_CACHE_SECONDS, "seconds a checked API key is remembered (a revocation takes effect within this);"
                    + " default " + API_KEY_CACHE_SECONDS_DEFAULT);
            k.put(API_DB_POOL_SIZE, "PostgreSQL connections the API keeps; default " + API_DB_POOL_SIZE_DEFAULT);
            k.put(API_CACHE_MB, "megabytes of answers of the read routes the API keeps until the next export; 0 = no cache;"
                    + " default " + API_CACHE_MB_DEFAULT);
            k.put(API_CACHE_CHECK_MS, "how often (ms) the API looks for a newer export to empty its answer cache: an export"
                    + " shows in answers within this; default " + API_CACHE_CHECK_MS_DEFAULT);
        }
    }

    /** The settings as before the REST API, fetch and Airflow keys existed; those keep their defaults. */
    public GlimmrConfig(Path dataDir, StorageRoot lakehouseRoot, StorageRoot rawRoot, String sparkMaster, S3 s3, Database database,
                        int apiPort, long splitBytes, int vacuumRetentionHours) {
        this(dataDir, lakehouseRoot, rawRoot, sparkMaster, s3, database, apiPort, splitBytes, vacuumRetentionHours,
                Api.fromValues(Map.of(), Map.of()), Fetch.parse(Map.of()), Airflow.fromValues(Map.of(), Map.of()));
    }
    // ---- REST API (serving) keys: end ---------------------------------------------------------------------

    // --- Airflow (pipeline control from the API: org.glimmr.serving.airflow) ---
    public static final String AIRFLOW_URL = "glimmr.airflow.url";
    public static final String AIRFLOW_URL_DEFAULT = "http://127.0.0.1:8080";
    public static final String AIRFLOW_USER = "glimmr.airflow.user";
    public static final String AIRFLOW_USER_DEFAULT = "admin";
    public static final String ENV_AIRFLOW_PASSWORD = "GLIMMR_AIRFLOW_PASSWORD";

    /**
     * Airflow's REST API (api-server base URL, without /api/v2) and the user whose token starts and reads DAG runs.
     * No password means Airflow's simple auth manager with all users admin (a development setup).
     */
    public record Airflow(URI url, String user, Optional<String> password) {
        public Airflow {
            requireNonNull(url, "url is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "Airflow[" + url + ", user=" + user + ", password=" + (password.isPresent() ? "(set)" : "(not set)") + "]";
        }

        static Airflow fromValues(Map<String, String> v, Map<String, String> env) {
            return new Airflow(parseHttpUrl(AIRFLOW_URL, v.getOrDefault(AIRFLOW_URL, AIRFLOW_URL_DEFAULT).trim(), AIRFLOW_URL_DEFAULT),
                    v.getOrDefault(AIRFLOW_USER, AIRFLOW_USER_DEFAULT).trim(), secret(env, ENV_AIRFLOW_PASSWORD));
        }

        static void describe(Map<String, String> k) {
            k.put(AIRFLOW_URL, "Airflow API server base URL, for starting and listing pipeline runs; default " + AIRFLOW_URL_DEFAULT);
            k.put(AIRFLOW_USER, "Airflow user (password from " + ENV_AIRFLOW_PASSWORD + "); default " + AIRFLOW_USER_DEFAULT);
        }
    }
    // --- end Airflow ---

    /** Environment-only secrets. */
    public static final String ENV_S3_ACCESS_KEY = "GLIMMR_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "GLIMMR_S3_SECRET_KEY";
    public static final String ENV_DB_PASSWORD = "GLIMMR_DB_PASSWORD";
    /** The key PostgreSQL backups are encrypted and restored with: 32 bytes in base64 or hex ({@link BackupKey}). */
    public static final String ENV_BACKUP_KEY = "GLIMMR_BACKUP_KEY";
    /** Path of the properties file; default {@code ./glimmr.properties} when it exists. */
    public static final String ENV_CONFIG_FILE = "GLIMMR_CONFIG";

    /** Every key with its meaning, for {@code --help} and the README. */
    public static final Map<String, String> KEYS = keys();

    /** Environment variables that are not keys but are ours (launcher settings, secrets). */
    private static final Set<String> OTHER_ENV = Set.of(ENV_S3_ACCESS_KEY, ENV_S3_SECRET_KEY, ENV_DB_PASSWORD, ENV_JWT_SECRET,
            ENV_AIRFLOW_PASSWORD, ENV_BACKUP_KEY, ENV_CONFIG_FILE, "GLIMMR_JAVA_OPTS", "GLIMMR_HOME", "GLIMMR_BUILD_QUIET",
            "GLIMMR_CDS", "GLIMMR_CDS_DIR");

    public GlimmrConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(lakehouseRoot, "lakehouseRoot is null");
        requireNonNull(rawRoot, "rawRoot is null");
        requireNonNull(sparkMaster, "sparkMaster is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(database, "database is null");
        requireNonNull(api, "api is null");
        requireNonNull(fetch, "fetch is null");
        requireNonNull(airflow, "airflow is null");
        requireNonNull(backupKey, "backupKey is null");
    }

    /** The settings as before the backup key existed: no key. */
    public GlimmrConfig(Path dataDir, StorageRoot lakehouseRoot, StorageRoot rawRoot, String sparkMaster, S3 s3, Database database,
                        int apiPort, long splitBytes, int vacuumRetentionHours, Api api, Fetch fetch, Airflow airflow) {
        this(dataDir, lakehouseRoot, rawRoot, sparkMaster, s3, database, apiPort, splitBytes, vacuumRetentionHours, api, fetch,
                airflow, Optional.empty());
    }

    /** S3A settings; used when a root is {@code s3a://}. */
    public record S3(Optional<URI> endpoint, String region, boolean pathStyle, Optional<String> accessKey, Optional<String> secretKey) {
        public S3 {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(region, "region is null");
            requireNonNull(accessKey, "accessKey is null");
            requireNonNull(secretKey, "secretKey is null");
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint.map(URI::toString).orElse("(AWS default)") + ", region=" + region
                    + ", pathStyle=" + pathStyle + ", keys=" + (accessKey.isPresent() ? "(set)" : "(not set)") + "]";
        }
    }

    /** PostgreSQL: a JDBC URL, or empty for the embedded server under the data directory. */
    public record Database(Optional<String> jdbcUrl, String user, Optional<String> password, int embeddedPort) {
        public Database {
            requireNonNull(jdbcUrl, "jdbcUrl is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
        }

        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }

        @Override
        public String toString() {
            return "Database[" + jdbcUrl.orElse("(embedded, port " + embeddedPort + ")") + ", user=" + user
                    + ", password=" + (password.isPresent() ? "(set)" : "(not set)") + "]";
        }
    }

    /**
     * Discovery and fetch settings (keys {@code glimmr.fetch.*}).
     *
     * @param allowRanges   ranges opened despite the SSRF policy (default: none)
     * @param maxBytes      largest download, and largest unpacked total of an archive
     */
    public record Fetch(List<AddressRange> allowRanges, int connectTimeoutSeconds, int readTimeoutSeconds, long maxBytes,
            int zipMaxEntries, int zipMaxRatio, int threads, int perHost, int retries, int backoffMillis, String userAgent) {
        public Fetch {
            allowRanges = List.copyOf(allowRanges);
            requireNonNull(userAgent, "userAgent is null");
        }

        /** Reads the {@code glimmr.fetch.*} keys of {@code v} (key to value), with defaults. */
        public static Fetch parse(Map<String, String> v) {
            List<AddressRange> ranges = new java.util.ArrayList<>();
            for (String range : v.getOrDefault(FETCH_ALLOW_RANGES, "").split(",")) {
                if (!range.isBlank()) {
                    ranges.add(AddressRange.parse(range.trim()).orElseThrow(() -> config(FETCH_ALLOW_RANGES,
                            v.get(FETCH_ALLOW_RANGES), "'" + range.trim() + "' is not an address range",
                            "write comma-separated CIDR ranges of literal addresses, e.g. 127.0.0.1/32,10.20.0.0/16 or ::1/128")));
                }
            }
            String agent = v.getOrDefault(FETCH_USER_AGENT, FETCH_USER_AGENT_DEFAULT).trim();
            if (agent.isEmpty() || !agent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw config(FETCH_USER_AGENT, agent, "is empty or not printable ASCII", "write a product token like Glimmr/0.1 (contact)");
            }
            return new Fetch(ranges,
                    (int) number(v, FETCH_CONNECT_TIMEOUT_SECONDS, FETCH_CONNECT_TIMEOUT_SECONDS_DEFAULT, 1, 600),
                    (int) number(v, FETCH_READ_TIMEOUT_SECONDS, FETCH_READ_TIMEOUT_SECONDS_DEFAULT, 1, 3600),
                    number(v, FETCH_MAX_MB, FETCH_MAX_MB_DEFAULT, 1, 1L << 30) << 20,
                    (int) number(v, FETCH_ZIP_MAX_ENTRIES, FETCH_ZIP_MAX_ENTRIES_DEFAULT, 1, 100_000),
                    (int) number(v, FETCH_ZIP_MAX_RATIO, FETCH_ZIP_MAX_RATIO_DEFAULT, 2, 100_000),
                    (int) number(v, FETCH_THREADS, FETCH_THREADS_DEFAULT, 1, 256),
                    (int) number(v, FETCH_PER_HOST, FETCH_PER_HOST_DEFAULT, 1, 64),
                    (int) number(v, FETCH_RETRIES, FETCH_RETRIES_DEFAULT, 0, 20),
                    (int) number(v, FETCH_BACKOFF_MS, FETCH_BACKOFF_MS_DEFAULT, 0, 600_000),
                    agent);
        }

        private static long number(Map<String, String> v, String key, long fallback, long min, long max) {
            return parseInt(key, v.getOrDefault(key, String.valueOf(fallback)), min, max);
        }

        private static GlimmrException config(String key, String value, String problem, String fix) {
            return GlimmrException.config(key, value, problem, fix);
        }
    }

    /** Loads from the process environment, the properties file it names (or ./glimmr.properties) and defaults. */
    public static GlimmrConfig load() {
        return load(System.getenv(), Path.of("").toAbsolutePath());
    }

    public static GlimmrConfig load(Map<String, String> env, Path workingDir) {
        Map<String, String> values = new LinkedHashMap<>();
        Path file = Optional.ofNullable(env.get(ENV_CONFIG_FILE)).filter(s -> !s.isBlank())
                .map(s -> workingDir.resolve(s)).orElse(workingDir.resolve("glimmr.properties"));
        if (env.containsKey(ENV_CONFIG_FILE) && !Files.isRegularFile(file)) {
            throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "configuration file " + file
                    + " named by " + ENV_CONFIG_FILE + " does not exist. Fix: point " + ENV_CONFIG_FILE
                    + " at a readable properties file, or unset it to use the defaults.");
        }
        if (Files.isRegularFile(file)) {
            values.putAll(readProperties(file));
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("GLIMMR_") || OTHER_ENV.contains(name)) {
                continue;
            }
            String key = KEYS.keySet().stream().filter(k -> envName(k).equals(name)).findFirst()
                    .orElseThrow(() -> new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION,
                            "environment variable " + name + " is not a Glimmr setting. Fix: use one of "
                                    + KEYS.keySet().stream().map(GlimmrConfig::envName).collect(Collectors.joining(", "))
                                    + ", " + String.join(", ", new java.util.TreeSet<>(OTHER_ENV)) + "; or unset it."));
            values.put(key, e.getValue());
        }
        return fromValues(values, env, workingDir);
    }

    /** The environment variable for a key: {@code glimmr.s3.path.style} ⇒ {@code GLIMMR_S3_PATH_STYLE}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.contains("secret") || lower.contains("password") || lower.contains("access.key")
                    || lower.contains("backup.key")) {
                throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "configuration file " + file
                        + " sets " + key + ", but secrets are read from the environment only. Fix: remove it from the"
                        + " file and set " + ENV_S3_ACCESS_KEY + " / " + ENV_S3_SECRET_KEY + " / " + ENV_DB_PASSWORD
                        + " / " + ENV_BACKUP_KEY + " in the environment.");
            }
            if (!KEYS.containsKey(key)) {
                throw new GlimmrException(GlimmrException.ErrorCode.CONFIGURATION, "configuration file " + file
                        + " has the unknown key '" + key + "'" + closest(key).map(k -> " (did you mean " + k + "?)").orElse("")
                        + ". Fix: use one of " + String.join(", ", KEYS.keySet()) + ".");
            }
            values.put(key, p.getProperty(key).trim());
        }
        return values;
    }

    private static GlimmrConfig fromValues(Map<String, String> v, Map<String, String> env, Path workingDir) {
        Path dataDir = workingDir.resolve(v.getOrDefault(DATA_DIR, DATA_DIR_DEFAULT)).toAbsolutePath().normalize();
        StorageRoot lakehouse = v.containsKey(LAKEHOUSE_ROOT)
                ? StorageRoot.parse(LAKEHOUSE_ROOT, v.get(LAKEHOUSE_ROOT), workingDir)
                : new StorageRoot("file:" + dataDir.resolve("lakehouse"));
        StorageRoot raw = v.containsKey(RAW_ROOT)
                ? StorageRoot.parse(RAW_ROOT, v.get(RAW_ROOT), workingDir)
                : new StorageRoot("file:" + dataDir.resolve("raw"));
        String master = v.getOrDefault(SPARK_MASTER, SPARK_MASTER_DEFAULT).trim();
        if (!master.matches("local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?])?|(spark|yarn|k8s|mesos)(://.+)?")) {
            throw GlimmrException.config(SPARK_MASTER, master, "is not a Spark master URL",
                    "use local[*], local[N], spark://host:port, yarn or k8s://…");
        }
        Optional<URI> endpoint = Optional.ofNullable(v.get(S3_ENDPOINT)).filter(s -> !s.isBlank()).map(s -> parseEndpoint(s.trim()));
        boolean pathStyle = parseBoolean(S3_PATH_STYLE, v.getOrDefault(S3_PATH_STYLE, endpoint.isPresent() ? "true" : "false"));
        S3 s3 = new S3(endpoint, v.getOrDefault(S3_REGION, S3_REGION_DEFAULT).trim(), pathStyle,
                secret(env, ENV_S3_ACCESS_KEY, "AWS_ACCESS_KEY_ID"), secret(env, ENV_S3_SECRET_KEY, "AWS_SECRET_ACCESS_KEY"));
        if ((lakehouse.isS3() || raw.isS3()) && s3.accessKey().isPresent() != s3.secretKey().isPresent()) {
            throw GlimmrException.config(S3_ENDPOINT, endpoint.map(URI::toString).orElse(""),
                    "only one of " + ENV_S3_ACCESS_KEY + " and " + ENV_S3_SECRET_KEY + " is set",
                    "set both in the environment, or neither to use the AWS default credential chain");
        }
        Optional<String> url = Optional.ofNullable(v.get(DB_URL)).filter(s -> !s.isBlank()).map(String::trim);
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql://")) {
                throw GlimmrException.config(DB_URL, u, "is not a PostgreSQL JDBC URL",
                        "write jdbc:postgresql://host:5432/database, or leave it empty for the embedded PostgreSQL");
            }
        });
        Database db = new Database(url, v.getOrDefault(DB_USER, DB_USER_DEFAULT).trim(), secret(env, ENV_DB_PASSWORD),
                parsePort(DB_EMBEDDED_PORT, v.getOrDefault(DB_EMBEDDED_PORT, String.valueOf(DB_EMBEDDED_PORT_DEFAULT))));
        int apiPort = parsePort(API_PORT, v.getOrDefault(API_PORT, String.valueOf(API_PORT_DEFAULT)));
        long splitMb = parseInt(INGEST_SPLIT_MB, v.getOrDefault(INGEST_SPLIT_MB, String.valueOf(INGEST_SPLIT_MB_DEFAULT)), 1, 4096);
        int retention = (int) parseInt(VACUUM_RETENTION_HOURS,
                v.getOrDefault(VACUUM_RETENTION_HOURS, String.valueOf(VACUUM_RETENTION_HOURS_DEFAULT)), 0, 24 * 3650);
        return new GlimmrConfig(dataDir, lakehouse, raw, master, s3, db, apiPort, splitMb * 1024 * 1024, retention,
                Api.fromValues(v, env), Fetch.parse(v), Airflow.fromValues(v, env),
                secret(env, ENV_BACKUP_KEY).map(k -> BackupKey.parse(ENV_BACKUP_KEY, k)));
    }

    private static Optional<String> secret(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static URI parseEndpoint(String value) {
        return parseHttpUrl(S3_ENDPOINT, value, "http://127.0.0.1:9000 or https://s3.us-east-1.amazonaws.com");
    }

    private static URI parseHttpUrl(String key, String value, String example) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw GlimmrException.config(key, value, "is not an http(s) URL with a host", "write it like " + example);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw GlimmrException.config(key, value, "is not a valid URL (" + e.getReason() + ")", "write it like " + example);
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw GlimmrException.config(key, value, "is not a boolean", "write true or false");
        };
    }

    private static int parsePort(String key, String value) {
        return (int) parseInt(key, value, 1, 65535);
    }

    private static long parseInt(String key, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw GlimmrException.config(key, value, "is not a whole number", "write a number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw GlimmrException.config(key, value, "is out of range", "write a number from " + min + " to " + max);
        }
        return n;
    }

    private static Optional<String> closest(String key) {
        return KEYS.keySet().stream().min(java.util.Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= 4);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put(DATA_DIR, "folder for all local state (lakehouse, raw files, embedded database); default ./" + DATA_DIR_DEFAULT);
        k.put(LAKEHOUSE_ROOT, "root of the Delta tables: a folder or s3a://bucket/prefix; default " + LAKEHOUSE_ROOT_DEFAULT);
        k.put(RAW_ROOT, "root of the raw MRF store: a folder or s3a://bucket/prefix; default " + RAW_ROOT_DEFAULT);
        k.put(SPARK_MASTER, "Spark master when run by ./glimmr (ignored under spark-submit); default " + SPARK_MASTER_DEFAULT);
        k.put(S3_ENDPOINT, "S3-API endpoint URL for s3a:// roots (MinIO, a local server); default: AWS");
        k.put(S3_REGION, "S3 region; default " + S3_REGION_DEFAULT);
        k.put(S3_PATH_STYLE, "path-style S3 access; default true when an endpoint is set");
        k.put(DB_URL, "PostgreSQL JDBC URL; empty = the embedded PostgreSQL under the data directory");
        k.put(DB_USER, "PostgreSQL user; default " + DB_USER_DEFAULT);
        k.put(DB_EMBEDDED_PORT, "port of the embedded PostgreSQL; default " + DB_EMBEDDED_PORT_DEFAULT);
        k.put(API_PORT, "REST API port; default " + API_PORT_DEFAULT);
        k.put(INGEST_SPLIT_MB, "ingest splits large files into parts of about this many MB; default " + INGEST_SPLIT_MB_DEFAULT);
        k.put(VACUUM_RETENTION_HOURS, "Delta VACUUM retention in hours; default " + VACUUM_RETENTION_HOURS_DEFAULT);
        // discovery and fetch
        k.put(FETCH_ALLOW_RANGES, "CIDR ranges fetch may reach despite the SSRF policy (local mirrors, tests); default none");
        k.put(FETCH_CONNECT_TIMEOUT_SECONDS, "connect timeout in seconds; default " + FETCH_CONNECT_TIMEOUT_SECONDS_DEFAULT);
        k.put(FETCH_READ_TIMEOUT_SECONDS, "longest wait for the next bytes of an answer, in seconds; default " + FETCH_READ_TIMEOUT_SECONDS_DEFAULT);
        k.put(FETCH_MAX_MB, "largest download and largest unpacked archive, in MB; default " + FETCH_MAX_MB_DEFAULT);
        k.put(FETCH_ZIP_MAX_ENTRIES, "most entries in a zip; default " + FETCH_ZIP_MAX_ENTRIES_DEFAULT);
        k.put(FETCH_ZIP_MAX_RATIO, "unpacked/packed size ratio above which an archive is refused as a bomb; default " + FETCH_ZIP_MAX_RATIO_DEFAULT);
        k.put(FETCH_THREADS, "downloads at once; default " + FETCH_THREADS_DEFAULT);
        k.put(FETCH_PER_HOST, "downloads at once from one host; default " + FETCH_PER_HOST_DEFAULT);
        k.put(FETCH_RETRIES, "retries of a failed download (5xx, 408, 429, timeouts, broken connections); default " + FETCH_RETRIES_DEFAULT);
        k.put(FETCH_BACKOFF_MS, "wait before the first retry in ms, doubled each time; default " + FETCH_BACKOFF_MS_DEFAULT);
        k.put(FETCH_USER_AGENT, "User-Agent header of discover and fetch; default " + FETCH_USER_AGENT_DEFAULT);
        Api.describe(k);
        Airflow.describe(k);
        return java.util.Collections.unmodifiableMap(k);
    }

    /** The roots that are on S3. */
    public List<StorageRoot> s3Roots() {
        return java.util.stream.Stream.of(lakehouseRoot, rawRoot).filter(StorageRoot::isS3).toList();
    }
}
