package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

/** One billing code of an item: the code as published (leading zeros kept) and its type, upper-cased ({@code CPT}, {@code RC}, …). */
public record Code(String code, String type) implements java.io.Serializable {
    public Code {
        requireNonNull(code, "code is null");
        requireNonNull(type, "type is null");
    }
}
