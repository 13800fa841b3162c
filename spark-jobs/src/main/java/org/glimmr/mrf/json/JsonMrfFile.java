package org.glimmr.mrf.json;

import java.io.IOException;
import org.glimmr.mrf.ByteSource;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;

/** Placeholder until the Json reader lands. */
public final class JsonMrfFile {
    private JsonMrfFile() {}

    public static MrfFile open(ByteSource source) throws IOException {
        return Mrf.RejectedFile.of(source, Layout.UNKNOWN, RejectReason.NOT_AN_MRF, "", "Json reader not built yet");
    }
}
