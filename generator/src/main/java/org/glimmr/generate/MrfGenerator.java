package org.glimmr.generate;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic hospital price-transparency MRFs: CSV tall, CSV wide or JSON, template 2.0.0 or 3.0.0, valid per
 * the CMS rules of the version (unless {@link GeneratorOptions#dirtyRate} asks for bad values), with realistic codes,
 * payers and rates. Streaming: memory depends on the payer panel, never on the size written. Deterministic: the same
 * options give the same bytes, on any machine.
 *
 * <pre>{@code
 * GenerationReport report = MrfGenerator.writeTo(
 *         GeneratorOptions.defaults(Layout.CSV_WIDE, "3.0.0").withTargetBytes(50L << 20).withPayers(60, 10),
 *         Path.of("/tmp/wide.csv.gz"));
 * }</pre>
 */
public final class MrfGenerator {
    private MrfGenerator() {}

    /**
     * Writes the document to {@code out} (flushed, not closed): the header, items until at least
     * {@link GeneratorOptions#targetBytes} bytes are written (at least one item), then the closing part.
     */
    public static GenerationReport generate(GeneratorOptions options, OutputStream out) throws IOException {
        requireNonNull(options, "options is null");
        requireNonNull(out, "out is null");
        SplittableRandom root = new SplittableRandom(options.seed());
        SplittableRandom hospitalRandom = root.split();
        SplittableRandom panelRandom = root.split();
        SplittableRandom itemRandom = root.split();

        Hospital hospital = Hospital.of(options, hospitalRandom);
        PayerPanel panel = new PayerPanel(options.payers(), options.plansPerPayer(), options.state(), panelRandom);
        ItemFactory factory = new ItemFactory(itemRandom, panel, options.dirtyRate());
        Item item = new Item(panel.size());
        Bytes buffer = new Bytes(LayoutWriter.DRAIN_AT * 2);
        LayoutWriter writer = LayoutWriter.of(options, hospital, panel, buffer, out);

        writer.header();
        long items = 0;
        long rows = 0;
        long bad = 0;
        long unreadable = 0;
        do {
            factory.next(item);
            writer.item(item);
            items++;
            rows += item.canonicalRows();
            for (int i = 0; i < item.payerCount; i++) {
                if (item.badKind[i] != Item.CLEAN) {
                    bad++;
                    if (item.badKind[i] == Item.UNREADABLE) {
                        unreadable++;
                    }
                }
            }
        } while (buffer.count() < options.targetBytes());
        writer.footer();
        buffer.drain(out);
        out.flush();
        return new GenerationReport(buffer.count(), items, rows, bad, unreadable);
    }

    /** Writes the document to a file, gzip-compressed when the file name ends in {@code .gz}. */
    public static GenerationReport writeTo(GeneratorOptions options, Path path) throws IOException {
        requireNonNull(path, "path is null");
        boolean gzip = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        try (OutputStream file = Files.newOutputStream(path);
             OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file) {
            GenerationReport report = generate(options, out);
            if (out instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            return report;
        }
    }
}
