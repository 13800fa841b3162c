package org.glimmr.mrf;

import java.io.IOException;
import java.io.InputStream;

/**
 * The raw bytes of one file, readable from any offset. Implemented over a local file for tests and tools, and over
 * Hadoop's file system (local, {@code s3a://}) in the Spark jobs; the parsers see only this.
 */
public interface ByteSource {
    /** A name for messages: the path or URI. */
    String name();

    /** Length in bytes. */
    long length() throws IOException;

    /** A stream of the raw bytes from {@code offset} to the end. The caller closes it. */
    InputStream open(long offset) throws IOException;
}
