package org.glimmr.generate;

/**
 * One synthetic item (a CSV wide record, a JSON {@code standard_charge_information} element, a run of tall rows):
 * its codes, item-level charges and one entry per payer × plan group that has a rate. A scratch object that
 * {@link ItemFactory} refills for every item, so the generator allocates nothing per payer; amounts are in cents,
 * {@code -1} when absent.
 */
final class Item {
    static final int DOLLAR = 0;
    static final int PERCENT = 1;
    static final int ALGORITHM = 2;

    static final int CLEAN = 0;
    static final int PLACEHOLDER = 1;
    static final int FORMATTED = 2;
    static final int UNREADABLE = 3;

    static final int MAX_CODES = 4;

    Text description;
    int codeCount;
    final String[] codes = new String[MAX_CODES];
    final String[] codeTypes = new String[MAX_CODES];
    /** Pipe-joined modifier codes, or empty. */
    String modifiers = "";
    Text setting;
    Text billingClass;
    /** Drug unit as written (a positive number), or empty. */
    String drugUnit = "";
    String drugType = "";
    long gross;
    long cash;
    long min;
    long max;
    /** Notes on the whole item ({@code additional_generic_notes}), or null. */
    Text genericNotes;

    /** Number of payer entries; entry {@code i} is for panel group {@code group[i]}, ascending. */
    int payerCount;
    final int[] group;
    final int[] kind;
    final long[] dollar;
    final int[] percentTenths;
    final Text[] algorithm;
    final Text[] methodology;
    final Text[] notes;
    final long[] estimated;
    final long[] median;
    final long[] p10;
    final long[] p90;
    final Text[] count;
    /** For a dollar entry: whether it also carries the percentage it was derived from ({@link #percentTenths}). */
    final boolean[] withPercent;
    /** For a dollar entry: whether it also carries allowed amounts and their count (3.0 files). */
    final boolean[] withAllowed;
    /** For a dollar entry: whether it also carries the algorithm it was worked out with ({@link #algorithm}). */
    final boolean[] withAlgorithm;
    /** For a dollar entry written deliberately bad: its kind and text; {@link #CLEAN} and null otherwise. */
    final int[] badKind;
    final Text[] bad;

    Item(int groups) {
        group = new int[groups];
        kind = new int[groups];
        dollar = new long[groups];
        percentTenths = new int[groups];
        algorithm = new Text[groups];
        methodology = new Text[groups];
        notes = new Text[groups];
        estimated = new long[groups];
        median = new long[groups];
        p10 = new long[groups];
        p90 = new long[groups];
        count = new Text[groups];
        withPercent = new boolean[groups];
        withAllowed = new boolean[groups];
        withAlgorithm = new boolean[groups];
        badKind = new int[groups];
        bad = new Text[groups];
    }

    /** Whether entry {@code i} has a percentage cell: a percentage rate, or a dollar derived from one. */
    boolean hasPercent(int i) {
        return kind[i] == PERCENT || withPercent[i];
    }

    /** Whether entry {@code i} has an algorithm cell: an algorithm rate, or a dollar worked out with one. */
    boolean hasAlgorithm(int i) {
        return kind[i] == ALGORITHM || withAlgorithm[i];
    }

    /** Whether entry {@code i} has allowed amounts and a count (3.0): every percentage or algorithm rate, some dollars. */
    boolean hasAllowed(int i) {
        return kind[i] != DOLLAR || withAllowed[i];
    }

    /** Canonical rows this item yields in every layout: one per payer entry, or one when it has none. */
    int canonicalRows() {
        return Math.max(1, payerCount);
    }
}
