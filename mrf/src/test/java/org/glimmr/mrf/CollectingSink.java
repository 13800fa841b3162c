package org.glimmr.mrf;

import java.util.ArrayList;
import java.util.List;

/** Test sink that keeps everything a parser emits. */
public final class CollectingSink implements MrfSink {
    public final List<ChargeRow> rows = new ArrayList<>();
    public final List<RejectedRow> rejected = new ArrayList<>();
    public final List<Finding> findings = new ArrayList<>();

    @Override
    public void row(ChargeRow row) {
        rows.add(row);
    }

    @Override
    public void rejected(RejectedRow r) {
        rejected.add(r);
    }

    @Override
    public void finding(Finding finding) {
        findings.add(finding);
    }

    /** Opens the file and parses every split of about {@code splitBytes}, file findings first. */
    public static CollectingSink parseAll(ByteSource source, long splitBytes) throws java.io.IOException {
        CollectingSink sink = new CollectingSink();
        MrfFile file = Mrf.open(source);
        file.fileFindings().forEach(sink::finding);
        file.rejection().ifPresent(sink::rejected);
        for (Split split : file.splits(splitBytes)) {
            file.parse(split, sink);
        }
        return sink;
    }
}
