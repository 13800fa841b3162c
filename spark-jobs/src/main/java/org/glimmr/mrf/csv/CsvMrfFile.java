package org.glimmr.mrf.csv;

import java.io.IOException;
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;

/** Placeholder until the Csv reader lands. */
public final class CsvMrfFile {
    private CsvMrfFile() {}

    public static MrfFile open(ByteSource source) throws IOException {
        return Mrf.RejectedFile.of(source, Layout.UNKNOWN, RejectReason.NOT_AN_MRF, "", "Csv reader not built yet");
    }
}
