package org.glimmr.generate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one layout of the document into a {@link Bytes} buffer that it drains to the stream between records, so
 * memory stays at one record whatever the file size.
 */
abstract class LayoutWriter {
    /** Drain the buffer once it holds this much. */
    static final int DRAIN_AT = 1 << 16;

    final GeneratorOptions options;
    final Hospital hospital;
    final PayerPanel panel;
    final Bytes out;
    final OutputStream stream;
    final boolean v3;

    LayoutWriter(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        this.options = options;
        this.hospital = hospital;
        this.panel = panel;
        this.out = out;
        this.stream = stream;
        this.v3 = options.isV3();
    }

    static LayoutWriter of(GeneratorOptions options, Hospital hospital, PayerPanel panel, Bytes out, OutputStream stream) {
        return switch (options.layout()) {
            case CSV_TALL -> new TallCsvWriter(options, hospital, panel, out, stream);
            case CSV_WIDE -> new WideCsvWriter(options, hospital, panel, out, stream);
            case JSON -> new JsonWriter(options, hospital, panel, out, stream);
            case UNKNOWN -> throw new IllegalArgumentException("layout UNKNOWN cannot be generated");
        };
    }

    abstract void header() throws IOException;

    abstract void item(Item item) throws IOException;

    abstract void footer() throws IOException;

    void drainIfFull() throws IOException {
        out.drainIfOver(DRAIN_AT, stream);
    }
}
