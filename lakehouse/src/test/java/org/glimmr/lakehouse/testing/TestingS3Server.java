package org.glimmr.lakehouse.testing;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** A real S3-API server (s3proxy, in-memory store) on loopback, for {@code s3a://} tests. */
public final class TestingS3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "glimmr-test-access";
    public static final String SECRET_KEY = "glimmr-test-secret-key";

    private final S3Proxy proxy;
    private final TransientNio2BlobStore store;

    public TestingS3Server() {
        store = new TransientNio2BlobStore();
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    /** Literal loopback IP, not localhost (see STACK.md). */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public void createBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
