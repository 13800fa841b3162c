package org.glimmr.jobs.ingest;

import java.io.Serializable;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Split;

/**
 * One unit of parsing work: a split of a file. {@code current}: whether the file's rows become the hospital's
 * current rows (else they are parsed for counts, rejections and findings only). {@code resumeState}: see
 * {@link org.glimmr.mrf.MrfFile#resumeState()}.
 */
public record SplitTask(HadoopByteSource source, String sha256, String hospitalId, Layout layout, String templateVersion,
        String lastUpdatedOn, boolean current, String resumeState, Split split) implements Serializable {
    private static final long serialVersionUID = 1L;
}
