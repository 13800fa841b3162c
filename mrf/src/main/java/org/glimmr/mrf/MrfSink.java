package org.glimmr.mrf;

/**
 * Where a parser puts what it reads. Called on the parsing thread, in file order. Implementations in the Spark job
 * turn these into table rows; tests collect them.
 */
public interface MrfSink {
    void row(ChargeRow row);

    void rejected(RejectedRow rejected);

    void finding(Finding finding);
}
