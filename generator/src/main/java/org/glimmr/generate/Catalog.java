package org.glimmr.generate;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;

/**
 * The generator's vocabulary: common services with real code shapes (descriptions are plain-language, written for
 * this project), word lists to compose more, payer and plan names, and the CMS statement texts. Immutable.
 */
final class Catalog {
    private Catalog() {}

    /** Kinds of service: price range of the base (Medicare-like) rate in cents, and how they are usually paid. */
    enum Kind {
        VISIT(6_000, 30_000),
        LAB(400, 9_000),
        IMAGING(4_000, 90_000),
        PROCEDURE(15_000, 400_000),
        SURGERY(120_000, 2_500_000),
        DRUG(150, 25_000),
        SUPPLY(500, 60_000),
        ROOM(90_000, 450_000),
        DRG(550_000, 9_000_000);

        final long lowCents;
        final long highCents;

        Kind(long lowCents, long highCents) {
            this.lowCents = lowCents;
            this.highCents = highCents;
        }
    }

    /** A named service of the catalog. {@code revenueCode} may be null. */
    record Service(String code, String type, String description, String revenueCode, Kind kind) {}

    static final String AFFIRMATION_V2 = "To the best of its knowledge and belief, the hospital has included all applicable"
            + " standard charge information in accordance with the requirements of 45 CFR 180.50, and the information"
            + " encoded is true, accurate, and complete as of the date indicated.";

    static final String ATTESTATION_V3 = "To the best of its knowledge and belief, this hospital has included all"
            + " applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the"
            + " information encoded is true, accurate, and complete as of the date in the file. This hospital has included"
            + " all payer-specific negotiated charges in dollars that can be expressed as a dollar amount. For"
            + " payer-specific negotiated charges that cannot be expressed as a dollar amount in the machine-readable file"
            + " or not knowable in advance, the hospital attests that the payer-specific negotiated charge is based on a"
            + " contractual algorithm, percentage or formula that precludes the provision of a dollar amount and has"
            + " provided all necessary information available to the hospital for the public to be able to derive the"
            + " dollar amount, including, but not limited to, the specific fee schedule or components referenced in such"
            + " percentage, algorithm or formula.";

    static final List<Service> SERVICES = List.of(
            new Service("99202", "CPT", "Office visit, new patient, straightforward decision making, 15 minutes", "0510", Kind.VISIT),
            new Service("99203", "CPT", "Office visit, new patient, low decision making, 30 minutes", "0510", Kind.VISIT),
            new Service("99204", "CPT", "Office visit, new patient, moderate decision making, 45 minutes", "0510", Kind.VISIT),
            new Service("99205", "CPT", "Office visit, new patient, high decision making, 60 minutes", "0510", Kind.VISIT),
            new Service("99212", "CPT", "Office visit, established patient, straightforward, 10 minutes", "0510", Kind.VISIT),
            new Service("99213", "CPT", "Office visit, established patient, low decision making, 20 minutes", "0510", Kind.VISIT),
            new Service("99214", "CPT", "Office visit, established patient, moderate decision making, 30 minutes", "0510", Kind.VISIT),
            new Service("99215", "CPT", "Office visit, established patient, high decision making, 40 minutes", "0510", Kind.VISIT),
            new Service("99283", "CPT", "Emergency department visit, moderate severity", "0450", Kind.VISIT),
            new Service("99284", "CPT", "Emergency department visit, high severity", "0450", Kind.VISIT),
            new Service("99285", "CPT", "Emergency department visit, high severity with threat to life", "0450", Kind.VISIT),
            new Service("99385", "CPT", "Preventive visit, new patient, age 18-39", "0510", Kind.VISIT),
            new Service("90834", "CPT", "Psychotherapy, 45 minutes", "0900", Kind.VISIT),
            new Service("90837", "CPT", "Psychotherapy, 60 minutes", "0900", Kind.VISIT),
            new Service("97110", "CPT", "Therapeutic exercise, each 15 minutes", "0420", Kind.VISIT),
            new Service("97140", "CPT", "Manual therapy techniques, each 15 minutes", "0420", Kind.VISIT),
            new Service("97161", "CPT", "Physical therapy evaluation, low complexity", "0424", Kind.VISIT),
            new Service("80048", "CPT", "Basic metabolic panel", "0301", Kind.LAB),
            new Service("80053", "CPT", "Comprehensive metabolic panel", "0301", Kind.LAB),
            new Service("80061", "CPT", "Lipid panel", "0301", Kind.LAB),
            new Service("81001", "CPT", "Urinalysis, automated, with microscopy", "0307", Kind.LAB),
            new Service("82947", "CPT", "Glucose, quantitative, blood", "0301", Kind.LAB),
            new Service("83036", "CPT", "Hemoglobin A1c", "0301", Kind.LAB),
            new Service("84153", "CPT", "Prostate specific antigen (PSA), total", "0301", Kind.LAB),
            new Service("84443", "CPT", "Thyroid stimulating hormone (TSH)", "0301", Kind.LAB),
            new Service("85025", "CPT", "Complete blood count (CBC) with automated differential", "0305", Kind.LAB),
            new Service("85610", "CPT", "Prothrombin time (PT)", "0305", Kind.LAB),
            new Service("87086", "CPT", "Urine culture, bacterial, quantitative colony count", "0306", Kind.LAB),
            new Service("87635", "CPT", "SARS-CoV-2 (COVID-19) amplified probe technique", "0306", Kind.LAB),
            new Service("88305", "CPT", "Surgical pathology, gross and microscopic examination, level IV", "0310", Kind.LAB),
            new Service("36415", "CPT", "Routine venipuncture (blood draw)", "0300", Kind.LAB),
            new Service("70450", "CPT", "CT head or brain without contrast", "0350", Kind.IMAGING),
            new Service("70551", "CPT", "MRI brain without contrast", "0610", Kind.IMAGING),
            new Service("70553", "CPT", "MRI brain without and with contrast", "0610", Kind.IMAGING),
            new Service("71046", "CPT", "X-ray of chest, 2 views", "0324", Kind.IMAGING),
            new Service("71250", "CPT", "CT chest without contrast", "0350", Kind.IMAGING),
            new Service("72148", "CPT", "MRI lumbar spine without contrast", "0610", Kind.IMAGING),
            new Service("73721", "CPT", "MRI of knee joint without contrast", "0610", Kind.IMAGING),
            new Service("74177", "CPT", "CT abdomen and pelvis with contrast", "0350", Kind.IMAGING),
            new Service("76700", "CPT", "Ultrasound of abdomen, complete", "0402", Kind.IMAGING),
            new Service("76805", "CPT", "Obstetric ultrasound, after first trimester", "0402", Kind.IMAGING),
            new Service("77067", "CPT", "Screening mammography, both breasts", "0403", Kind.IMAGING),
            new Service("93000", "CPT", "Electrocardiogram (ECG), complete", "0730", Kind.IMAGING),
            new Service("93306", "CPT", "Echocardiography, complete, with Doppler", "0483", Kind.IMAGING),
            new Service("20610", "CPT", "Aspiration or injection of major joint (knee, shoulder, hip)", "0510", Kind.PROCEDURE),
            new Service("43239", "CPT", "Upper GI endoscopy with biopsy", "0750", Kind.PROCEDURE),
            new Service("45378", "CPT", "Diagnostic colonoscopy", "0750", Kind.PROCEDURE),
            new Service("45380", "CPT", "Colonoscopy with biopsy", "0750", Kind.PROCEDURE),
            new Service("45385", "CPT", "Colonoscopy with removal of polyp by snare", "0750", Kind.PROCEDURE),
            new Service("62322", "CPT", "Lumbar epidural steroid injection", "0361", Kind.PROCEDURE),
            new Service("64483", "CPT", "Transforaminal epidural injection, lumbar or sacral, single level", "0361", Kind.PROCEDURE),
            new Service("96372", "CPT", "Therapeutic injection, subcutaneous or intramuscular", "0510", Kind.PROCEDURE),
            new Service("96365", "CPT", "Intravenous infusion, first hour", "0260", Kind.PROCEDURE),
            new Service("12001", "CPT", "Simple repair of superficial wound, 2.5 cm or less", "0450", Kind.PROCEDURE),
            new Service("19120", "CPT", "Excision of breast lesion", "0360", Kind.SURGERY),
            new Service("27130", "CPT", "Total hip arthroplasty", "0360", Kind.SURGERY),
            new Service("27447", "CPT", "Total knee arthroplasty", "0360", Kind.SURGERY),
            new Service("29827", "CPT", "Shoulder arthroscopy with rotator cuff repair", "0360", Kind.SURGERY),
            new Service("29881", "CPT", "Knee arthroscopy with meniscectomy", "0360", Kind.SURGERY),
            new Service("42820", "CPT", "Tonsillectomy and adenoidectomy, under age 12", "0360", Kind.SURGERY),
            new Service("47562", "CPT", "Laparoscopic cholecystectomy", "0360", Kind.SURGERY),
            new Service("49505", "CPT", "Inguinal hernia repair, age 5 or older", "0360", Kind.SURGERY),
            new Service("55700", "CPT", "Prostate biopsy", "0360", Kind.SURGERY),
            new Service("59400", "CPT", "Routine obstetric care, vaginal delivery", "0720", Kind.SURGERY),
            new Service("59510", "CPT", "Routine obstetric care, cesarean delivery", "0720", Kind.SURGERY),
            new Service("63030", "CPT", "Lumbar laminotomy with disc removal, single interspace", "0360", Kind.SURGERY),
            new Service("66984", "CPT", "Cataract removal with intraocular lens insertion", "0360", Kind.SURGERY),
            new Service("J1885", "HCPCS", "Injection, ketorolac tromethamine, per 15 mg", "0636", Kind.DRUG),
            new Service("J0696", "HCPCS", "Injection, ceftriaxone sodium, per 250 mg", "0636", Kind.DRUG),
            new Service("J2405", "HCPCS", "Injection, ondansetron hydrochloride, per 1 mg", "0636", Kind.DRUG),
            new Service("J1100", "HCPCS", "Injection, dexamethasone sodium phosphate, 1 mg", "0636", Kind.DRUG),
            new Service("J2270", "HCPCS", "Injection, morphine sulfate, up to 10 mg", "0636", Kind.DRUG),
            new Service("J3010", "HCPCS", "Injection, fentanyl citrate, 0.1 mg", "0636", Kind.DRUG),
            new Service("J7030", "HCPCS", "Infusion, normal saline solution, 1000 cc", "0258", Kind.DRUG),
            new Service("J1644", "HCPCS", "Injection, heparin sodium, per 1000 units", "0636", Kind.DRUG),
            new Service("Q9967", "HCPCS", "Low osmolar contrast material, 300-399 mg/ml iodine, per ml", "0636", Kind.DRUG),
            new Service("G0378", "HCPCS", "Hospital observation service, per hour", "0762", Kind.ROOM),
            new Service("G0121", "HCPCS", "Colorectal cancer screening colonoscopy, not high risk", "0750", Kind.PROCEDURE),
            new Service("C1776", "HCPCS", "Joint device, implantable", "0278", Kind.SUPPLY),
            new Service("L3908", "HCPCS", "Wrist hand orthosis, prefabricated", "0274", Kind.SUPPLY),
            new Service("E0114", "HCPCS", "Crutches, underarm, other than wood, pair", "0274", Kind.SUPPLY),
            new Service("470", "MS-DRG", "Major hip and knee joint replacement or reattachment of lower extremity without MCC", null, Kind.DRG),
            new Service("871", "MS-DRG", "Septicemia or severe sepsis without mechanical ventilation more than 96 hours with MCC", null, Kind.DRG),
            new Service("872", "MS-DRG", "Septicemia or severe sepsis without mechanical ventilation more than 96 hours without MCC", null, Kind.DRG),
            new Service("291", "MS-DRG", "Heart failure and shock with MCC", null, Kind.DRG),
            new Service("292", "MS-DRG", "Heart failure and shock with CC", null, Kind.DRG),
            new Service("193", "MS-DRG", "Simple pneumonia and pleurisy with MCC", null, Kind.DRG),
            new Service("194", "MS-DRG", "Simple pneumonia and pleurisy with CC", null, Kind.DRG),
            new Service("690", "MS-DRG", "Kidney and urinary tract infections without MCC", null, Kind.DRG),
            new Service("603", "MS-DRG", "Cellulitis without MCC", null, Kind.DRG),
            new Service("392", "MS-DRG", "Esophagitis, gastroenteritis and miscellaneous digestive disorders without MCC", null, Kind.DRG),
            new Service("065", "MS-DRG", "Intracranial hemorrhage or cerebral infarction with CC or tPA in 24 hours", null, Kind.DRG),
            new Service("247", "MS-DRG", "Percutaneous cardiovascular procedures with drug-eluting stent without MCC", null, Kind.DRG),
            new Service("460", "MS-DRG", "Spinal fusion except cervical without MCC", null, Kind.DRG),
            new Service("788", "MS-DRG", "Cesarean section without sterilization without CC/MCC", null, Kind.DRG),
            new Service("807", "MS-DRG", "Vaginal delivery without sterilization or D&C without CC/MCC", null, Kind.DRG),
            new Service("885", "MS-DRG", "Psychoses", null, Kind.DRG),
            new Service("190", "MS-DRG", "Chronic obstructive pulmonary disease with MCC", null, Kind.DRG),
            new Service("378", "MS-DRG", "Gastrointestinal hemorrhage with CC", null, Kind.DRG),
            new Service("683", "MS-DRG", "Renal failure with CC", null, Kind.DRG),
            new Service("945", "MS-DRG", "Rehabilitation with CC/MCC", null, Kind.DRG),
            new Service("139", "APR-DRG", "Other pneumonia, severity of illness 2", null, Kind.DRG),
            new Service("194", "APR-DRG", "Heart failure, severity of illness 3", null, Kind.DRG),
            new Service("720", "APR-DRG", "Septicemia and disseminated infections, severity of illness 3", null, Kind.DRG),
            new Service("560", "APR-DRG", "Vaginal delivery, severity of illness 1", null, Kind.DRG),
            new Service("540", "APR-DRG", "Cesarean delivery, severity of illness 2", null, Kind.DRG),
            new Service("302", "APR-DRG", "Knee joint replacement, severity of illness 1", null, Kind.DRG),
            new Service("640", "APR-DRG", "Neonate birthweight over 2499 g, normal newborn, severity of illness 1", null, Kind.DRG),
            new Service("0110", "RC", "Room and board, private, medical/surgical", null, Kind.ROOM),
            new Service("0120", "RC", "Room and board, semi-private, medical/surgical", null, Kind.ROOM),
            new Service("0200", "RC", "Intensive care unit, general", null, Kind.ROOM),
            new Service("0171", "RC", "Nursery, newborn level I", null, Kind.ROOM),
            new Service("0450", "RC", "Emergency room, general", null, Kind.PROCEDURE),
            new Service("0360", "RC", "Operating room services, first 30 minutes", null, Kind.PROCEDURE),
            new Service("0370", "RC", "Anesthesia, first 30 minutes", null, Kind.PROCEDURE),
            new Service("0710", "RC", "Recovery room, first 30 minutes", null, Kind.PROCEDURE),
            new Service("0762", "RC", "Observation room, per hour", null, Kind.PROCEDURE));

    /** Revenue codes used as a second code of composed items, with the kind they go with. */
    static final Map<Kind, List<String>> REVENUE_CODES = Map.of(
            Kind.VISIT, List.of("0510", "0450", "0520", "0900"),
            Kind.LAB, List.of("0300", "0301", "0302", "0305", "0306"),
            Kind.IMAGING, List.of("0320", "0324", "0350", "0402", "0610"),
            Kind.PROCEDURE, List.of("0360", "0361", "0490", "0750"),
            Kind.SURGERY, List.of("0360", "0490"),
            Kind.DRUG, List.of("0250", "0636", "0258"),
            Kind.SUPPLY, List.of("0270", "0272", "0278"));

    static final List<String> IMAGING_MODALITIES = List.of("X-ray of", "CT of", "MRI of", "Ultrasound of",
            "Nuclear medicine scan of", "Fluoroscopy of");
    static final List<String> BODY_PARTS = List.of("head", "brain", "face", "neck", "chest", "abdomen", "pelvis",
            "abdomen and pelvis", "cervical spine", "thoracic spine", "lumbar spine", "shoulder", "upper arm", "elbow",
            "forearm", "wrist", "hand", "finger", "hip", "thigh", "knee", "lower leg", "ankle", "foot", "toe");
    static final List<String> IMAGING_QUALIFIERS = List.of("without contrast", "with contrast",
            "without and with contrast", "2 views", "3 views", "minimum 4 views", "complete", "limited", "left",
            "right", "bilateral");
    static final List<String> PROCEDURES = List.of("Excision of benign lesion of", "Repair of laceration of",
            "Biopsy of", "Injection of", "Incision and drainage of abscess of", "Removal of foreign body from",
            "Debridement of", "Closed treatment of fracture of", "Open treatment of fracture of", "Arthroscopy of",
            "Aspiration of", "Amputation of", "Tendon repair of", "Skin graft of");
    static final List<String> PROCEDURE_QUALIFIERS = List.of("simple", "intermediate", "complex", "left", "right",
            "with anesthesia", "without manipulation", "with manipulation", "each additional", "up to 2 cm",
            "over 2 cm");
    static final List<String> ANALYTES = List.of("vitamin D, 25-hydroxy", "ferritin", "magnesium", "potassium",
            "creatinine", "troponin, quantitative", "lipase", "B-type natriuretic peptide", "iron", "folic acid",
            "vitamin B-12", "lactic acid", "C-reactive protein", "amylase", "albumin", "bilirubin, total",
            "calcium, ionized", "cortisol", "estradiol", "testosterone, total", "hepatitis B surface antigen",
            "HIV-1/HIV-2 antibody", "influenza A and B antigen", "strep A antigen", "blood culture, aerobic",
            "drug screen, presumptive", "fibrinogen", "D-dimer", "uric acid", "phosphorus");
    static final List<String> DRUGS = List.of("ondansetron", "ceftriaxone", "ketorolac", "dexamethasone",
            "morphine sulfate", "hydromorphone", "fentanyl citrate", "heparin sodium", "enoxaparin", "vancomycin",
            "piperacillin and tazobactam", "acetaminophen", "famotidine", "pantoprazole", "lidocaine", "propofol",
            "midazolam", "sodium chloride 0.9%", "lactated Ringer's", "insulin regular", "cefazolin", "metoprolol",
            "furosemide", "amoxicillin", "ibuprofen", "prednisone", "diphenhydramine", "methylprednisolone",
            "magnesium sulfate", "potassium chloride");
    static final List<String> STRENGTHS = List.of("1 mg", "2 mg", "4 mg", "10 mg", "20 mg", "25 mg", "40 mg",
            "50 mg", "100 mg", "250 mg", "500 mg", "1 g", "2 g", "1,000 units", "5,000 units", "10 mEq");
    static final List<String> FORMS = List.of("injection vial", "tablet", "capsule", "oral solution", "IV bag",
            "prefilled syringe", "ampule", "oral suspension");
    static final List<String> SUPPLIES = List.of("Suture kit", "IV start kit", "Foley catheter tray",
            "Surgical gown, sterile", "Splint, fiberglass", "Cervical collar", "Compression stockings, pair",
            "Walking boot", "Knee immobilizer", "Sterile dressing, large", "Nebulizer kit", "Oxygen mask, adult",
            "Central line kit", "Bone screw, titanium", "Mesh, hernia repair");
    static final List<String> CONDITIONS = List.of("Septicemia or severe sepsis", "Heart failure and shock",
            "Simple pneumonia and pleurisy", "Kidney and urinary tract infections", "Cellulitis",
            "Chronic obstructive pulmonary disease", "Intracranial hemorrhage or cerebral infarction",
            "Gastrointestinal hemorrhage", "Renal failure", "Diabetes", "Syncope and collapse", "Chest pain",
            "Respiratory failure", "Major small and large bowel procedures", "Cardiac arrhythmia and conduction disorders",
            "Disorders of the pancreas except malignancy", "Fractures of hip and pelvis", "Seizures",
            "Alcohol, drug abuse or dependence", "Major joint replacement");
    static final List<String> SEVERITIES = List.of("with MCC", "with CC", "without CC/MCC", "without MCC",
            "with CC/MCC");

    static final List<String> MODIFIERS = List.of("26", "TC", "50", "LT", "RT", "59", "25", "50|62", "26|59");
    static final List<String> DRUG_TYPES = List.of("UN", "ML", "ME", "GR", "EA", "F2", "GM");

    static final List<String> ALGORITHMS = List.of(
            "Allowed amount is 125% of the Medicare IPPS rate for the MS-DRG, including outlier payments.",
            "Allowed amount = $8,000 + MAX(0, $2,500 x (covered days - 4))",
            "Lesser of billed charges and 140% of the current Medicare fee schedule amount.",
            "Allowed amount is 115% of the OPPS APC payment rate in effect on the date of service.",
            "Per diem of $3,150 for days 1 through 3, then $2,200 per additional day.",
            "Allowed amount is 110% of the actual cost of the implant, based on the supplier invoice.",
            "Case rate of $14,500; claims over $90,000 in billed charges are paid at 45% of total billed charges.",
            "Allowed amount is the state Medicaid fee schedule rate plus 12%.");
    static final List<String> OTHER_NOTES = List.of(
            "Methodology is explained in the algorithm data element.",
            "Paid under a contractual formula; see the algorithm for the components of the rate.",
            "Reimbursement depends on the final grouper assignment; see the algorithm.");
    static final List<String> COUNT_ZERO_NOTES = List.of(
            "No claims were paid under this rate during the 12-month lookback period.",
            "Fewer than one remittance was received in the lookback period, so no allowed amounts are available.");
    static final List<String> DOLLAR_NOTES = List.of(
            "110% of the Medicare fee schedule.",
            "Rate includes all routine supplies.",
            "Rate is per unit; multiple units are paid per unit.",
            "Bundled with the primary procedure when billed on the same day.",
            "The modified price is presented in the standard charge value.",
            "Negotiated rate applies to in-network services only; out-of-network claims are paid per the plan.",
            "Reimbursement follows the payer's multiple procedure reduction: 100% for the first line, 50% after.",
            "Rate is the contracted amount for the service code as of the date of the file.");

    /** What real descriptions add to a service's name. */
    static final List<String> DESCRIPTION_SUFFIXES = List.of(" (Newborn Referral)", ", each additional 15 minutes",
            " - hospital outpatient department", ", per unit", " (includes professional component)",
            ", complete study", " - pediatric", ", single view", " with moderate sedation", ", initial encounter");

    /** Notes on a whole item ({@code additional_generic_notes}), as long as real files write them. */
    static final List<String> GENERIC_NOTES = List.of(
            "OPPS APC",
            "Price shown is for the facility component only; the professional fee is billed separately.",
            "Charges for implants, supplies and drugs used during the procedure are billed in addition to this rate.",
            "The discounted cash price applies to self-pay patients who pay in full at the time of service.",
            "Gross charge reflects the hospital chargemaster price on the date of the file; the chargemaster is updated"
                    + " annually.",
            "Inpatient rates are per admission; the length of stay and any outlier days may change the amount paid.",
            "Package: includes the pre-operative visit, the procedure and 90 days of routine post-operative care.");

    /**
     * Clauses that the generator joins into long algorithm texts, as real files write them (a contractual formula
     * spelt out over several sentences, hundreds of characters long).
     */
    static final List<String> ALGORITHM_CLAUSES = List.of(
            "APC Price ($109.84).",
            "If cost exceeds the threshold, the outlier payment is added to the expected reimbursement.",
            "Cost is calculated as the billed amount * the cost-to-charge ratio (0.222).",
            "The threshold is calculated as the maximum of the outlier multiplier threshold and the fixed threshold.",
            "The outlier multiplier threshold is the outlier multiplier factor (1.75) * adjusted APC rate for the line, and"
                    + " the fixed threshold is the outlier fixed-dollar threshold ($7,175) + adjusted APC rate for the line.",
            "If the cost is greater than the comparative threshold, then the outlier payment is calculated as 0.5 * (cost -"
                    + " outlier multiplier threshold) and is added to the expected reimbursement.",
            "Final payment is multiplied by 103%.",
            "MS-DRG relative weight * hospital base rate ($7,412.50), adjusted by the wage index (1.0431).",
            "Claims with total billed charges above $150,000 are paid at 42% of billed charges for the excess.",
            "Per diem rates apply to days 1 through 5; additional days are paid at the step-down rate of $2,150 per day.",
            "Implants with an invoice cost above $1,000 are paid at invoice cost plus 15% in addition to the case rate.",
            "Observation stays of more than 48 hours are paid at the inpatient per diem for each additional day.",
            "The lesser of billed charges and the contracted amount is paid.");

    static final List<String> PLACEHOLDERS = List.of("N/A", "n/a", "NA", "-", "null", "none");
    static final List<String> UNREADABLE = List.of("abc", "12.3.4", "TBD", "see notes", "call for quote", "1O0.00");

    /** Payer families: name pool and plan pool. */
    enum PayerFamily {
        COMMERCIAL(List.of("PPO", "HMO", "EPO", "POS", "Choice Plus", "Open Access Plus", "Exchange Silver",
                "Exchange Gold", "Commercial", "Narrow Network HMO", "High Deductible PPO", "Select")),
        BLUES(List.of("Blue Choice PPO", "Blue Advantage HMO", "BlueCard PPO", "Blue Essentials",
                "Federal Employee Program", "HMO Blue", "PPO", "Blue Premier", "Blue Select", "Exchange Bronze")),
        MEDICARE_ADVANTAGE(List.of("Medicare Advantage HMO", "Medicare Advantage PPO", "Dual Special Needs Plan",
                "Gold Plus HMO", "Chronic Condition SNP", "Group Medicare Advantage PPO", "Medicare Advantage PFFS")),
        MEDICAID(List.of("Medicaid Managed Care", "CHIP", "Medicaid HMO", "Long Term Services and Supports",
                "Behavioral Health", "Expansion Adult", "Foster Care", "Medicaid Dual"));

        final List<String> plans;

        PayerFamily(List<String> plans) {
            this.plans = plans;
        }
    }

    record Payer(String name, PayerFamily family) {}

    /** National and regional payers; the state's Blue plan is added by {@link PayerPanel}. */
    static final List<Payer> PAYERS = List.of(
            new Payer("Aetna", PayerFamily.COMMERCIAL),
            new Payer("UnitedHealthcare", PayerFamily.COMMERCIAL),
            new Payer("Cigna", PayerFamily.COMMERCIAL),
            new Payer("Humana Health Plan, Inc.", PayerFamily.COMMERCIAL),
            new Payer("Anthem", PayerFamily.BLUES),
            new Payer("Medicare Advantage - Humana", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("AARP Medicare Advantage from UnitedHealthcare", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Aetna Medicare", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Molina Healthcare", PayerFamily.MEDICAID),
            new Payer("Oscar Health", PayerFamily.COMMERCIAL),
            new Payer("Ambetter from Centene", PayerFamily.COMMERCIAL),
            new Payer("Kaiser Permanente", PayerFamily.COMMERCIAL),
            new Payer("Health Net", PayerFamily.COMMERCIAL),
            new Payer("Wellcare", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Devoted Health", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Clover Health", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Alignment Health Plan", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("AmeriHealth Caritas", PayerFamily.MEDICAID),
            new Payer("CareSource", PayerFamily.MEDICAID),
            new Payer("Amerigroup", PayerFamily.MEDICAID),
            new Payer("Superior HealthPlan", PayerFamily.MEDICAID),
            new Payer("Sunshine Health", PayerFamily.MEDICAID),
            new Payer("Community Health Choice", PayerFamily.MEDICAID),
            new Payer("Meridian Health Plan", PayerFamily.MEDICAID),
            new Payer("UMR", PayerFamily.COMMERCIAL),
            new Payer("Meritain Health", PayerFamily.COMMERCIAL),
            new Payer("MultiPlan", PayerFamily.COMMERCIAL),
            new Payer("First Health Network", PayerFamily.COMMERCIAL),
            new Payer("TRICARE West Region", PayerFamily.COMMERCIAL),
            new Payer("GEHA", PayerFamily.COMMERCIAL),
            new Payer("Medica", PayerFamily.COMMERCIAL),
            new Payer("Priority Health", PayerFamily.COMMERCIAL),
            new Payer("Harvard Pilgrim Health Care", PayerFamily.COMMERCIAL),
            new Payer("EmblemHealth", PayerFamily.COMMERCIAL),
            new Payer("Oxford Health Plans", PayerFamily.COMMERCIAL),
            new Payer("HealthSmart", PayerFamily.COMMERCIAL),
            new Payer("Allied Benefit Systems", PayerFamily.COMMERCIAL),
            new Payer("Cigna HealthSpring", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("SCAN Health Plan", PayerFamily.MEDICARE_ADVANTAGE),
            new Payer("Florida Blue", PayerFamily.BLUES),
            new Payer("Highmark Blue Cross Blue Shield", PayerFamily.BLUES),
            new Payer("CareFirst BlueCross BlueShield", PayerFamily.BLUES),
            new Payer("Independence Blue Cross", PayerFamily.BLUES),
            new Payer("Premera Blue Cross", PayerFamily.BLUES),
            new Payer("Regence BlueShield", PayerFamily.BLUES),
            new Payer("Wellmark Blue Cross and Blue Shield", PayerFamily.BLUES),
            new Payer("Horizon Blue Cross Blue Shield of New Jersey", PayerFamily.BLUES),
            new Payer("Blue Shield of California", PayerFamily.BLUES),
            new Payer("Excellus BlueCross BlueShield", PayerFamily.BLUES),
            new Payer("BlueCross BlueShield of Tennessee", PayerFamily.BLUES));

    static final List<String> REGIONS = List.of("North", "South", "East", "West", "Central", "Metro", "Coastal",
            "Valley", "Mountain", "Northeast", "Southwest");

    static final List<String> STREETS = List.of("Main Street", "Hospital Drive", "Medical Center Boulevard",
            "Oak Avenue", "Maple Road", "Health Parkway", "River Road", "Hillcrest Drive", "Park Avenue",
            "Summit Way");
    static final List<String> CITIES = List.of("Riverton", "Oak Grove", "Fairview", "Springdale", "Lakeview",
            "Cedar Falls", "Millbrook", "Greenfield", "Ashford", "Brookside", "Pine Hill", "Westfield");
    static final List<String> FIRST_NAMES = List.of("Jordan", "Taylor", "Morgan", "Casey", "Riley", "Avery",
            "Quinn", "Dana", "Robin", "Jamie", "Leslie", "Shawn");
    static final List<String> LAST_NAMES = List.of("Whitaker", "Okafor", "Lindqvist", "Moreno", "Castillo",
            "Nguyen", "Haddad", "Brennan", "Kowalski", "Abernathy", "Fairbanks", "Delgado");

    /** The 56 codes the CMS CSV state list allows, with names. */
    static final Map<String, String> STATE_NAMES = Map.ofEntries(
            entry("AL", "Alabama"), entry("AK", "Alaska"), entry("AS", "American Samoa"), entry("AZ", "Arizona"),
            entry("AR", "Arkansas"), entry("CA", "California"), entry("CO", "Colorado"), entry("CT", "Connecticut"),
            entry("DE", "Delaware"), entry("DC", "the District of Columbia"), entry("FL", "Florida"),
            entry("GA", "Georgia"), entry("GU", "Guam"), entry("HI", "Hawaii"), entry("ID", "Idaho"),
            entry("IL", "Illinois"), entry("IN", "Indiana"), entry("IA", "Iowa"), entry("KS", "Kansas"),
            entry("KY", "Kentucky"), entry("LA", "Louisiana"), entry("ME", "Maine"), entry("MD", "Maryland"),
            entry("MA", "Massachusetts"), entry("MI", "Michigan"), entry("MN", "Minnesota"),
            entry("MS", "Mississippi"), entry("MO", "Missouri"), entry("MT", "Montana"), entry("NE", "Nebraska"),
            entry("NV", "Nevada"), entry("NH", "New Hampshire"), entry("NJ", "New Jersey"),
            entry("NM", "New Mexico"), entry("NY", "New York"), entry("NC", "North Carolina"),
            entry("ND", "North Dakota"), entry("MP", "the Northern Mariana Islands"), entry("OH", "Ohio"),
            entry("OK", "Oklahoma"), entry("OR", "Oregon"), entry("PA", "Pennsylvania"),
            entry("PR", "Puerto Rico"), entry("RI", "Rhode Island"), entry("SC", "South Carolina"),
            entry("SD", "South Dakota"), entry("TN", "Tennessee"), entry("TX", "Texas"), entry("UT", "Utah"),
            entry("VT", "Vermont"), entry("VI", "the Virgin Islands"), entry("VA", "Virginia"),
            entry("WA", "Washington"), entry("WV", "West Virginia"), entry("WI", "Wisconsin"),
            entry("WY", "Wyoming"));
}
