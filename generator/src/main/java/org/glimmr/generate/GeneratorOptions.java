package org.glimmr.generate;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.glimmr.mrf.Layout;

/**
 * What {@link MrfGenerator} writes. The same options always give the same bytes.
 *
 * @param layout          {@link Layout#JSON}, {@link Layout#CSV_TALL} or {@link Layout#CSV_WIDE}
 * @param templateVersion {@code 2.0.0} (the v2.x templates, checked by the v2.2 rules) or {@code 3.0.0}
 * @param seed            seed of every random choice
 * @param targetBytes     the generator stops at the first item boundary at or after this many bytes (uncompressed),
 *                        then closes the document; at least one item is always written
 * @param payers          how many payers (1–{@value #MAX_PAYERS})
 * @param plansPerPayer   plans of each payer (1–{@value #MAX_PLANS}); payers × plans is the number of wide column
 *                        groups, at most {@value #MAX_GROUPS}
 * @param hospitalName    the hospital's name, also its location name
 * @param state           two-letter state code: the license state and the address's state
 * @param dirtyRate       fraction (0–1) of negotiated-dollar values written deliberately bad ({@code N/A},
 *                        {@code $1,234.00}, {@code abc}, …) to exercise ingest; 0 gives a file valid per the CMS rules
 */
public record GeneratorOptions(
        Layout layout,
        String templateVersion,
        long seed,
        long targetBytes,
        int payers,
        int plansPerPayer,
        String hospitalName,
        String state,
        double dirtyRate) {
    public static final Set<String> TEMPLATE_VERSIONS = Set.of("2.0.0", "3.0.0");
    public static final int MAX_PAYERS = 5_000;
    public static final int MAX_PLANS = 100;
    public static final int MAX_GROUPS = 20_000;
    public static final long DEFAULT_SEED = 42;
    public static final long DEFAULT_TARGET_BYTES = 1L << 20;
    public static final int DEFAULT_PAYERS = 12;
    public static final int DEFAULT_PLANS_PER_PAYER = 3;
    public static final String DEFAULT_HOSPITAL_NAME = "Synthetic Valley General Hospital";
    public static final String DEFAULT_STATE = "CA";

    public GeneratorOptions {
        requireNonNull(layout, "layout is null");
        if (layout == Layout.UNKNOWN) {
            throw new IllegalArgumentException("layout must be JSON, CSV_TALL or CSV_WIDE, got UNKNOWN");
        }
        requireNonNull(templateVersion, "templateVersion is null");
        if (!TEMPLATE_VERSIONS.contains(templateVersion)) {
            throw new IllegalArgumentException("templateVersion must be 2.0.0 or 3.0.0, got '" + templateVersion + "'");
        }
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be positive, got " + targetBytes);
        }
        if (payers < 1 || payers > MAX_PAYERS) {
            throw new IllegalArgumentException("payers must be 1 to " + MAX_PAYERS + ", got " + payers);
        }
        if (plansPerPayer < 1 || plansPerPayer > MAX_PLANS) {
            throw new IllegalArgumentException("plansPerPayer must be 1 to " + MAX_PLANS + ", got " + plansPerPayer);
        }
        if ((long) payers * plansPerPayer > MAX_GROUPS) {
            throw new IllegalArgumentException("payers × plansPerPayer must be at most " + MAX_GROUPS + ", got "
                    + payers + " × " + plansPerPayer);
        }
        requireNonNull(hospitalName, "hospitalName is null");
        if (hospitalName.isBlank() || hospitalName.contains("|") || hospitalName.contains("\n")
                || hospitalName.contains("\r")) {
            throw new IllegalArgumentException("hospitalName must be a non-blank single line without '|' (it is also"
                    + " the location name, and '|' separates locations), got '" + hospitalName + "'");
        }
        requireNonNull(state, "state is null");
        if (!Catalog.STATE_NAMES.containsKey(state)) {
            throw new IllegalArgumentException("state must be a two-letter US state code such as CA, got '" + state + "'");
        }
        if (!(dirtyRate >= 0 && dirtyRate <= 1)) {
            throw new IllegalArgumentException("dirtyRate must be between 0 and 1, got " + dirtyRate);
        }
    }

    /** Defaults: seed 42, 1 MiB, 12 payers × 3 plans, a synthetic California hospital, clean values. */
    public static GeneratorOptions defaults(Layout layout, String templateVersion) {
        return new GeneratorOptions(layout, templateVersion, DEFAULT_SEED, DEFAULT_TARGET_BYTES, DEFAULT_PAYERS,
                DEFAULT_PLANS_PER_PAYER, DEFAULT_HOSPITAL_NAME, DEFAULT_STATE, 0);
    }

    public GeneratorOptions withSeed(long newSeed) {
        return new GeneratorOptions(layout, templateVersion, newSeed, targetBytes, payers, plansPerPayer, hospitalName,
                state, dirtyRate);
    }

    public GeneratorOptions withTargetBytes(long newTargetBytes) {
        return new GeneratorOptions(layout, templateVersion, seed, newTargetBytes, payers, plansPerPayer, hospitalName,
                state, dirtyRate);
    }

    public GeneratorOptions withPayers(int newPayers, int newPlansPerPayer) {
        return new GeneratorOptions(layout, templateVersion, seed, targetBytes, newPayers, newPlansPerPayer,
                hospitalName, state, dirtyRate);
    }

    public GeneratorOptions withHospital(String newHospitalName, String newState) {
        return new GeneratorOptions(layout, templateVersion, seed, targetBytes, payers, plansPerPayer, newHospitalName,
                newState, dirtyRate);
    }

    public GeneratorOptions withDirtyRate(double newDirtyRate) {
        return new GeneratorOptions(layout, templateVersion, seed, targetBytes, payers, plansPerPayer, hospitalName,
                state, newDirtyRate);
    }

    /** Number of payer × plan groups (wide column groups). */
    public int payerPlanGroups() {
        return payers * plansPerPayer;
    }

    public boolean isV3() {
        return templateVersion.equals("3.0.0");
    }
}
