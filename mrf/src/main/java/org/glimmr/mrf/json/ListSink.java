package org.glimmr.mrf.json;

import java.util.ArrayList;
import java.util.List;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.RejectedRow;

/** Collects the findings about a file's header keys (reported once per file); it never receives rows. */
final class ListSink implements MrfSink {
    final List<Finding> findings = new ArrayList<>();

    @Override
    public void row(ChargeRow row) {
        throw new IllegalStateException("header findings only");
    }

    @Override
    public void rejected(RejectedRow rejected) {
        throw new IllegalStateException("header findings only");
    }

    @Override
    public void finding(Finding finding) {
        findings.add(finding);
    }
}
