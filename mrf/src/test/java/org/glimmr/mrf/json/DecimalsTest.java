package org.glimmr.mrf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-3", "5000.0", "1234.50", "0.000001", "-0.0", "999999999", "123456789012345678",
        "1234567890123456789", "12345678901234567890.123", "1e5", "1.5E-3", "-2.50e+2"})
    void buildsTheSameDecimalAsTheTextConstructor(String text) {
        char[] padded = ("[" + text + ",").toCharArray();
        BigDecimal expected = new BigDecimal(text);

        BigDecimal actual = Decimals.of(padded, 1, text.length());

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.scale()).isEqualTo(expected.scale());
    }
}
