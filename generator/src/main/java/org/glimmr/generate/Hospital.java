package org.glimmr.generate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The general data elements of a synthetic hospital: one location named after the hospital, a made-up address in
 * the chosen state, a license number, one or two type-2 NPIs with a valid check digit, an attester and a date in the
 * version's period (2.x: 2025, 3.0: 2026). All drawn from the seed, never from the clock.
 */
record Hospital(String name, String address, String state, String licenseNumber, List<String> npis, String attester,
                int year, int month, int day) {
    Hospital {
        requireNonNull(name, "name is null");
        requireNonNull(address, "address is null");
        requireNonNull(state, "state is null");
        requireNonNull(licenseNumber, "licenseNumber is null");
        npis = List.copyOf(npis);
        requireNonNull(attester, "attester is null");
        // a real calendar date: day at most 28 keeps every month valid
        if (month < 1 || month > 12 || day < 1 || day > 28) {
            throw new IllegalArgumentException("bad date " + year + "-" + month + "-" + day);
        }
    }

    static Hospital of(GeneratorOptions options, SplittableRandom random) {
        String street = (100 + random.nextInt(9800)) + " " + Catalog.STREETS.get(random.nextInt(Catalog.STREETS.size()));
        String city = Catalog.CITIES.get(random.nextInt(Catalog.CITIES.size()));
        String zip = String.valueOf(10000 + random.nextInt(89999));
        String address = street + ", " + city + ", " + options.state() + " " + zip;
        String license = String.valueOf(10000 + random.nextInt(9_989_999));
        int npiCount = 1 + random.nextInt(2);
        String[] npis = new String[npiCount];
        for (int i = 0; i < npiCount; i++) {
            npis[i] = npi(100_000_000 + random.nextInt(99_999_999));
        }
        String attester = Catalog.FIRST_NAMES.get(random.nextInt(Catalog.FIRST_NAMES.size())) + " "
                + Catalog.LAST_NAMES.get(random.nextInt(Catalog.LAST_NAMES.size()));
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(28);
        return new Hospital(options.hospitalName(), address, options.state(), license, List.of(npis), attester,
                options.isV3() ? 2026 : 2025, month, day);
    }

    /** A 10-digit NPI: 9 digits starting with 1 plus the Luhn check digit computed with the 80840 prefix. */
    static String npi(int nineDigits) {
        String body = Integer.toString(nineDigits);
        int sum = 24; // the constant contribution of the prefix 80840
        for (int i = 0; i < 9; i++) {
            int d = body.charAt(8 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }

    String isoDate() {
        return year + "-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
    }

    /** {@code M/D/YYYY}, the other form CMS accepts in CSV. */
    String usDate() {
        return month + "/" + day + "/" + year;
    }
}
