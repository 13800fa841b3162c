package org.glimmr.mrf;

/**
 * Why a value, a row or a whole file could not be read. Stored by name in {@code silver.rejected_rows.reason}. A
 * reason says what was set aside: a value left out of a row that is kept ({@link #valueOnly()}), a row (or JSON
 * part) whose structure is broken, or a whole file.
 */
public enum RejectReason {
    /**
     * A money, percentage or unit value that is not a number ({@code abc}, {@code Per Diem}, {@code 12.3.4}): left
     * out (null) of its row(s), which keep everything else; the rejected row holds the value and names its column.
     */
    BAD_NUMBER,
    /** An amount too large for the table's decimal type: left out (null) of its row, which is kept. */
    AMOUNT_OUT_OF_RANGE,
    /** A CSV row with more cells than the header has columns (cells would be lost). */
    ROW_TOO_LONG,
    /** A CSV record that cannot be tokenised (unterminated quote at end of file). */
    MALFORMED_RECORD,
    /** A JSON element that is not the shape the template says (e.g. a string where an object belongs). */
    MALFORMED_ELEMENT,
    /** Whole file: not an MRF (an HTML page, an empty file, binary). */
    NOT_AN_MRF,
    /** Whole file: a CMS template with placeholder headers such as {@code [payer_name]}, not real data. */
    TEMPLATE_PLACEHOLDERS,
    /** Whole file: the header rows are missing or unusable, so no row can be interpreted. */
    BAD_HEADER,
    /** Whole file: the JSON or CSV is broken beyond a point; rows before it were kept. */
    TRUNCATED;

    /** True when only a value was set aside and its row kept ({@link #BAD_NUMBER}, {@link #AMOUNT_OUT_OF_RANGE}). */
    public boolean valueOnly() {
        return this == BAD_NUMBER || this == AMOUNT_OUT_OF_RANGE;
    }
}
