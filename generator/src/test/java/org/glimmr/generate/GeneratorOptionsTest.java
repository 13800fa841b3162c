package org.glimmr.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.glimmr.mrf.Layout;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
    @Test
    void defaults() {
        GeneratorOptions options = GeneratorOptions.defaults(Layout.CSV_WIDE, "3.0.0");
        assertThat(options.layout()).isEqualTo(Layout.CSV_WIDE);
        assertThat(options.templateVersion()).isEqualTo("3.0.0");
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.targetBytes()).isEqualTo(1L << 20);
        assertThat(options.payers()).isEqualTo(12);
        assertThat(options.plansPerPayer()).isEqualTo(3);
        assertThat(options.payerPlanGroups()).isEqualTo(36);
        assertThat(options.hospitalName()).isEqualTo("Synthetic Valley General Hospital");
        assertThat(options.state()).isEqualTo("CA");
        assertThat(options.dirtyRate()).isZero();
        assertThat(options.isV3()).isTrue();
    }

    @Test
    void explicitValues() {
        GeneratorOptions options = GeneratorOptions.defaults(Layout.JSON, "2.0.0").withSeed(7).withTargetBytes(5000)
                .withPayers(60, 10).withHospital("Elm Hospital", "TX").withDirtyRate(0.25);
        assertThat(options).isEqualTo(new GeneratorOptions(Layout.JSON, "2.0.0", 7, 5000, 60, 10, "Elm Hospital",
                "TX", 0.25));
        assertThat(options.payerPlanGroups()).isEqualTo(600);
        assertThat(options.isV3()).isFalse();
    }

    @Test
    void rejectsBadValuesSayingWhich() {
        GeneratorOptions ok = GeneratorOptions.defaults(Layout.CSV_TALL, "2.0.0");
        assertThatThrownBy(() -> GeneratorOptions.defaults(Layout.UNKNOWN, "2.0.0"))
                .hasMessageContaining("UNKNOWN");
        assertThatThrownBy(() -> GeneratorOptions.defaults(Layout.JSON, "2.2.0")).hasMessageContaining("'2.2.0'");
        assertThatThrownBy(() -> ok.withTargetBytes(0)).hasMessageContaining("targetBytes").hasMessageContaining("0");
        assertThatThrownBy(() -> ok.withPayers(0, 3)).hasMessageContaining("payers");
        assertThatThrownBy(() -> ok.withPayers(3, 0)).hasMessageContaining("plansPerPayer");
        assertThatThrownBy(() -> ok.withPayers(5000, 100)).hasMessageContaining("5000 × 100");
        assertThatThrownBy(() -> ok.withHospital(" ", "CA")).hasMessageContaining("hospitalName");
        assertThatThrownBy(() -> ok.withHospital("A|B", "CA")).hasMessageContaining("'A|B'");
        assertThatThrownBy(() -> ok.withHospital("H", "ZZ")).hasMessageContaining("'ZZ'");
        assertThatThrownBy(() -> ok.withDirtyRate(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ok.withDirtyRate(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new GeneratorOptions(null, "2.0.0", 1, 1, 1, 1, "H", "CA", 0))
                .isInstanceOf(NullPointerException.class).hasMessage("layout is null");
    }
}
