package org.glimmr.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.glimmr.mrf.FileHeader;
import org.glimmr.mrf.Finding;
import org.glimmr.mrf.Layout;
import org.glimmr.mrf.Mrf;
import org.glimmr.mrf.MrfFile;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Split;

/**
 * What the first ingest stage learns about one file, in a task: content hash, layout, version, header, file-level
 * findings, how it splits, or why it is rejected whole. Small; collected to the driver. Nullable fields mean
 * "not known" (this is transport between stages, not a table).
 */
public record FilePlan(
        String uri,
        String sha256,
        long size,
        String compression,
        Layout layout,
        String templateVersion,
        String versionCell,
        String hospitalId,
        String hospitalName,
        String lastUpdatedOn,
        List<String> locationNames,
        List<String> addresses,
        String licenseNumber,
        String licenseState,
        List<String> type2Npis,
        Boolean attestation,
        String attesterName,
        RejectedRow rejection,
        List<Finding> findings,
        List<Split> splits,
        String resumeState) implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean rejected() {
        return rejection != null;
    }

    /**
     * Hashes, opens and splits one file. Never throws for the file's content or I/O: that is a rejection. The hash is
     * computed on a thread of its own while the file is opened (both read the whole file; for one large file on
     * several cores this halves the first stage).
     */
    public static FilePlan of(InputFiles.InputFile input, Map<String, String> fsSettings, long splitBytes) {
        HadoopByteSource source = new HadoopByteSource(input.uri(), fsSettings);
        FutureTask<Hash> hashing = new FutureTask<>(() -> hash(source));
        Thread hasher = new Thread(hashing, "glimmr-sha256 " + input.uri());
        hasher.setDaemon(true);
        hasher.start();
        MrfFile file = null;
        Exception failure = null;
        try {
            file = Mrf.open(source, splitBytes);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Hash hash;
        try {
            hash = hashing.get();
        } catch (InterruptedException e) {
            hasher.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing " + input.uri(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                return rejectedOnly(input, "unreadable-" + Integer.toHexString(input.uri().hashCode()), input.size(),
                        new RejectedRow("file", RejectReason.NOT_AN_MRF, "", "cannot read the file: " + cause.getMessage()
                                + ". Fix: check that it exists and is readable, then ingest again."));
            }
            throw new IllegalStateException("hashing " + input.uri() + " failed", cause);
        }
        String sha = hash.sha256();
        long size = hash.size();
        try {
            if (failure instanceof IOException e) {
                throw e;
            } else if (failure instanceof RuntimeException e) {
                throw e;
            }
            String compression = file.source() instanceof Mrf.DecompressedByteSource d ? d.compression() : "none";
            if (file.rejection().isPresent()) {
                return new FilePlan(input.uri(), sha, size, compression, file.layout(), null, null, null, null, null,
                        List.of(), List.of(), null, null, List.of(), null, null, file.rejection().get(),
                        new ArrayList<>(file.fileFindings()), List.of(), "");
            }
            FileHeader h = file.header().orElseThrow();
            List<Split> splits = new ArrayList<>(file.splits(splitBytes));
            return new FilePlan(input.uri(), sha, size, compression, file.layout(), h.templateVersion(), h.versionCell(),
                    HospitalIds.of(h.hospitalName(), h.licenseState().orElse(""), sha), h.hospitalName(),
                    h.lastUpdatedOn().orElse(null), new ArrayList<>(h.locationNames()), new ArrayList<>(h.addresses()),
                    h.licenseNumber().orElse(null), h.licenseState().orElse(null), new ArrayList<>(h.type2Npis()),
                    h.attestation().orElse(null), h.attesterName().orElse(null), null,
                    new ArrayList<>(file.fileFindings()), splits, file.resumeState());
        } catch (IOException e) {
            return rejectedOnly(input, sha, size, new RejectedRow("file", RejectReason.NOT_AN_MRF, "",
                    "cannot read the file: " + e.getMessage() + ". Fix: check the stored copy (fetch it again)."));
        } catch (RuntimeException e) {
            return rejectedOnly(input, sha, size, new RejectedRow("file", RejectReason.BAD_HEADER, "",
                    "the parser failed on this file (" + e + "). This is a Glimmr bug: please report it with the file;"
                            + " the rest of the batch was ingested."));
        }
    }

    private record Hash(String sha256, long size) {}

    private static Hash hash(HadoopByteSource source) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        try (InputStream in = source.open(0)) {
            int r;
            while ((r = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, r);
                n += r;
            }
        }
        return new Hash(HexFormat.of().formatHex(digest.digest()), n);
    }

    private static FilePlan rejectedOnly(InputFiles.InputFile input, String sha, long size, RejectedRow rejection) {
        return new FilePlan(input.uri(), sha, size, "none", Layout.UNKNOWN, null, null, null, null, null, List.of(),
                List.of(), null, null, List.of(), null, null, rejection, List.of(), List.of(), "");
    }
}
