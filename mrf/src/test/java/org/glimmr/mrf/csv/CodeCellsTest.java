package org.glimmr.mrf.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeCellsTest {
    @Test
    void sameShapedCodesAreSplit() {
        assertThat(CodeCells.split("H2036/H0018")).containsExactly("H2036", "H0018");
        assertThat(CodeCells.split("A|B")).containsExactly("A", "B");
        assertThat(CodeCells.split("X; Y")).containsExactly("X", "Y");
        assertThat(CodeCells.split("99213, 99214, 99215")).containsExactly("99213", "99214", "99215");
        assertThat(CodeCells.split("S72.001A/S72.002A")).containsExactly("S72.001A", "S72.002A");
    }

    @Test
    void anythingElseStaysWhole() {
        assertThat(CodeCells.split("0128")).containsExactly("0128");
        assertThat(CodeCells.split("99213/G0463")).containsExactly("99213/G0463");
        assertThat(CodeCells.split("ABC/123")).containsExactly("ABC/123");
        assertThat(CodeCells.split("12345-6789-01")).containsExactly("12345-6789-01");
        assertThat(CodeCells.split("A/")).containsExactly("A/");
        assertThat(CodeCells.split("see note / 2")).containsExactly("see note / 2");
    }
}
