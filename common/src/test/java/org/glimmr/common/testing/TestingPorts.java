package org.glimmr.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, for the real servers tests start (PostgreSQL, the API, Airflow, HTTP fixtures). */
public final class TestingPorts {
    private TestingPorts() {}

    /** A port nothing listens on right now (the operating system's choice). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
