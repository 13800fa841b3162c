package org.glimmr.mrf;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The general data elements of a file (CSV rows 1–2, JSON top-level keys), trimmed, with both versions'
 * names folded together ({@code hospital_location} and {@code location_name} are both {@link #locationNames}).
 *
 * @param templateVersion the rule set: {@code 2.0.0} for every v2.x file, {@code 3.0.0} for 3.x
 * @param versionCell     the version as written in the file ({@code 2.0}, {@code 3.0.1}, …), may be empty
 * @param lastUpdatedOn   ISO {@code YYYY-MM-DD} when the cell could be read as a date, else empty
 * @param attestation     the affirmation / attestation value; empty when absent or not true/false
 */
public record FileHeader(
        Layout layout,
        String templateVersion,
        String versionCell,
        String hospitalName,
        Optional<String> lastUpdatedOn,
        List<String> locationNames,
        List<String> addresses,
        Optional<String> licenseNumber,
        Optional<String> licenseState,
        List<String> type2Npis,
        Optional<Boolean> attestation,
        Optional<String> attesterName) {
    public FileHeader {
        requireNonNull(layout, "layout is null");
        requireNonNull(templateVersion, "templateVersion is null");
        requireNonNull(versionCell, "versionCell is null");
        requireNonNull(hospitalName, "hospitalName is null");
        requireNonNull(lastUpdatedOn, "lastUpdatedOn is null");
        locationNames = List.copyOf(locationNames);
        addresses = List.copyOf(addresses);
        requireNonNull(licenseNumber, "licenseNumber is null");
        requireNonNull(licenseState, "licenseState is null");
        type2Npis = List.copyOf(type2Npis);
        requireNonNull(attestation, "attestation is null");
        requireNonNull(attesterName, "attesterName is null");
    }
}
