package org.glimmr.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.glimmr.common.GlimmrConfig;
import org.glimmr.lakehouse.LakehouseCatalog;
import org.glimmr.lakehouse.LakehouseSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one local Spark session ({@code local[2]}, UI off, loopback, Delta, S3A pointed at a
 * {@link TestingS3Server}) shared by every test class of the JVM, and for each test method its own data directory
 * (so its own lakehouse) under {@code target/test-tmp}. Inject {@link Context} as a test or constructor parameter.
 */
public final class SharedSpark implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSpark.class);

    /** What a test gets: the session, a local-roots configuration of its own, and the S3 server. */
    public record Context(SparkSession spark, GlimmrConfig config, TestingS3Server s3, Path dataDir) {
        /** A configuration whose lakehouse and raw roots are in a fresh bucket of the loopback S3 server. */
        public GlimmrConfig s3Config(String bucket) {
            s3.createBucket(bucket);
            Map<String, String> env = env(s3, dataDir);
            env.put("GLIMMR_LAKEHOUSE_ROOT", "s3a://" + bucket + "/lakehouse");
            env.put("GLIMMR_RAW_ROOT", "s3a://" + bucket + "/raw");
            return GlimmrConfig.load(env, dataDir);
        }

        /** Points the session's table names at this context's lakehouse. */
        public void useTablesOf(GlimmrConfig other) {
            LakehouseCatalog.reregister(spark, other);
        }
    }

    private record Shared(SparkSession spark, TestingS3Server s3) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            spark.stop();
            s3.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Context.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Shared shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("shared", k -> start(), Shared.class);
        // one data directory (so one lakehouse) per test method, or per class for constructor parameters
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("context", k -> newContext(shared, context), Context.class);
    }

    private static Context newContext(Shared shared, ExtensionContext context) {
        String name = context.getTestClass().map(Class::getSimpleName).orElse("test")
                + context.getTestMethod().map(m -> "-" + m.getName()).orElse("");
        Path dir = Path.of("target", "test-tmp", "glimmr-" + name + "-" + System.nanoTime()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GlimmrConfig config = GlimmrConfig.load(env(shared.s3(), dir), dir);
        LakehouseCatalog.reregister(shared.spark(), config);
        return new Context(shared.spark(), config, shared.s3(), dir);
    }

    private static Map<String, String> env(TestingS3Server s3, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("GLIMMR_DATA_DIR", dataDir.toString());
        env.put("GLIMMR_SPARK_MASTER", "local[2]");
        env.put("GLIMMR_S3_ENDPOINT", s3.endpoint());
        env.put("GLIMMR_S3_ACCESS_KEY", TestingS3Server.ACCESS_KEY);
        env.put("GLIMMR_S3_SECRET_KEY", TestingS3Server.SECRET_KEY);
        return env;
    }

    private static Shared start() {
        TestingS3Server s3 = new TestingS3Server();
        // one folder per test JVM: surefire runs two side by side
        Path dir = Path.of("target", "test-tmp", "glimmr-session-" + ProcessHandle.current().pid()).toAbsolutePath();
        GlimmrConfig config = GlimmrConfig.load(env(s3, dir), dir);
        SparkSession spark = LakehouseSession.create(config, "glimmr-tests");
        return new Shared(spark, s3);
    }
}
