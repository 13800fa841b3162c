package org.glimmr.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The payer × plan groups of one synthetic hospital, in a fixed order (the wide file's column-group order), each
 * with a rate level relative to the base rate (commercial above Medicare, Medicaid below) and its names pre-encoded.
 * Half the payers are written as many real files write them, in capitals with the hospital's payer id in brackets
 * ({@code AETNA [1001]}), their plans with the hospital's prefix ({@code HB AETNA PPO}).
 */
final class PayerPanel {
    /** One payer × plan. Names are unique case-insensitively (wide headers are matched lower-cased). */
    record Group(String payer, String plan, double rateFactor, byte[] payerCsv, byte[] planCsv, byte[] payerJson,
                 byte[] planJson) {}

    private final List<Group> groups;

    PayerPanel(int payers, int plansPerPayer, String state, SplittableRandom random) {
        List<Catalog.Payer> pool = new ArrayList<>();
        pool.add(new Catalog.Payer("Blue Cross Blue Shield of " + Catalog.STATE_NAMES.get(state),
                Catalog.PayerFamily.BLUES));
        List<Catalog.Payer> rest = new ArrayList<>(Catalog.PAYERS);
        for (int i = rest.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Catalog.Payer t = rest.get(i);
            rest.set(i, rest.get(j));
            rest.set(j, t);
        }
        pool.addAll(rest);

        Set<String> seen = new HashSet<>();
        List<Group> list = new ArrayList<>(payers * plansPerPayer);
        for (int p = 0; p < payers; p++) {
            Catalog.Payer base = pool.get(p % pool.size());
            int round = p / pool.size();
            String name = base.name();
            if (round > 0) {
                int region = round - 1;
                name = name + " - " + Catalog.REGIONS.get(region % Catalog.REGIONS.size())
                        + (region >= Catalog.REGIONS.size() ? " " + (region / Catalog.REGIONS.size() + 1) : "");
            }
            boolean house = random.nextBoolean();
            if (house) {
                name = name.toUpperCase(Locale.ROOT) + " [" + (1001 + p) + "]";
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("duplicate payer name " + name);
            }
            double low;
            double high;
            switch (base.family()) {
                case COMMERCIAL -> {
                    low = 1.5;
                    high = 2.8;
                }
                case BLUES -> {
                    low = 1.3;
                    high = 2.4;
                }
                case MEDICARE_ADVANTAGE -> {
                    low = 0.95;
                    high = 1.15;
                }
                default -> {
                    low = 0.65;
                    high = 0.95;
                }
            }
            List<String> plans = base.family().plans;
            for (int k = 0; k < plansPerPayer; k++) {
                String plan = plans.get(k % plans.size()) + (k >= plans.size() ? " " + (k / plans.size() + 1) : "");
                if (house) {
                    plan = "HB " + base.name().split(" ")[0].toUpperCase(Locale.ROOT) + " " + plan.toUpperCase(Locale.ROOT);
                }
                double factor = low + (high - low) * random.nextDouble();
                list.add(new Group(name, plan, factor, Bytes.encodeCsv(name), Bytes.encodeCsv(plan),
                        Bytes.encodeJson(name), Bytes.encodeJson(plan)));
            }
        }
        this.groups = List.copyOf(list);
    }

    int size() {
        return groups.size();
    }

    Group get(int index) {
        return groups.get(index);
    }

    List<Group> groups() {
        return groups;
    }
}
