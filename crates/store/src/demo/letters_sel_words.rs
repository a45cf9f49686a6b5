//! The words of the `sel` scale's generated letters: for each specialty a few clinic letters,
//! and for the services that admit patients a discharge summary or two, each in two styles —
//! plain, written to the patient as the Academy of Medical Royal Colleges asks, and the old
//! style the checker flags (shorthand, the patient in the third person). `{n}` in the plan
//! stands for the months (clinic letters) or weeks (discharge summaries) to the next
//! appointment, which each letter fills in. Synthetic, written for this demo; kept short, since
//! two and a half million letters carry them.
//!
//! This file has the medical specialties' clinic letters; [`super::letters_sel_words_more`] has
//! the others, and [`super::letters_sel_words_ward`] the discharge summaries.

use super::letters_curated::{Action, BLANK, Fate, Words};
use joinedup_core::letters::Kind;
use joinedup_core::letters::MedicineChange::{Changed, Started};

/// One kind of letter a specialty writes, in both styles.
pub(super) struct Variant {
    /// The specialty, as the `specialty` column stores it.
    pub specialty: &'static str,
    /// Clinic letter or discharge summary.
    pub kind: Kind,
    /// Only for services whose name has these words (the ADHD service's letters), which then
    /// write no others; `None` for any service of the specialty.
    pub only: Option<&'static str>,
    /// Written plainly to the patient.
    pub plain: Words,
    /// In the old style.
    pub old: Words,
}

/// A GP action due `days` after the appointment or discharge (what becomes of it is decided
/// letter by letter, so the fate here is a placeholder).
pub(super) const fn gp(text: &'static str, days: i64) -> Action {
    Action {
        text,
        due_days: days,
        fate: Fate::Open,
    }
}

/// A clinic letter of `specialty`.
pub(super) const fn clinic(specialty: &'static str, plain: Words, old: Words) -> Variant {
    Variant {
        specialty,
        kind: Kind::ClinicLetter,
        only: None,
        plain,
        old,
    }
}

/// The clinic letters of the medical specialties.
pub(super) const MEDICAL_CLINIC: &[Variant] = &[
    clinic(
        "rheumatology",
        Words {
            diagnoses: "Rheumatoid arthritis",
            summary: "You came to see us about pain and swelling in your hands. Your blood tests and scan show rheumatoid arthritis. This is where your immune system attacks your joints. We have started a medicine to calm it down.",
            medicines: &[(
                Started,
                "Methotrexate",
                "15 mg once a week, on Mondays",
                "To calm your arthritis.",
            )],
            follow_up: "We will see you in clinic in {n} months.",
            gp_actions: &[
                gp(
                    "Check a full blood count, kidney and liver tests every 2 weeks for 6 weeks.",
                    14,
                ),
                gp(
                    "Add methotrexate 2.5 mg tablets and folic acid to the repeat list.",
                    7,
                ),
                gp("Give a flu jab this autumn.", 60),
            ],
            patient_actions: &["Take folic acid 5 mg once a week, but not on a Monday."],
            hospital_actions: &["We will send you an appointment in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Seropositive RA",
            summary: "Pt seen in rheum OPD with 3/12 hx of bilateral MCP and PIP synovitis with EMS of 90 mins. RF +ve, anti-CCP +ve, CRP 34, DAS28 5.2. Commenced MTX.",
            medicines: &[(Started, "MTX", "15mg weekly", "RA")],
            follow_up: "R/v rheum OPD {n}/12.",
            gp_actions: &[
                gp("FBC, U&E, LFT 2/52 for 6/52", 14),
                gp("Add MTX and FA to repeats", 7),
                gp("Annual flu vaccine", 60),
            ],
            ..BLANK
        },
    ),
    clinic(
        "rheumatology",
        Words {
            diagnoses: "Gout in your big toe",
            summary: "You came to see us about attacks of pain in your big toe. This is gout. It happens when a waste product called uric acid builds up and forms crystals in a joint. A daily tablet will lower the uric acid and stop the attacks.",
            medicines: &[(
                Started,
                "Allopurinol",
                "100 mg once a day",
                "To lower your uric acid.",
            )],
            follow_up: "We will see you again in {n} months.",
            gp_actions: &[
                gp("Check uric acid and kidney tests in 4 weeks.", 28),
                gp(
                    "Raise allopurinol by 100 mg each month until uric acid is below 300.",
                    42,
                ),
                gp("Add colchicine to the repeat list for attacks.", 7),
            ],
            patient_actions: &["Drink plenty of water, and keep to 2 alcohol-free days a week."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Recurrent acute gout L 1st MTPJ",
            summary: "4 episodes of acute monoarthritis L 1st MTPJ in 12/12. Urate 520. eGFR 68. Tophi absent. For ULT.",
            medicines: &[(Started, "Allopurinol", "100mg OD", "ULT")],
            follow_up: "R/v {n}/12.",
            gp_actions: &[
                gp("Urate and U&E 4/52", 28),
                gp("Titrate allopurinol by 100mg monthly to urate <300", 42),
                gp("Colchicine PRN for flares", 7),
            ],
            ..BLANK
        },
    ),
    clinic(
        "cardiology",
        Words {
            diagnoses: "Atrial fibrillation, an irregular heartbeat",
            summary: "You came to the heart clinic about a racing heart. Your heart trace shows atrial fibrillation. This means your heart beats out of rhythm. It raises the risk of a stroke, so we have started a blood thinner.",
            medicines: &[(
                Started,
                "Apixaban",
                "5 mg twice a day",
                "To lower your risk of a stroke.",
            )],
            follow_up: "We will see you in the heart clinic in {n} months.",
            gp_actions: &[
                gp("Check kidney tests and a blood count in 3 months.", 90),
                gp("Add apixaban to the repeat list.", 7),
                gp("Check blood pressure at the practice in 4 weeks.", 28),
            ],
            patient_actions: &["Tell any dentist or doctor that you take a blood thinner."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Paroxysmal AF\nCHA2DS2-VASc 3, ORBIT 1",
            summary: "Pt referred with palpitations. 24hr Holter confirmed PAF, max HR 142. TTE: structurally normal heart, LVEF 60%. Commenced DOAC and rate control.",
            medicines: &[(Started, "Apixaban", "5mg BD", "PAF")],
            follow_up: "Cardiology OPD {n}/12.",
            gp_actions: &[
                gp("U&E, FBC 3/12", 90),
                gp("Add DOAC to repeats", 7),
                gp("BP check 4/52", 28),
            ],
            ..BLANK
        },
    ),
    clinic(
        "cardiology",
        Words {
            diagnoses: "Chest pain that is not from your heart",
            summary: "You came to the chest pain clinic. Your heart trace, blood tests and heart scan were all normal. The pain is most likely from the muscles of your chest wall. It is not a sign of heart disease.",
            follow_up: "You do not need to come back to the heart clinic.",
            gp_actions: &[
                gp("Check cholesterol at the next health check.", 90),
                gp("Review the pain in 4 weeks if it has not settled.", 28),
            ],
            patient_actions: &["Call 999 if you have chest pain that lasts more than 15 minutes."],
            ..BLANK
        },
        Words {
            diagnoses: "Atypical CP - likely MSK",
            summary: "Seen in RACPC. ECG SR, no ischaemic changes. Trop neg x2. CTCA: CAD-RADS 0. Reproducible chest wall tenderness. Non-cardiac CP.",
            follow_up: "D/c from cardiology f/u.",
            gp_actions: &[
                gp("Lipids at next NHS HC", 90),
                gp("R/v if ongoing sx 4/52", 28),
            ],
            ..BLANK
        },
    ),
    clinic(
        "haematology",
        Words {
            diagnoses: "Low iron, which has caused anaemia",
            summary: "You came to see us because your blood count was low. This is because your body is short of iron. We have given you an iron drip today. The camera tests of your gut found no cause for bleeding.",
            follow_up: "We will check your blood again in {n} months.",
            gp_actions: &[
                gp("Check a full blood count and iron level in 8 weeks.", 56),
                gp("Start iron tablets if the iron level falls again.", 90),
            ],
            patient_actions: &["Eat foods rich in iron, like beans, green vegetables and meat."],
            hospital_actions: &["We will write to you with your blood results."],
            ..BLANK
        },
        Words {
            diagnoses: "IDA, Hb 84, ferritin 6",
            summary: "Pt with symptomatic IDA. OGD and colonoscopy NAD. Coeliac serology neg. Given IV ferric carboxymaltose 1g today, tolerated well.",
            follow_up: "R/v haem OPD {n}/12.",
            gp_actions: &[
                gp("FBC, ferritin 8/52", 56),
                gp("PO iron if ferritin falls", 90),
            ],
            ..BLANK
        },
    ),
    clinic(
        "nephrology",
        Words {
            diagnoses: "Chronic kidney disease, stage 3",
            summary: "You came to the kidney clinic. Your kidneys work at about half the normal level. This has been steady for a year. The main thing is to keep your blood pressure low, which protects your kidneys.",
            medicines: &[(
                Changed,
                "Ramipril",
                "5 mg once a day",
                "To protect your kidneys and lower your blood pressure.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp(
                    "Check kidney tests and potassium 2 weeks after the ramipril dose goes up.",
                    14,
                ),
                gp("Aim for blood pressure below 130/80.", 60),
            ],
            patient_actions: &["Do not take ibuprofen or other anti-inflammatory pain killers."],
            hospital_actions: &["We will see you in {n} months with a urine test."],
            ..BLANK
        },
        Words {
            diagnoses: "CKD G3b A2\nHTN",
            summary: "eGFR 38, stable over 12/12. uACR 14. US KUB: bilateral small kidneys, no hydronephrosis. BP 152/88. Ramipril uptitrated.",
            medicines: &[(Changed, "Ramipril", "5mg OD", "CKD/HTN")],
            follow_up: "Renal OPD {n}/12.",
            gp_actions: &[
                gp("U&E 2/52 post ACEi uptitration", 14),
                gp("BP target <130/80", 60),
            ],
            ..BLANK
        },
    ),
    clinic(
        "gastroenterology",
        Words {
            diagnoses: "Irritable bowel syndrome",
            summary: "You came to see us about tummy pain and loose stools. Your blood and stool tests were normal. This means you have irritable bowel syndrome. It is common, it is not serious, and diet changes often help.",
            follow_up: "You do not need to come back to the clinic.",
            gp_actions: &[gp(
                "Refer to the practice dietitian if diet changes do not help in 3 months.",
                90,
            )],
            patient_actions: &["Try the diet advice in the leaflet we gave you for 6 weeks."],
            ..BLANK
        },
        Words {
            diagnoses: "IBS-D",
            summary: "Pt c/o 1 yr hx of abdo pain and loose stools. FC 22, coeliac serology neg, TFTs NAD. Rome IV criteria met. No red flags.",
            follow_up: "Discharged. Not for routine f/u.",
            gp_actions: &[gp("Dietetic referral if sx persist", 90)],
            ..BLANK
        },
    ),
    clinic(
        "gastroenterology",
        Words {
            diagnoses: "Coeliac disease",
            summary: "The camera test showed coeliac disease. Your gut reacts to gluten, which is in wheat, barley and rye. A gluten-free diet for life will let your gut heal. Your tiredness and tummy pain should get better.",
            follow_up: "We will see you in {n} months to check your blood test.",
            gp_actions: &[
                gp("Check a blood count, iron and vitamin D in 3 months.", 90),
                gp("Add gluten-free foods to the repeat list.", 14),
            ],
            patient_actions: &["Go to the dietitian appointment we have booked for you."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Coeliac disease (Marsh 3b)",
            summary: "OGD: scalloping of D2, duodenal biopsies Marsh 3b. tTG-IgA >128. For GFD and dietetic input.",
            follow_up: "GI OPD {n}/12 with repeat tTG.",
            gp_actions: &[
                gp("FBC, ferritin, Vit D 3/12", 90),
                gp("GF prescriptions", 14),
            ],
            ..BLANK
        },
    ),
    clinic(
        "endocrinology",
        Words {
            diagnoses: "Type 2 diabetes",
            summary: "You came to the diabetes clinic. Your long-term sugar level is still high. We have added a weekly injection, which lowers sugar and can help you lose weight. Our nurse showed you how to use the pen.",
            medicines: &[(
                Started,
                "Semaglutide",
                "0.25 mg once a week for 4 weeks, then 0.5 mg",
                "To lower your blood sugar.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Check the long-term sugar level in 3 months.", 90),
                gp("Add semaglutide pens to the repeat list.", 7),
                gp("Book the yearly foot and eye checks.", 60),
            ],
            patient_actions: &["Eat small meals if you feel sick at first. This often settles."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "T2DM, suboptimal control\nObesity, BMI 36",
            summary: "HbA1c 74 on metformin 1g BD and gliclazide 80mg BD. Commenced GLP-1 RA. Injection technique taught by DSN.",
            medicines: &[(
                Started,
                "Semaglutide",
                "0.25mg weekly, increase to 0.5mg after 4/52",
                "T2DM",
            )],
            follow_up: "DM OPD {n}/12.",
            gp_actions: &[
                gp("HbA1c 3/12", 90),
                gp("Add GLP-1 RA to repeats", 7),
                gp("Annual DRS and foot check", 60),
            ],
            ..BLANK
        },
    ),
    clinic(
        "endocrinology",
        Words {
            diagnoses: "An underactive thyroid gland",
            summary: "You came to see us about tiredness and weight gain. Your thyroid gland is not making enough hormone. A daily tablet will replace it. It can take a few months to feel better.",
            medicines: &[(
                Started,
                "Levothyroxine",
                "50 micrograms once a day",
                "To replace your thyroid hormone.",
            )],
            follow_up: "You do not need to come back to the clinic.",
            gp_actions: &[
                gp("Check thyroid tests in 6 weeks and adjust the dose.", 42),
                gp("Add levothyroxine to the repeat list.", 7),
            ],
            patient_actions: &["Take the tablet on an empty stomach, 30 minutes before breakfast."],
            ..BLANK
        },
        Words {
            diagnoses: "Primary hypothyroidism",
            summary: "TSH 18.2, fT4 8.1. TPO Ab +ve. Commenced levothyroxine.",
            medicines: &[(Started, "Levothyroxine", "50mcg OD", "Hypothyroidism")],
            follow_up: "Discharged to GP.",
            gp_actions: &[gp("TFTs 6/52 and titrate", 42), gp("Add to repeats", 7)],
            ..BLANK
        },
    ),
    clinic(
        "neurology",
        Words {
            diagnoses: "Migraine",
            summary: "You came to see us about headaches. Your headaches are migraines. Your check was normal, so you do not need a scan. Taking pain killers on more than 10 days a month can make headaches worse.",
            medicines: &[(
                Started,
                "Propranolol",
                "40 mg twice a day",
                "To prevent your migraines.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[gp("Add propranolol to the repeat list.", 7)],
            patient_actions: &["Keep a headache diary and bring it next time."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Chronic migraine without aura\nMOH",
            summary: "Pt reports 16 headache days/month, analgesia 15 days/month. Neuro exam NAD. No red flags, neuroimaging not indicated. Commenced prophylaxis.",
            medicines: &[(Started, "Propranolol", "40mg BD", "Migraine prophylaxis")],
            follow_up: "Neuro OPD {n}/12.",
            gp_actions: &[gp("Add propranolol to repeats", 7)],
            ..BLANK
        },
    ),
    clinic(
        "neurology",
        Words {
            diagnoses: "Epilepsy",
            summary: "You came to the first fit clinic after two seizures. Your brain wave test shows you have epilepsy. We have started a medicine to stop the seizures. You must not drive until you have been free of seizures for a year.",
            medicines: &[(
                Started,
                "Lamotrigine",
                "25 mg once a day, going up slowly",
                "To prevent seizures.",
            )],
            follow_up: "Our epilepsy nurse will call you in 4 weeks.",
            gp_actions: &[gp("Add lamotrigine to the repeat list.", 7)],
            patient_actions: &["Tell the DVLA about your seizures, and do not drive."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Focal epilepsy with evolution to bilateral TCS",
            summary: "2 unprovoked GTCS. EEG: L temporal sharp waves. MRI brain NAD. Commenced AED. DVLA advice given.",
            medicines: &[(
                Started,
                "Lamotrigine",
                "25mg OD, titrate per schedule",
                "Epilepsy",
            )],
            follow_up: "ESN TC 4/52. Neuro OPD {n}/12.",
            gp_actions: &[gp("Add AED to repeats", 7)],
            ..BLANK
        },
    ),
    clinic(
        "hepatology",
        Words {
            diagnoses: "Fatty liver disease",
            summary: "You came to the liver clinic. Your scan shows fat in your liver. The scarring test was reassuring. Losing some weight and cutting down on alcohol can reverse it.",
            follow_up: "We will scan your liver again in {n} months.",
            gp_actions: &[
                gp("Check liver tests in 6 months.", 180),
                gp("Offer help to lose weight.", 28),
            ],
            patient_actions: &["Aim to lose 1 stone over the next year."],
            hospital_actions: &["We will send you a scan appointment."],
            ..BLANK
        },
        Words {
            diagnoses: "MASLD, F1 on fibroscan",
            summary: "ALT 88. Fibroscan 6.8 kPa, CAP 310. Viral screen neg. BMI 33. Lifestyle advice given.",
            follow_up: "Hepatology OPD {n}/12 with repeat fibroscan.",
            gp_actions: &[gp("LFTs 6/12", 180), gp("Weight mx referral", 28)],
            ..BLANK
        },
    ),
    clinic(
        "respiratory",
        Words {
            diagnoses: "COPD, a long-term lung condition",
            summary: "You came to the chest clinic about breathlessness. Your breathing test shows COPD. This is damage to the lungs, often from smoking. We have changed your inhaler to a stronger one.",
            medicines: &[(
                Started,
                "Trimbow inhaler",
                "2 puffs twice a day",
                "To open your airways.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp(
                    "Add the new inhaler to the repeat list and stop the old one.",
                    7,
                ),
                gp("Offer help to stop smoking.", 14),
                gp("Give the flu and pneumonia jabs.", 60),
            ],
            patient_actions: &["Go to the lung exercise classes we have booked."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "COPD, GOLD E\nCurrent smoker, 40 pack yrs",
            summary: "FEV1/FVC 0.58, FEV1 52% predicted. 2 exacerbations requiring OCS in 12/12. Escalated to triple therapy. Referred to PR.",
            medicines: &[(Started, "Trimbow", "2 puffs BD", "COPD")],
            follow_up: "Resp OPD {n}/12.",
            gp_actions: &[
                gp("Amend repeats", 7),
                gp("Smoking cessation", 14),
                gp("Flu and PPV23", 60),
            ],
            ..BLANK
        },
    ),
    clinic(
        "respiratory",
        Words {
            diagnoses: "Asthma",
            summary: "You came to see us about cough and wheeze at night. Your breathing tests show asthma. Your preventer inhaler calms the swelling in your airways, so use it every day, even when you feel well.",
            medicines: &[(
                Started,
                "Symbicort inhaler",
                "1 puff twice a day, and 1 puff when you need it",
                "To prevent and relieve asthma.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Add the new inhaler to the repeat list.", 7),
                gp("Review asthma at the practice in 3 months.", 90),
            ],
            patient_actions: &["Follow your asthma action plan."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Asthma, poorly controlled",
            summary: "Pt with nocturnal cough and wheeze. FeNO 62 ppb, PEF variability 24%. ACT 14. Switched to MART.",
            medicines: &[(Started, "Symbicort 200/6", "1 puff BD + PRN", "MART")],
            follow_up: "Resp OPD {n}/12.",
            gp_actions: &[gp("Amend repeats", 7), gp("Asthma r/v 3/12", 90)],
            ..BLANK
        },
    ),
];
