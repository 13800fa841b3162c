package org.glimmr.jobs.ingest;

import java.io.Serializable;
import org.glimmr.mrf.Split;

/**
 * One unit of parsing work: a split of a file. {@code current}: whether the file's rows become the hospital's
 * current rows (else they are parsed for counts, rejections and findings only).
 */
public record SplitTask(HadoopByteSource source, String sha256, String hospitalId, String layout, String templateVersion,
        String lastUpdatedOn, boolean current, Split split) implements Serializable {
    private static final long serialVersionUID = 1L;
}
