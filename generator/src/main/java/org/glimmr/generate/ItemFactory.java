package org.glimmr.generate;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.glimmr.generate.Catalog.Kind;

/**
 * Fills {@link Item}s with content shaped like real hospitals' files (measured on the two whole real files in
 * {@code ../shared/real-mrf}, see docs/benchmarks.md): a service (from the catalog or composed from the word lists,
 * often with a qualifier), 1–4 codes of real shapes (most items 3: chargemaster, CPT/HCPCS, revenue code), setting,
 * drug unit/type for NDC items, gross and cash, notes on a fifth of the items, and rates for a heavy-tailed number of
 * the panel's payer × plan groups (a quarter of the items none, most a handful, some dozens): mostly dollars, many of
 * them with the percentage they derive from and allowed amounts, some percentages of billed charges, some algorithms
 * written out over hundreds of characters, a third with payer notes. The random draws do not depend on layout or
 * version.
 */
final class ItemFactory {
    private final SplittableRandom random;
    private final PayerPanel panel;
    private final double dirtyRate;
    private final List<Text> services;
    private final Text inpatient = Text.of("inpatient");
    private final Text outpatient = Text.of("outpatient");
    private final Text both = Text.of("both");
    private final Text facility = Text.of("facility");
    private final Text professional = Text.of("professional");
    private final Text feeSchedule = Text.of("fee schedule");
    private final Text caseRate = Text.of("case rate");
    private final Text perDiem = Text.of("per diem");
    private final Text percentOfCharges = Text.of("percent of total billed charges");
    private final Text other = Text.of("other");
    private final Text oneThroughTen = Text.of("1 through 10");
    private final Text zero = Text.of("0");
    private final Text[] algorithms;
    private final Text[] genericNotes = array(Catalog.GENERIC_NOTES);
    private final Text[] otherNotes = array(Catalog.OTHER_NOTES);
    private final Text[] countZeroNotes = array(Catalog.COUNT_ZERO_NOTES);
    private final Text[] dollarNotes = array(Catalog.DOLLAR_NOTES);
    private final Text[] placeholders = array(Catalog.PLACEHOLDERS);
    private final Text[] unreadable = array(Catalog.UNREADABLE);
    private final Text[] counts;
    private final StringBuilder sb = new StringBuilder(128);

    ItemFactory(SplittableRandom random, PayerPanel panel, double dirtyRate) {
        this.random = random;
        this.panel = panel;
        this.dirtyRate = dirtyRate;
        this.services = Catalog.SERVICES.stream().map(s -> Text.of(s.description())).toList();
        this.algorithms = algorithms(random);
        // counts of allowed amounts above 10, pre-encoded; index = count
        this.counts = new Text[2000];
        for (int i = 11; i < counts.length; i++) {
            counts[i] = Text.of(Integer.toString(i));
        }
    }

    /**
     * The algorithm texts of one file: the short catalog ones and as many again joined from 3 to 9 of the long clauses
     * (a file repeats few distinct formulas, as real ones do), from about 200 to 1,200 characters.
     */
    private static Text[] algorithms(SplittableRandom random) {
        List<String> all = new java.util.ArrayList<>(Catalog.ALGORITHMS);
        for (int i = 0; i < Catalog.ALGORITHMS.size(); i++) {
            int clauses = 3 + random.nextInt(7);
            int start = random.nextInt(Catalog.ALGORITHM_CLAUSES.size());
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < clauses; c++) {
                if (c > 0) {
                    b.append(' ');
                }
                b.append(Catalog.ALGORITHM_CLAUSES.get((start + c) % Catalog.ALGORITHM_CLAUSES.size()));
            }
            all.add(b.toString());
        }
        return array(all);
    }

    void next(Item item) {
        item.codeCount = 0;
        item.modifiers = "";
        item.drugUnit = "";
        item.drugType = "";
        Kind kind = chooseService(item);
        if (random.nextInt(100) < 45) {
            item.description = Text.of(item.description.value() + pick(Catalog.DESCRIPTION_SUFFIXES));
        }
        item.genericNotes = random.nextInt(100) < 20 ? pick(genericNotes) : null;
        item.setting = setting(kind, item.codeTypes[0]);
        item.billingClass = kind == Kind.VISIT && random.nextInt(100) < 40 ? professional
                : random.nextInt(100) < 90 ? facility : both;

        long base = kind.lowCents + (long) ((kind.highCents - kind.lowCents) * square(random.nextDouble()));
        boolean drg = kind == Kind.DRG;
        item.gross = drg && random.nextInt(100) < 35 ? -1 : Math.max(1, (long) (base * (2.2 + 3.3 * random.nextDouble())));
        if (item.gross > 0) {
            item.cash = random.nextInt(100) < 92 ? Math.max(1, (long) (item.gross * (0.45 + 0.35 * random.nextDouble()))) : -1;
        } else {
            item.cash = random.nextInt(100) < 20 ? (long) (base * 1.2) : -1;
        }
        // how many payer x plan groups have a rate: none for a quarter of the items, else heavy-tailed around a
        // dozen (real files: most items a handful, some dozens), as a share of the panel
        double fill = random.nextInt(100) < 25 ? 0
                : Math.min(1, (1 + -Math.log(1 - random.nextDouble()) * 11) / panel.size());
        long billed = item.gross > 0 ? item.gross : base * 3;

        int n = 0;
        long min = Long.MAX_VALUE;
        long max = -1;
        for (int g = 0; g < panel.size(); g++) {
            // one draw decides inclusion (top 24 bits) and carries the entry's small rolls (low 40 bits)
            long bits = random.nextLong();
            if ((bits >>> 40) * 0x1.0p-24 >= fill) {
                continue;
            }
            item.group[n] = g;
            item.notes[n] = null;
            item.algorithm[n] = null;
            item.badKind[n] = Item.CLEAN;
            item.bad[n] = null;
            item.withPercent[n] = false;
            item.withAllowed[n] = false;
            item.withAlgorithm[n] = false;
            int roll = percent(bits);
            if (roll < 85) {
                item.kind[n] = Item.DOLLAR;
                long dollar = Math.max(1, (long) (base * panel.get(g).rateFactor() * (0.9 + 0.2 * random.nextDouble())));
                item.dollar[n] = dollar;
                min = Math.min(min, dollar);
                max = Math.max(max, dollar);
                item.methodology[n] = dollarMethodology(kind, percent(bits >>> 16));
                if ((((bits >>> 32) & 0xFF) * 100 >>> 8) < 20) {
                    item.notes[n] = pick(dollarNotes);
                }
                int shape = random.nextInt(100);
                if (shape < 40) {
                    // a dollar derived from a percentage of billed charges, with both written (and, 3.0, the
                    // allowed amounts a percentage asks for)
                    item.withPercent[n] = true;
                    item.withAllowed[n] = true;
                    item.percentTenths[n] = (int) Math.max(1, Math.min(9990, dollar * 1000 / billed));
                    item.methodology[n] = percentOfCharges;
                } else if (shape < 70) {
                    item.withAllowed[n] = true;
                } else if (shape < 80) {
                    // the formula the dollar comes from, spelt out (3.0: with the allowed amounts an algorithm asks for)
                    item.withAlgorithm[n] = true;
                    item.withAllowed[n] = true;
                    item.algorithm[n] = pick(algorithms);
                }
                if (item.withAllowed[n]) {
                    long median = Math.max(1, (long) (dollar * (0.9 + 0.2 * random.nextDouble())));
                    item.median[n] = median;
                    item.p10[n] = Math.max(1, (long) (median * (0.55 + 0.35 * random.nextDouble())));
                    item.p90[n] = Math.max(median, (long) (median * (1.1 + 0.6 * random.nextDouble())));
                    int countRoll = random.nextInt(100);
                    item.count[n] = countRoll < 40 ? oneThroughTen : counts[11 + random.nextInt(counts.length - 11)];
                }
                if (dirtyRate > 0 && random.nextDouble() < dirtyRate) {
                    makeBad(item, n, dollar);
                }
            } else {
                if (roll < 93) {
                    item.kind[n] = Item.PERCENT;
                    int tenths = 250 + random.nextInt(700);
                    item.percentTenths[n] = random.nextInt(100) < 60 ? tenths - tenths % 10 : tenths;
                    item.methodology[n] = percentOfCharges;
                } else {
                    item.kind[n] = Item.ALGORITHM;
                    item.algorithm[n] = pick(algorithms);
                    boolean isOther = random.nextInt(100) < (drg ? 40 : 60);
                    item.methodology[n] = isOther ? other : caseRate;
                    if (isOther) {
                        item.notes[n] = pick(otherNotes);
                    }
                }
                int pct = item.kind[n] == Item.PERCENT ? item.percentTenths[n] : 400 + random.nextInt(500);
                long estimated = Math.max(1, billed * pct / 1000);
                item.estimated[n] = estimated;
                long median = Math.max(1, (long) (estimated * (0.9 + 0.2 * random.nextDouble())));
                long p10 = Math.max(1, (long) (median * (0.55 + 0.35 * random.nextDouble())));
                long p90 = Math.max(median, (long) (median * (1.1 + 0.6 * random.nextDouble())));
                int countRoll = random.nextInt(100);
                if (countRoll < 88) {
                    item.count[n] = countRoll < 40 ? oneThroughTen : counts[11 + random.nextInt(counts.length - 11)];
                    item.median[n] = median;
                    item.p10[n] = p10;
                    item.p90[n] = p90;
                } else {
                    item.count[n] = zero;
                    item.median[n] = -1;
                    item.p10[n] = -1;
                    item.p90[n] = -1;
                    Text note = pick(countZeroNotes);
                    item.notes[n] = item.notes[n] == null ? note : Text.of(item.notes[n].value() + " " + note.value());
                }
            }
            n++;
        }
        item.payerCount = n;
        if (n == 0 && item.gross < 0 && item.cash < 0) {
            item.gross = billed; // an item needs a standard charge
        }
        item.min = max < 0 ? -1 : min;
        item.max = max;
    }

    private void makeBad(Item item, int n, long dollar) {
        switch (random.nextInt(3)) {
            case 0 -> {
                item.badKind[n] = Item.PLACEHOLDER;
                item.bad[n] = pick(placeholders);
            }
            case 1 -> {
                item.badKind[n] = Item.FORMATTED;
                // below $1,000 there is no thousands separator, so the dollar sign is what makes it formatted
                item.bad[n] = Text.of((dollar < 100_000 || random.nextBoolean() ? "$" : "") + Bytes.grouped(dollar));
            }
            default -> {
                item.badKind[n] = Item.UNREADABLE;
                item.bad[n] = pick(unreadable);
            }
        }
    }

    /** A roll 0–99 from the low 16 bits. */
    private static int percent(long bits) {
        return (int) (((bits & 0xFFFF) * 100) >>> 16);
    }

    private Text dollarMethodology(Kind kind, int r) {
        return switch (kind) {
            case DRG -> r < 90 ? caseRate : perDiem;
            case ROOM -> r < 85 ? perDiem : feeSchedule;
            case SURGERY -> r < 45 ? caseRate : feeSchedule;
            default -> r < 97 ? feeSchedule : caseRate;
        };
    }

    private Text setting(Kind kind, String primaryType) {
        int r = random.nextInt(100);
        return switch (kind) {
            case DRG -> inpatient;
            case ROOM -> primaryType.equals("HCPCS") ? outpatient : inpatient;
            case SURGERY -> r < 50 ? outpatient : r < 80 ? inpatient : both;
            case DRUG, SUPPLY -> r < 70 ? both : r < 90 ? outpatient : inpatient;
            default -> r < 75 ? outpatient : r < 95 ? both : inpatient;
        };
    }

    /** Chooses the service, writes description and codes, and returns its kind. */
    private Kind chooseService(Item item) {
        int r = random.nextInt(100);
        if (r < 50) {
            int index = random.nextInt(Catalog.SERVICES.size());
            Catalog.Service s = Catalog.SERVICES.get(index);
            item.description = services.get(index);
            addCode(item, s.code(), s.type());
            if (s.revenueCode() != null && random.nextInt(100) < 85) {
                addCode(item, s.revenueCode(), "RC");
            }
            addChargemasterCode(item, s.kind() == Kind.DRG ? 60 : 85);
            maybeModifiers(item, s.kind(), s.type());
            return s.kind();
        }
        if (r < 64) {
            return composedCpt(item);
        }
        if (r < 72) {
            sb.setLength(0);
            sb.append("Injection, ").append(pick(Catalog.DRUGS)).append(", ").append(pick(Catalog.STRENGTHS));
            item.description = Text.of(sb.toString());
            addCode(item, "J" + digits(4, 0), "HCPCS");
            addCode(item, pick(Catalog.REVENUE_CODES.get(Kind.DRUG)), "RC");
            addChargemasterCode(item, 80);
            return Kind.DRUG;
        }
        if (r < 82) {
            return ndcDrug(item);
        }
        if (r < 89) {
            sb.setLength(0);
            sb.append(pick(Catalog.CONDITIONS)).append(' ').append(pick(Catalog.SEVERITIES));
            item.description = Text.of(sb.toString());
            addCode(item, digits(3, 1), random.nextInt(100) < 80 ? "MS-DRG" : "APR-DRG");
            addChargemasterCode(item, 60);
            return Kind.DRG;
        }
        if (r < 96) {
            sb.setLength(0);
            sb.append(pick(Catalog.SUPPLIES));
            if (random.nextBoolean()) {
                sb.append(", ").append(pick(Catalog.REGIONS).toLowerCase(Locale.ROOT)).append(" stock");
            }
            item.description = Text.of(sb.toString());
            if (random.nextInt(100) < 50) {
                addCode(item, "SUP" + digits(6, 0), "LOCAL");
            } else {
                addCode(item, digits(8, 1), "CDM");
                if (random.nextBoolean()) {
                    addCode(item, pick(Catalog.REVENUE_CODES.get(Kind.SUPPLY)), "RC");
                }
            }
            if (random.nextInt(100) < 30) {
                addCode(item, "L" + digits(4, 0), "HCPCS");
            }
            return Kind.SUPPLY;
        }
        // a revenue-code-only line, like a room rate
        sb.setLength(0);
        sb.append("Room and board, ").append(random.nextBoolean() ? "semi-private, " : "private, ")
                .append(pick(List.of("medical/surgical", "telemetry", "pediatric", "obstetrics", "oncology", "psychiatric")));
        item.description = Text.of(sb.toString());
        addCode(item, "01" + digits(1, 1) + "0", "RC");
        addChargemasterCode(item, 80);
        return Kind.ROOM;
    }

    private Kind composedCpt(Item item) {
        sb.setLength(0);
        Kind kind;
        String code;
        int r = random.nextInt(10);
        if (r < 3) {
            kind = Kind.IMAGING;
            sb.append(pick(Catalog.IMAGING_MODALITIES)).append(' ').append(pick(Catalog.BODY_PARTS)).append(", ")
                    .append(pick(Catalog.IMAGING_QUALIFIERS));
            code = Integer.toString(70010 + random.nextInt(9990));
        } else if (r < 7) {
            kind = random.nextInt(4) == 0 ? Kind.SURGERY : Kind.PROCEDURE;
            sb.append(pick(Catalog.PROCEDURES)).append(' ').append(pick(Catalog.BODY_PARTS)).append(", ")
                    .append(pick(Catalog.PROCEDURE_QUALIFIERS));
            code = Integer.toString(10021 + random.nextInt(59970));
        } else {
            kind = Kind.LAB;
            sb.append("Assay of ").append(pick(Catalog.ANALYTES));
            code = Integer.toString(80047 + random.nextInt(9350));
        }
        String description = sb.toString();
        item.description = Text.of(Character.toUpperCase(description.charAt(0)) + description.substring(1));
        addCode(item, code, "CPT");
        if (random.nextInt(100) < 80) {
            addCode(item, pick(Catalog.REVENUE_CODES.get(kind == Kind.SURGERY ? Kind.SURGERY : kind)), "RC");
        }
        addChargemasterCode(item, 85);
        maybeModifiers(item, kind, "CPT");
        return kind;
    }

    private Kind ndcDrug(Item item) {
        sb.setLength(0);
        String drug = pick(Catalog.DRUGS);
        sb.append(Character.toUpperCase(drug.charAt(0))).append(drug, 1, drug.length()).append(' ')
                .append(pick(Catalog.STRENGTHS)).append(' ').append(pick(Catalog.FORMS));
        item.description = Text.of(sb.toString());
        addCode(item, digits(5, 0) + "-" + digits(4, 0) + "-" + digits(2, 0), "NDC");
        if (random.nextInt(100) < 40) {
            addCode(item, "J" + digits(4, 0), "HCPCS");
        }
        addChargemasterCode(item, 70);
        String type = pick(Catalog.DRUG_TYPES);
        item.drugType = type;
        item.drugUnit = switch (type) {
            case "UN" -> pick(List.of("1", "2", "10", "30"));
            case "ML" -> pick(List.of("1", "2", "5", "10", "50", "100", "1000"));
            case "ME" -> pick(List.of("0.5", "1", "4", "10", "250"));
            case "F2" -> pick(List.of("1000", "5000"));
            case "EA" -> "1";
            default -> pick(List.of("1", "2", "0.25"));
        };
        return Kind.DRUG;
    }

    private void maybeModifiers(Item item, Kind kind, String type) {
        if (type.equals("CPT") && (kind == Kind.IMAGING || kind == Kind.PROCEDURE || kind == Kind.SURGERY)
                && random.nextInt(100) < 8) {
            item.modifiers = pick(Catalog.MODIFIERS);
        }
    }

    private void addChargemasterCode(Item item, int percent) {
        if (item.codeCount < Item.MAX_CODES && random.nextInt(100) < percent) {
            if (random.nextInt(100) < 70) {
                addCode(item, digits(8, 1), "CDM");
            } else {
                addCode(item, digits(6, 1), "LOCAL");
            }
        }
    }

    private void addCode(Item item, String code, String type) {
        if (item.codeCount < Item.MAX_CODES) {
            item.codes[item.codeCount] = code;
            item.codeTypes[item.codeCount] = type;
            item.codeCount++;
        }
    }

    /** {@code n} random digits; the first at least {@code firstMin}. */
    private String digits(int n, int firstMin) {
        char[] c = new char[n];
        c[0] = (char) ('0' + firstMin + random.nextInt(10 - firstMin));
        for (int i = 1; i < n; i++) {
            c[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(c);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private Text pick(Text[] texts) {
        return texts[random.nextInt(texts.length)];
    }

    private static Text[] array(List<String> values) {
        return Text.all(values).toArray(new Text[0]);
    }

    private static double square(double x) {
        return x * x;
    }
}
