package org.glimmr.mrf.json;

import static org.glimmr.mrf.json.ElementFindings.CHARGE;
import static org.glimmr.mrf.json.ElementFindings.CODE;
import static org.glimmr.mrf.json.ElementFindings.DRUG;
import static org.glimmr.mrf.json.ElementFindings.ITEM;
import static org.glimmr.mrf.json.ElementFindings.PAYER;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.glimmr.mrf.ChargeRow;
import org.glimmr.mrf.Code;
import org.glimmr.mrf.MrfSink;
import org.glimmr.mrf.PrimaryCode;
import org.glimmr.mrf.RejectReason;
import org.glimmr.mrf.RejectedRow;
import org.glimmr.mrf.Rule;

/**
 * Reads one {@code standard_charge_information} element at a time (its keys in any order, buffered in reusable
 * {@link Slots}, never more than the one element), checks it against the CMS JSON schema of the file's version and
 * emits its canonical rows: one per {@code payers_information} element, or one without payer for a standard charge
 * that has none. An unreadable number is left out of the rows it belongs to and kept as a rejected value
 * (BAD_NUMBER, its path and raw JSON); a part of the wrong shape (an object or array where a single value belongs,
 * or the reverse) breaks the structure and rejects the smallest unit holding it (payer, standard charge or whole
 * element, MALFORMED_ELEMENT) with its raw JSON.
 */
final class ElementReader {
    // item keys
    private static final int I_DESCRIPTION = 0;
    // code keys
    private static final int C_CODE = 0;
    private static final int C_TYPE = 1;
    // drug keys
    private static final int D_UNIT = 0;
    private static final int D_TYPE = 1;
    // standard charge keys
    private static final int S_SETTING = 0;
    private static final int S_MINIMUM = 1;
    private static final int S_MAXIMUM = 2;
    private static final int S_GROSS = 3;
    private static final int S_CASH = 4;
    private static final int S_NOTES = 5;
    private static final int S_BILLING = 6;
    private static final int S_SIZE = 7;
    // payer keys
    private static final int P_PAYER = 0;
    private static final int P_PLAN = 1;
    private static final int P_METHODOLOGY = 2;
    private static final int P_DOLLAR = 3;
    private static final int P_PERCENTAGE = 4;
    private static final int P_ALGORITHM = 5;
    private static final int P_ESTIMATED = 6;
    private static final int P_MEDIAN = 7;
    private static final int P_P10 = 8;
    private static final int P_P90 = 9;
    private static final int P_COUNT = 10;
    private static final int P_NOTES = 11;
    private static final int P_SIZE = 12;

    // keys by id (the ids above; a standard charge's two container keys follow its scalar keys)
    private static final List<String> ITEM_KEYS = List.of("description", "code_information", "drug_information",
            "standard_charges");
    private static final int I_CODES = 1;
    private static final int I_DRUG = 2;
    private static final int I_CHARGES = 3;
    private static final List<String> CODE_KEYS = List.of("code", "type");
    private static final List<String> CHARGE_KEYS = List.of("setting", "minimum", "maximum", "gross_charge",
            "discounted_cash", "additional_generic_notes", "billing_class", "modifier_code", "payers_information");
    private static final int S_MODIFIERS = 7;
    private static final int S_PAYERS = 8;
    private static final List<String> PAYER_KEYS = List.of("payer_name", "plan_name", "methodology",
            "standard_charge_dollar", "standard_charge_percentage", "standard_charge_algorithm", "estimated_amount",
            "median_amount", "10th_percentile", "90th_percentile", "count", "additional_payer_notes");

    /** One standard_charges element. */
    private static final class ChargeBuffer {
        final Slots slots = new Slots(S_SIZE);
        final List<PayerBuffer> payers = new ArrayList<>();
        int payerCount;
        byte payersKind;
        byte modifiersKind;
        final List<String> modifiers = new ArrayList<>();
        String modifierTypeProblem;
        String malformedWhere;
        String malformedRaw;

        void clear() {
            slots.clear();
            payerCount = 0;
            payersKind = Slots.ABSENT;
            modifiersKind = Slots.ABSENT;
            modifiers.clear();
            modifierTypeProblem = null;
            malformedWhere = null;
            malformedRaw = null;
        }
    }

    /** One payers_information element. */
    private static final class PayerBuffer {
        final Slots slots = new Slots(P_SIZE);
        String malformedWhere;
        String malformedRaw;

        void clear() {
            slots.clear();
            malformedWhere = null;
            malformedRaw = null;
        }
    }

    /** The values of the standard charge whose payers are being emitted: the same in each of its rows. */
    private static final class ChargeValues {
        String description;
        List<Code> codes;
        Optional<Code> primary;
        List<String> modifiers;
        Optional<String> setting;
        Optional<BigDecimal> drugUnit;
        Optional<String> drugType;
        Optional<BigDecimal> gross;
        Optional<BigDecimal> cash;
        Optional<BigDecimal> minimum;
        Optional<BigDecimal> maximum;
        Optional<String> billingClass;
        Optional<String> genericNotes;
        String path;
    }

    private final JsonFactory factory;
    private final boolean v3;
    private final ChargeValues chargeValues = new ChargeValues();
    private final TextPool codeTypes;
    private final TextPool drugTypes;
    private final TextPool settings;
    private final TextPool methodologies;
    private final TextPool names;
    private final TextPool counts;
    private final TextPool billingClasses;
    private final KeyOrder itemKeys = new KeyOrder(ITEM_KEYS);
    private final KeyOrder codeKeys = new KeyOrder(CODE_KEYS);
    private final KeyOrder chargeKeys = new KeyOrder(CHARGE_KEYS);
    private final KeyOrder payerKeys = new KeyOrder(PAYER_KEYS);
    /** Per payer key id: the pool of its values, or null. */
    private final TextPool[] payerPools = new TextPool[P_SIZE];
    private final MrfSink sink;
    private final ElementFindings findings;
    private final SlotValues values;
    private long rows;
    private long rejected;

    // the element being read
    private final Slots item = new Slots(1);
    private byte codesKind;
    private final List<Slots> codes = new ArrayList<>();
    private int codeCount;
    private byte drugKind;
    private final Slots drug = new Slots(2);
    private byte chargesKind;
    private final List<ChargeBuffer> charges = new ArrayList<>();
    private int chargeCount;
    private String malformedWhere;
    private String malformedRaw;

    ElementReader(JsonFactory factory, String templateVersion, RuleSink out, MrfSink sink) {
        this.factory = factory;
        this.v3 = templateVersion.equals(CmsJsonSchema.V3);
        this.findings = new ElementFindings(out, v3);
        this.values = new SlotValues(findings, v3, this::leaveOut);
        this.sink = sink;
        boolean checkCount = v3;
        codeTypes = new TextPool(TextPool.Fold.UPPER, CmsJsonSchema.codeTypes(v3)::contains);
        drugTypes = new TextPool(TextPool.Fold.UPPER, CmsJsonSchema.DRUG_TYPES::contains);
        settings = new TextPool(TextPool.Fold.LOWER, CmsJsonSchema.SETTINGS::contains);
        methodologies = new TextPool(TextPool.Fold.LOWER, CmsJsonSchema.METHODOLOGIES::contains);
        names = new TextPool(TextPool.Fold.NONE, text -> true);
        counts = new TextPool(TextPool.Fold.NONE, text -> !checkCount || CmsJsonSchema.COUNT.matcher(text).matches());
        billingClasses = new TextPool(TextPool.Fold.LOWER,
                text -> CmsJsonSchema.BILLING_CLASSES.contains(text.strip().toLowerCase(Locale.ROOT)));
        payerPools[P_PAYER] = names;
        payerPools[P_PLAN] = names;
        payerPools[P_METHODOLOGY] = methodologies;
        payerPools[P_COUNT] = counts;
    }

    long rows() {
        return rows;
    }

    long rejected() {
        return rejected;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads the element whose first token is the parser's current token, then emits its rows and findings. */
    void read(JsonParser p, long elementIndex) throws IOException {
        reset(elementIndex);
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            String raw = RawJson.capture(factory, p);
            reject(findings.elementPath(), RejectReason.MALFORMED_ELEMENT, raw, findings.elementPath() + " is " + tokenLabel(t)
                    + " where the CMS schema wants an object with description, code_information and standard_charges;"
                    + " the element was set aside with its raw JSON. Write each item as { … } in the array.");
            return;
        }
        int key = itemKeys.start();
        while ((key = itemKeys.next(p, key)) != KeyOrder.END) {
            JsonToken v = p.nextToken();
            switch (key) {
                case I_DESCRIPTION -> scalar(p, v, item, I_DESCRIPTION, ITEM, "description", -1, null, null);
                case I_CODES -> readCodes(p, v);
                case I_DRUG -> readDrug(p, v);
                case I_CHARGES -> readCharges(p, v);
                default -> p.skipChildren();
            }
        }
        emit();
    }

    private void reset(long elementIndex) {
        findings.element(elementIndex);
        item.clear();
        codesKind = Slots.ABSENT;
        codeCount = 0;
        drugKind = Slots.ABSENT;
        drug.clear();
        chargesKind = Slots.ABSENT;
        chargeCount = 0;
        malformedWhere = null;
        malformedRaw = null;
    }

    private void readCodes(JsonParser p, JsonToken t) throws IOException {
        codesKind = containerKind(t);
        if (t != JsonToken.START_ARRAY) {
            if (t != JsonToken.VALUE_NULL) {
                malformed(p, ITEM, "code_information", -1, null, "an array of {code, type} objects");
            }
            return;
        }
        int c = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                malformed(p, ITEM, "code_information", c, null, "an object {code, type}");
            } else {
                if (codeCount == codes.size()) {
                    codes.add(new Slots(2));
                }
                Slots s = codes.get(codeCount++);
                s.clear();
                int key = codeKeys.start();
                while ((key = codeKeys.next(p, key)) != KeyOrder.END) {
                    JsonToken v = p.nextToken();
                    switch (key) {
                        case C_CODE -> scalar(p, v, s, C_CODE, ITEM, "code_information", c, "code", null);
                        case C_TYPE -> scalar(p, v, s, C_TYPE, ITEM, "code_information", c, "type", codeTypes);
                        default -> p.skipChildren();
                    }
                }
            }
            c++;
        }
    }

    private void readDrug(JsonParser p, JsonToken t) throws IOException {
        drugKind = containerKind(t);
        if (t != JsonToken.START_OBJECT) {
            if (t != JsonToken.VALUE_NULL) {
                malformed(p, ITEM, "drug_information", -1, null, "an object {unit, type}");
            }
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "unit" -> scalar(p, v, drug, D_UNIT, ITEM, "drug_information", -1, "unit", null);
                case "type" -> scalar(p, v, drug, D_TYPE, ITEM, "drug_information", -1, "type", drugTypes);
                default -> p.skipChildren();
            }
        }
    }

    private void readCharges(JsonParser p, JsonToken t) throws IOException {
        chargesKind = containerKind(t);
        if (t != JsonToken.START_ARRAY) {
            if (t != JsonToken.VALUE_NULL) {
                malformed(p, ITEM, "standard_charges", -1, null, "an array of standard charge objects");
            }
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (chargeCount == charges.size()) {
                charges.add(new ChargeBuffer());
            }
            ChargeBuffer c = charges.get(chargeCount++);
            c.clear();
            findings.charge(chargeCount - 1);
            if (t != JsonToken.START_OBJECT) {
                malformed(p, CHARGE, null, -1, null, "an object with setting, charges and payers_information");
                continue;
            }
            Slots s = c.slots;
            int key = chargeKeys.start();
            while ((key = chargeKeys.next(p, key)) != KeyOrder.END) {
                JsonToken v = p.nextToken();
                switch (key) {
                    case S_SETTING -> scalar(p, v, s, S_SETTING, CHARGE, "setting", -1, null, settings);
                    case S_BILLING -> scalar(p, v, s, S_BILLING, CHARGE, "billing_class", -1, null, billingClasses);
                    case S_MINIMUM, S_MAXIMUM, S_GROSS, S_CASH, S_NOTES ->
                            scalar(p, v, s, key, CHARGE, chargeKeys.name(key), -1, null, null);
                    case S_MODIFIERS -> readModifiers(p, v, c);
                    case S_PAYERS -> readPayers(p, v, c);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void readModifiers(JsonParser p, JsonToken t, ChargeBuffer c) throws IOException {
        c.modifiersKind = containerKind(t);
        switch (t) {
            case VALUE_NULL -> { }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                for (String part : p.getText().split("\\|")) {
                    c.modifiers.add(part);
                }
            }
            case START_ARRAY -> {
                int m = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == JsonToken.VALUE_STRING) {
                        c.modifiers.add(p.getText());
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        c.modifiers.add(p.getText());
                        if (c.modifierTypeProblem == null) {
                            c.modifierTypeProblem = "modifier_code/" + m;
                        }
                    } else if (t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        if (c.modifierTypeProblem == null) {
                            c.modifierTypeProblem = "modifier_code/" + m;
                        }
                    } else {
                        malformed(p, CHARGE, "modifier_code", m, null, "a string");
                    }
                    m++;
                }
            }
            default -> malformed(p, CHARGE, "modifier_code", -1, null, "an array of strings");
        }
    }

    private void readPayers(JsonParser p, JsonToken t, ChargeBuffer c) throws IOException {
        c.payersKind = containerKind(t);
        if (t != JsonToken.START_ARRAY) {
            if (t != JsonToken.VALUE_NULL) {
                malformed(p, CHARGE, "payers_information", -1, null, "an array of payer objects");
            }
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (c.payerCount == c.payers.size()) {
                c.payers.add(new PayerBuffer());
            }
            PayerBuffer b = c.payers.get(c.payerCount++);
            b.clear();
            findings.payer(c.payerCount - 1);
            if (t != JsonToken.START_OBJECT) {
                malformed(p, PAYER, null, -1, null, "an object with payer_name, plan_name, methodology and charges");
                continue;
            }
            Slots s = b.slots;
            int key = payerKeys.start();
            while ((key = payerKeys.next(p, key)) != KeyOrder.END) {
                JsonToken v = p.nextToken();
                if (key < P_SIZE) {
                    scalar(p, v, s, key, PAYER, payerKeys.name(key), -1, null, payerPools[key]);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** Stores a scalar; an object or array there makes the unit at {@code level} malformed. */
    private void scalar(JsonParser p, JsonToken t, Slots s, int id, int level, String key, int keyIndex, String subKey,
            TextPool pool) throws IOException {
        switch (t) {
            case VALUE_STRING -> {
                if (pool != null) {
                    TextPool.Entry e = pool.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    if (e != null) {
                        s.kind[id] = Slots.POOLED;
                        s.value[id] = e;
                        return;
                    }
                }
                s.kind[id] = Slots.STRING;
                s.value[id] = p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                try {
                    s.value[id] = Decimals.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    s.kind[id] = Slots.NUMBER;
                } catch (NumberFormatException e) {
                    // a number literal past what a decimal can hold: keep its text, it is read as a bad number
                    s.value[id] = p.getText();
                    s.kind[id] = Slots.STRING;
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                s.kind[id] = Slots.BOOLEAN;
                s.value[id] = t == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                s.kind[id] = Slots.NULL;
                s.value[id] = null;
            }
            default -> {
                s.kind[id] = Slots.CONTAINER;
                malformed(p, level, key, keyIndex, subKey, "a single value (string or number)");
            }
        }
    }

    /**
     * Notes that the unit at {@code level} (element, standard charge or payer) has a part of the wrong shape at
     * {@code key[keyIndex].subKey}, consuming that part as raw JSON. Only the first such part per unit is kept.
     */
    private void malformed(JsonParser p, int level, String key, int keyIndex, String subKey, String expected)
            throws IOException {
        String found = tokenLabel(p.currentToken());
        String raw = RawJson.capture(factory, p);
        StringBuilder where = new StringBuilder(switch (level) {
            case ITEM -> findings.elementPath();
            case CHARGE -> findings.chargePath();
            default -> findings.payerPath();
        });
        if (key != null) {
            where.append('.').append(key);
        }
        if (keyIndex >= 0) {
            where.append('[').append(keyIndex).append(']');
        }
        if (subKey != null) {
            where.append('.').append(subKey);
        }
        String what = where + " is " + found + " where the CMS schema wants " + expected;
        switch (level) {
            case ITEM -> {
                if (malformedRaw == null) {
                    malformedWhere = what;
                    malformedRaw = raw;
                }
            }
            case CHARGE -> {
                ChargeBuffer c = charges.get(findings.chargeIndex());
                if (c.malformedRaw == null) {
                    c.malformedWhere = what;
                    c.malformedRaw = raw;
                }
            }
            default -> {
                PayerBuffer b = charges.get(findings.chargeIndex()).payers.get(findings.payerIndex());
                if (b.malformedRaw == null) {
                    b.malformedWhere = what;
                    b.malformedRaw = raw;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ emitting

    private void emit() {
        if (malformedRaw != null) {
            reject(findings.elementPath(), RejectReason.MALFORMED_ELEMENT, malformedRaw, malformedWhere + "; the whole element ("
                    + "all its standard charges) was set aside with the raw JSON of that part. Fix its shape and "
                    + "publish the file again.");
            return;
        }
        findings.code(-1);
        findings.charge(-1);

        if (!item.has(I_DESCRIPTION)) {
            findings.required(ITEM, "description");
        }
        String description = values.string(item, I_DESCRIPTION, ITEM, "description", true);

        List<Code> codeList = readCodeList();
        Optional<Code> primary = PrimaryCode.choose(codeList);
        boolean ndc = false;
        for (int c = 0; c < codeCount; c++) {
            ndc |= codes.get(c).is(C_TYPE, "NDC");
        }

        Optional<BigDecimal> drugUnit = Optional.empty();
        Optional<String> drugType = Optional.empty();
        if (drugKind == Slots.NULL) {
            findings.typeError(ITEM, "drug_information", "null", "object", "write {\"unit\": …, \"type\": …} or leave the key out");
        } else if (drugKind != Slots.ABSENT) {
            if (!drug.has(D_UNIT)) {
                findings.required(DRUG, "unit");
            }
            if (!drug.has(D_TYPE)) {
                findings.required(DRUG, "type");
            }
            drugUnit = Optional.ofNullable(v3 ? values.number(drug, D_UNIT, DRUG, "unit", true) : values.unitV2(drug, D_UNIT));
            drugType = values.enumValue(drug, D_TYPE, DRUG, "type", CmsJsonSchema.DRUG_TYPES, true,
                    ": write GR, ME, ML, UN, F2, EA or GM in capitals.");
        }
        if (ndc && drugKind == Slots.ABSENT) {
            findings.ndcWithoutDrugInformation();
        }

        if (chargesKind == Slots.ABSENT) {
            findings.required(ITEM, "standard_charges");
        } else if (chargesKind == Slots.NULL) {
            findings.typeError(ITEM, "standard_charges", "null", "array", "list the item's standard charges in [ … ]");
        } else if (chargeCount == 0) {
            findings.minItems(ITEM, "standard_charges");
        }

        for (int j = 0; j < chargeCount; j++) {
            findings.charge(j);
            emitCharge(charges.get(j), description == null ? "" : description, codeList, primary, drugUnit, drugType);
        }
    }

    private List<Code> readCodeList() {
        if (codesKind == Slots.ABSENT) {
            findings.required(ITEM, "code_information");
        } else if (codesKind == Slots.NULL) {
            findings.typeError(ITEM, "code_information", "null", "array", "list the item's codes as [{\"code\": …, \"type\": …}]");
        } else if (codeCount == 0) {
            findings.minItems(ITEM, "code_information");
        }
        if (codeCount == 0) {
            return List.of();
        }
        Code[] list = new Code[codeCount];
        int n = 0;
        for (int c = 0; c < codeCount; c++) {
            findings.code(c);
            Slots s = codes.get(c);
            if (!s.has(C_CODE)) {
                findings.required(CODE, "code");
            }
            if (!s.has(C_TYPE)) {
                findings.required(CODE, "type");
            }
            String code = values.string(s, C_CODE, CODE, "code", true);
            Optional<String> type = values.enumValue(s, C_TYPE, CODE, "type", CmsJsonSchema.codeTypes(v3), true,
                    ": use one of the CMS code types, in capitals.");
            if (code != null) {
                list[n++] = new Code(code, type.orElse(""));
            }
        }
        findings.code(-1);
        return n == list.length ? List.of(list) : List.of(java.util.Arrays.copyOf(list, n));
    }

    private void emitCharge(ChargeBuffer c, String description, List<Code> codeList, Optional<Code> primary,
            Optional<BigDecimal> drugUnit, Optional<String> drugType) {
        String chargePath = findings.chargePath();
        if (c.malformedRaw != null) {
            reject(chargePath, RejectReason.MALFORMED_ELEMENT, c.malformedRaw, c.malformedWhere + "; this standard "
                    + "charge (with all its payers) was set aside with the raw JSON of that part. Fix its shape and "
                    + "publish the file again.");
            return;
        }
        Slots s = c.slots;
        if (!s.has(S_SETTING)) {
            findings.required(CHARGE, "setting");
        }
        ChargeValues v = chargeValues;
        v.description = description;
        v.codes = codeList;
        v.primary = primary;
        v.drugUnit = drugUnit;
        v.drugType = drugType;
        v.path = chargePath;
        v.setting = values.enumValue(s, S_SETTING, CHARGE, "setting", CmsJsonSchema.SETTINGS, false,
                ": write inpatient, outpatient or both in lower case.");
        v.minimum = Optional.ofNullable(values.number(s, S_MINIMUM, CHARGE, "minimum", true));
        v.maximum = Optional.ofNullable(values.number(s, S_MAXIMUM, CHARGE, "maximum", true));
        v.gross = Optional.ofNullable(values.number(s, S_GROSS, CHARGE, "gross_charge", true));
        v.cash = Optional.ofNullable(values.number(s, S_CASH, CHARGE, "discounted_cash", true));
        v.genericNotes = Optional.ofNullable(values.string(s, S_NOTES, CHARGE, "additional_generic_notes", v3));
        v.billingClass = values.billingClass(s, S_BILLING);
        v.modifiers = modifiers(c);

        if (c.payersKind == Slots.NULL) {
            findings.typeError(CHARGE, "payers_information", "null", "array", "list the payers in [ … ] or leave the key out");
        } else if (c.payersKind == Slots.CONTAINER && c.payerCount == 0) {
            findings.minItems(CHARGE, "payers_information");
        }
        boolean anyDollar = false;
        boolean allCharged = c.payersKind == Slots.CONTAINER && (!v3 || c.payerCount > 0);
        for (int k = 0; k < c.payerCount; k++) {
            PayerBuffer b = c.payers.get(k);
            Slots ps = b.slots;
            boolean charged = b.malformedRaw == null
                    && (ps.has(P_DOLLAR) || ps.has(P_PERCENTAGE) || ps.has(P_ALGORITHM));
            allCharged &= charged;
            anyDollar |= b.malformedRaw == null && ps.has(P_DOLLAR);
        }
        if (!s.has(S_GROSS) && !s.has(S_CASH) && !allCharged) {
            findings.standardChargeWithoutCharge();
        }
        if (anyDollar) {
            if (!s.has(S_MINIMUM)) {
                findings.requiredBecause(CHARGE, "minimum", "a payer has a standard_charge_dollar");
            }
            if (!s.has(S_MAXIMUM)) {
                findings.requiredBecause(CHARGE, "maximum", "a payer has a standard_charge_dollar");
            }
        }

        if (c.payerCount == 0) {
            row(new ChargeRow(description, codeList, primary, v.modifiers, v.setting, drugUnit, drugType, v.gross,
                    v.cash, v.minimum, v.maximum, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), v.billingClass, v.genericNotes, Optional.empty(),
                    Optional.empty(), Optional.of(chargePath)));
            return;
        }
        for (int k = 0; k < c.payerCount; k++) {
            emitPayer(c.payers.get(k), k, v);
        }
    }

    /**
     * One payer's row of the standard charge in {@code v}: a method of its own rather than the body of emitCharge's
     * loop, which kept emitCharge long enough for the JIT to compile it three times in a cold run (twice by
     * on-stack replacement), about 0.9 s of compiling on the parse's one core.
     */
    private void emitPayer(PayerBuffer b, int k, ChargeValues v) {
        findings.payer(k);
        String payerPath = v.path + ".payers_information[" + k + "]";
        if (b.malformedRaw != null) {
            reject(payerPath, RejectReason.MALFORMED_ELEMENT, b.malformedRaw, b.malformedWhere + "; this payer "
                    + "row was set aside with the raw JSON of that part. Fix its shape and publish the file again.");
            return;
        }
        Slots ps = b.slots;
        if (!ps.has(P_PAYER)) {
            findings.required(PAYER, "payer_name");
        }
        if (!ps.has(P_PLAN)) {
            findings.required(PAYER, "plan_name");
        }
        if (!ps.has(P_METHODOLOGY)) {
            findings.required(PAYER, "methodology");
        }
        Optional<String> payerName = values.optional(ps, P_PAYER, PAYER, "payer_name", true);
        Optional<String> planName = values.optional(ps, P_PLAN, PAYER, "plan_name", true);
        Optional<String> methodology = values.enumValue(ps, P_METHODOLOGY, PAYER, "methodology", CmsJsonSchema.METHODOLOGIES, false,
                ": write case rate, fee schedule, percent of total billed charges, per diem or other, in lower case.");
        BigDecimal dollar = values.number(ps, P_DOLLAR, PAYER, "standard_charge_dollar", true);
        BigDecimal percentage = values.number(ps, P_PERCENTAGE, PAYER, "standard_charge_percentage", true);
        boolean other = ps.is(P_METHODOLOGY, "other");
        String algorithm = values.string(ps, P_ALGORITHM, PAYER, "standard_charge_algorithm", v3);
        String payerNotes = values.string(ps, P_NOTES, PAYER, "additional_payer_notes", v3 || other);
        BigDecimal estimated = values.number(ps, P_ESTIMATED, PAYER, "estimated_amount", !v3);
        BigDecimal median = values.number(ps, P_MEDIAN, PAYER, "median_amount", v3);
        BigDecimal p10 = values.number(ps, P_P10, PAYER, "10th_percentile", v3);
        BigDecimal p90 = values.number(ps, P_P90, PAYER, "90th_percentile", v3);
        Optional<String> count = values.count(ps, P_COUNT);
        if (v3) {
            payerRulesV3(ps, other, median, p10, p90);
        } else {
            payerRulesV2(ps, other, estimated);
        }

        row(new ChargeRow(v.description, v.codes, v.primary, v.modifiers, v.setting, v.drugUnit, v.drugType, v.gross,
                v.cash, v.minimum, v.maximum, payerName, planName,
                Optional.ofNullable(dollar), Optional.ofNullable(percentage), Optional.ofNullable(algorithm),
                methodology, Optional.ofNullable(estimated), Optional.ofNullable(median),
                Optional.ofNullable(p10), Optional.ofNullable(p90), count, v.billingClass,
                v.genericNotes, Optional.ofNullable(payerNotes), Optional.empty(), Optional.of(payerPath)));
    }

    private void payerRulesV2(Slots ps, boolean other, BigDecimal estimated) {
        if (other && !ps.has(P_NOTES)) {
            findings.requiredBecause(PAYER, "additional_payer_notes", "the methodology is \"other\"");
        }
        if ((ps.has(P_PERCENTAGE) || ps.has(P_ALGORITHM)) && !ps.has(P_DOLLAR) && !ps.has(P_ESTIMATED)) {
            findings.requiredBecause(PAYER, "estimated_amount", "the charge is a percentage or algorithm without a dollar amount");
        }
        if (Rule.isNineNines(estimated)) {
            findings.nineNines("estimated_amount");
        }
    }

    private void payerRulesV3(Slots ps, boolean other, BigDecimal median, BigDecimal p10, BigDecimal p90) {
        if (!ps.has(P_DOLLAR) && !ps.has(P_PERCENTAGE) && !ps.has(P_ALGORITHM)) {
            findings.payerWithoutCharge();
        }
        if (other && !ps.has(P_NOTES)) {
            findings.requiredBecause(PAYER, "additional_payer_notes", "the methodology is \"other\"");
        }
        boolean percentageOrAlgorithm = ps.has(P_PERCENTAGE) || ps.has(P_ALGORITHM);
        boolean countZero = ps.is(P_COUNT, "0");
        if (percentageOrAlgorithm) {
            if (!ps.has(P_COUNT)) {
                findings.requiredBecause(PAYER, "count", "the charge is a percentage or algorithm");
            }
            if (!countZero) {
                String why = "the charge is a percentage or algorithm and count is not \"0\"";
                if (!ps.has(P_MEDIAN)) {
                    findings.requiredBecause(PAYER, "median_amount", why);
                }
                if (!ps.has(P_P10)) {
                    findings.requiredBecause(PAYER, "10th_percentile", why);
                }
                if (!ps.has(P_P90)) {
                    findings.requiredBecause(PAYER, "90th_percentile", why);
                }
            }
        }
        if (countZero && !ps.has(P_NOTES)) {
            findings.requiredBecause(PAYER, "additional_payer_notes", "count is \"0\"");
        }
        if (ps.has(P_ESTIMATED)) {
            findings.estimatedAmountInV3();
        }
        if (ps.is(P_COUNT, "999999999") || (ps.kind[P_COUNT] == Slots.NUMBER
                && Rule.isNineNines((BigDecimal) ps.value[P_COUNT]))) {
            findings.nineNines("count");
        }
        if (Rule.isNineNines(median)) {
            findings.nineNines("median_amount");
        }
        if (Rule.isNineNines(p10)) {
            findings.nineNines("10th_percentile");
        }
        if (Rule.isNineNines(p90)) {
            findings.nineNines("90th_percentile");
        }
    }

    private List<String> modifiers(ChargeBuffer c) {
        if (c.modifiersKind == Slots.ABSENT) {
            return List.of();
        }
        if (v3) {
            if (c.modifiersKind == Slots.NULL || c.modifiersKind == Slots.STRING || c.modifiersKind == Slots.NUMBER) {
                findings.typeError(CHARGE, "modifier_code", Slots.label(c.modifiersKind), "array",
                        "list the modifiers as [\"50\", \"62\"]");
            } else if (c.modifiers.isEmpty() && c.modifierTypeProblem == null) {
                findings.minItems(CHARGE, "modifier_code");
            }
            if (c.modifierTypeProblem != null) {
                findings.typeError(CHARGE, c.modifierTypeProblem, "not a string", "string", "write each modifier in double quotes");
            }
        }
        List<String> list = new ArrayList<>(c.modifiers.size());
        for (int m = 0; m < c.modifiers.size(); m++) {
            String modifier = c.modifiers.get(m);
            if (modifier.isEmpty() && v3 && c.modifiersKind == Slots.CONTAINER) {
                findings.minLength(CHARGE, "modifier_code/" + m);
            }
            String trimmed = modifier.strip();
            if (!trimmed.isEmpty()) {
                list.add(trimmed);
            }
        }
        return List.copyOf(list);
    }

    // ------------------------------------------------------------------------------------------------ values

    // ------------------------------------------------------------------------------------------------ output

    private void row(ChargeRow row) {
        sink.row(row);
        rows++;
    }

    private void reject(String location, RejectReason reason, String raw, String message) {
        sink.rejected(new RejectedRow(location, reason, raw, message));
        rejected++;
    }

    /** A number that cannot be read: left out (null) of the rows it belongs to, kept here with its path and raw JSON. */
    private void leaveOut(String where, String raw) {
        reject(where, RejectReason.BAD_NUMBER, raw, where + " is " + raw + ", which is not a number: the value was left"
                + " out (null) of the row(s) it belongs to and the rest kept in silver.standard_charges. Write it as a"
                + " plain JSON number such as 1234.50 (no $, commas or words), or leave the key out when there is no"
                + " value.");
    }

    // ------------------------------------------------------------------------------------------------ locations

    private static byte containerKind(JsonToken t) {
        return switch (t) {
            case START_ARRAY, START_OBJECT -> Slots.CONTAINER;
            case VALUE_NULL -> Slots.NULL;
            case VALUE_STRING -> Slots.STRING;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Slots.NUMBER;
            default -> Slots.BOOLEAN;
        };
    }

    private static String tokenLabel(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(t);
        };
    }
}
