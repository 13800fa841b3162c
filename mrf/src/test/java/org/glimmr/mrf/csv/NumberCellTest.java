package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberCellTest {
    /** Reads {@code text} as the one cell of a CSV record, through the tokenizer's byte path. */
    private static NumberCell read(String csvCell) throws IOException {
        CsvTokenizer t = new CsvTokenizer(new ByteArrayInputStream((csvCell + "\n").getBytes(StandardCharsets.UTF_8)), 1, 0);
        assertThat(t.next()).isTrue();
        NumberCell cell = new NumberCell();
        cell.read(t, 0);
        return cell;
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "1234.50;1234.50", "5000.0;5000.0", ".5;0.5", "5.;5", "0128;128", " 42 ;42",
            "\"  99.99 \";99.99", "123456789012345678901234.5;123456789012345678901234.5", "0;0"})
    void plainDigitsAreReadExactlyAsWritten(String cell, String expected) throws IOException {
        NumberCell n = read(cell);

        assertThat(n.status()).isEqualTo(NumberCell.Status.OK);
        assertThat(n.value()).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void scaleIsKept() throws IOException {
        assertThat(read("5000.0").value().scale()).isEqualTo(1);
        assertThat(read("20000.00").value().toPlainString()).isEqualTo("20000.00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "\"$1,234.00\";1234.00", "\"1,234.50\";1234.50", "70.5%;70.5", "$ 12;12", "-5;-5", "(7.25);-7.25",
            "$-3.10;-3.10", "1.5E3;1.5E3", "\"$1,234,567\";1234567"})
    void formattedNumbersAreReadLeniently(String cell, String expected) throws IOException {
        NumberCell n = read(cell);

        assertThat(n.status()).isEqualTo(NumberCell.Status.LENIENT);
        assertThat(n.value()).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"N/A", "na", "n/a", "-", "NULL", "None"})
    void placeholdersMeanNoValue(String cell) throws IOException {
        NumberCell n = read(cell);

        assertThat(n.status()).isEqualTo(NumberCell.Status.PLACEHOLDER);
        assertThat(n.value()).isNull();
        assertThat(n.present()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"abc", "12.3.4", "\"1,2,3\"", "\"12,5\"", "$", "1 000", "5 dollars", "."})
    void otherTextIsBad(String cell) throws IOException {
        NumberCell n = read(cell);

        assertThat(n.status()).isEqualTo(NumberCell.Status.BAD);
        assertThat(n.value()).isNull();
        assertThat(n.present()).isTrue();
    }

    @Test
    void blankIsBlank() throws IOException {
        assertThat(read("\"  \"").status()).isEqualTo(NumberCell.Status.BLANK);
        assertThat(read(" ").status()).isEqualTo(NumberCell.Status.BLANK);
    }
}
