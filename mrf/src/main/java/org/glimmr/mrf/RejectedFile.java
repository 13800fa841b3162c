package org.glimmr.mrf;

import java.util.List;
import java.util.Optional;

/** A file rejected whole: nothing in it can be read (see {@link #rejection()} for why). */
public record RejectedFile(ByteSource source, Layout layout, RejectedRow reject) implements MrfFile {
    public static RejectedFile of(ByteSource source, Layout layout, RejectReason reason, String raw, String message) {
        return new RejectedFile(source, layout, new RejectedRow("file", reason, raw, message));
    }

    @Override
    public Optional<FileHeader> header() {
        return Optional.empty();
    }

    @Override
    public List<Finding> fileFindings() {
        return List.of();
    }

    @Override
    public Optional<RejectedRow> rejection() {
        return Optional.of(reject);
    }

    @Override
    public List<Split> splits(long targetBytes) {
        return List.of();
    }

    @Override
    public SplitStats parse(Split split, MrfSink sink) {
        return SplitStats.EMPTY;
    }
}
