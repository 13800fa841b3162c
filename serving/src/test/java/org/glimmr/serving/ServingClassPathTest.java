package org.glimmr.serving;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The API reads PostgreSQL only: Spark must never reach its class path (DESIGN.md, "who may touch what"). */
class ServingClassPathTest {
    @Test
    void sparkIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.delta.tables.DeltaTable"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
