//! The words of the discharge summaries, for the services that admit patients, in both styles;
//! see [`super::letters_sel_words`].

use super::letters_curated::{BLANK, Words};
use super::letters_sel_words::{Variant, gp};
use joinedup_core::letters::Kind;
use joinedup_core::letters::MedicineChange::{Changed, Started};

/// A discharge summary of `specialty`.
const fn discharge(specialty: &'static str, plain: Words, old: Words) -> Variant {
    Variant {
        specialty,
        kind: Kind::DischargeSummary,
        only: None,
        plain,
        old,
    }
}

/// The discharge summaries, for the services that admit patients.
pub(super) const DISCHARGES: &[Variant] = &[
    discharge(
        "cardiology",
        Words {
            diagnoses: "Heart failure",
            summary: "You were in hospital for 5 days because fluid had built up in your lungs and legs. Your heart is not pumping as well as it should. Water tablets cleared the fluid.",
            medicines: &[(
                Started,
                "Furosemide",
                "40 mg each morning",
                "To stop fluid building up.",
            )],
            follow_up: "The heart failure nurse will see you in {n} weeks.",
            gp_actions: &[
                gp("Check kidney tests and potassium in 1 week.", 7),
                gp("Add furosemide to the repeat list.", 3),
            ],
            patient_actions: &["Weigh yourself each morning. Call us if you gain 2 kg in 3 days."],
            ..BLANK
        },
        Words {
            diagnoses: "Acute decompensated HFrEF, LVEF 30%",
            summary: "Adm with SOB and bilateral pedal oedema. CXR: pulmonary oedema. BNP 2400. Offloaded with IV furosemide, wt down 6kg.",
            medicines: &[(Started, "Furosemide", "40mg OM", "HF")],
            follow_up: "HF nurse {n}/52.",
            gp_actions: &[gp("U&E 1/52", 7), gp("Add to repeats", 3)],
            ..BLANK
        },
    ),
    discharge(
        "cardiology",
        Words {
            diagnoses: "Heart attack",
            summary: "You came in with chest pain. It was a heart attack. We opened the blocked artery and put in a small tube called a stent. Your heart is pumping well.",
            medicines: &[(
                Started,
                "Ticagrelor",
                "90 mg twice a day for 12 months",
                "To keep the stent open.",
            )],
            follow_up: "We will see you in the heart clinic in {n} weeks.",
            gp_actions: &[
                gp("Check kidney tests in 2 weeks.", 14),
                gp("Add the new heart medicines to the repeat list.", 7),
            ],
            patient_actions: &["Go to the heart rehab classes we have booked."],
            ..BLANK
        },
        Words {
            diagnoses: "NSTEMI\nPCI to LAD",
            summary: "Adm with central CP, trop 40 > 880. Angio: 90% prox LAD, PCI with DES. Echo LVEF 55%.",
            medicines: &[(Started, "Ticagrelor", "90mg BD 12/12", "DAPT")],
            follow_up: "Cardiology OPD {n}/52.",
            gp_actions: &[gp("U&E 2/52", 14), gp("Add to repeats", 7)],
            ..BLANK
        },
    ),
    discharge(
        "gastroenterology",
        Words {
            diagnoses: "Bleeding from a stomach ulcer",
            summary: "You came in because you were vomiting blood. A camera test found a bleeding ulcer in your stomach, which we sealed. The ulcer was caused by the ibuprofen you were taking.",
            medicines: &[(
                Started,
                "Omeprazole",
                "40 mg twice a day for 8 weeks",
                "To heal the ulcer.",
            )],
            follow_up: "We will repeat the camera test in {n} weeks.",
            gp_actions: &[
                gp("Check a full blood count in 2 weeks.", 14),
                gp("Stop any pain killers that can harm the stomach.", 7),
            ],
            patient_actions: &["Do not take ibuprofen or aspirin."],
            ..BLANK
        },
        Words {
            diagnoses: "Upper GI bleed - Forrest IIa DU\nNSAID use",
            summary: "Adm with haematemesis, Hb 78. GBS 11. OGD: DU with visible vessel, treated with adrenaline and clips. 2 units PRBC.",
            medicines: &[(Started, "Omeprazole", "40mg BD 8/52", "DU")],
            follow_up: "Repeat OGD {n}/52.",
            gp_actions: &[gp("FBC 2/52", 14), gp("Avoid NSAIDs", 7)],
            ..BLANK
        },
    ),
    discharge(
        "respiratory",
        Words {
            diagnoses: "Pneumonia",
            summary: "You were in hospital for 4 days with a chest infection called pneumonia. You had antibiotics through a drip, then tablets. You are now much better.",
            medicines: &[(
                Started,
                "Amoxicillin",
                "500 mg three times a day for 2 more days",
                "To treat the infection.",
            )],
            follow_up: "You will have a chest X-ray in {n} weeks.",
            gp_actions: &[
                gp("Check the chest X-ray result in 6 weeks.", 42),
                gp("See you in 2 weeks if the cough is no better.", 14),
            ],
            patient_actions: &["Rest, and drink plenty of fluids."],
            ..BLANK
        },
        Words {
            diagnoses: "CAP, CURB-65 2",
            summary: "Adm with fever, productive cough and SOB. CXR: RLL consolidation. CRP 210. IV co-amoxiclav then PO. Clinically improved.",
            medicines: &[(Started, "Amoxicillin", "500mg TDS 2/7", "CAP")],
            follow_up: "Repeat CXR {n}/52.",
            gp_actions: &[gp("F/u CXR 6/52", 42), gp("R/v 2/52 if not improving", 14)],
            ..BLANK
        },
    ),
    discharge(
        "respiratory",
        Words {
            diagnoses: "A flare-up of COPD",
            summary: "You came in very breathless. This was a flare-up of your COPD, set off by a cold. Steroid tablets and nebulisers helped. You are breathing as well as before.",
            medicines: &[(
                Started,
                "Prednisolone",
                "30 mg once a day for 3 more days",
                "To calm your airways.",
            )],
            follow_up: "The lung team will call you in {n} weeks.",
            gp_actions: &[
                gp("Review inhaler technique in 2 weeks.", 14),
                gp("Add a rescue pack to the repeat list.", 7),
            ],
            patient_actions: &[
                "Keep your rescue pack at home and use it at the first sign of a flare-up.",
            ],
            ..BLANK
        },
        Words {
            diagnoses: "IECOPD",
            summary: "Adm with increased SOB and sputum. ABG: no hypercapnia. Nebs, pred 30mg, doxycycline. Sats 92% on RA at d/c.",
            medicines: &[(Started, "Prednisolone", "30mg OD 3/7", "IECOPD")],
            follow_up: "Resp nurse TC {n}/52.",
            gp_actions: &[
                gp("Inhaler technique r/v 2/52", 14),
                gp("Rescue pack on repeats", 7),
            ],
            ..BLANK
        },
    ),
    discharge(
        "hepatology",
        Words {
            diagnoses: "Liver damage from alcohol",
            summary: "You were in hospital for a week because your liver was swollen and you had jaundice. This was caused by alcohol. Your liver tests are now getting better.",
            medicines: &[(
                Started,
                "Thiamine",
                "100 mg three times a day",
                "To protect your nerves and brain.",
            )],
            follow_up: "We will see you in the liver clinic in {n} weeks.",
            gp_actions: &[
                gp("Check liver tests in 2 weeks.", 14),
                gp("Add thiamine to the repeat list.", 7),
            ],
            patient_actions: &["Do not drink alcohol. The alcohol team will help you."],
            ..BLANK
        },
        Words {
            diagnoses: "Alcohol-related hepatitis\nALD",
            summary: "Adm with jaundice, bili 180. mDF 28. Managed with CIWA-guided chlordiazepoxide, Pabrinex. AUDIT 32.",
            medicines: &[(Started, "Thiamine", "100mg TDS", "ETOH")],
            follow_up: "Hepatology OPD {n}/52.",
            gp_actions: &[gp("LFTs 2/52", 14), gp("Thiamine on repeats", 7)],
            ..BLANK
        },
    ),
    discharge(
        "nephrology",
        Words {
            diagnoses: "Sudden kidney injury",
            summary: "You were in hospital because your kidneys had stopped working well. This was because you were dry after a tummy bug. Fluids through a drip helped, and your kidneys are recovering.",
            medicines: &[(
                Changed,
                "Ramipril",
                "Stopped for now",
                "It can strain the kidneys when you are unwell.",
            )],
            follow_up: "We will see you in {n} weeks.",
            gp_actions: &[
                gp(
                    "Check kidney tests in 1 week, and restart ramipril if they are back to normal.",
                    7,
                ),
                gp(
                    "Look again at any other medicines that can strain the kidneys.",
                    14,
                ),
            ],
            patient_actions: &["If you get a tummy bug again, stop ramipril until you are better."],
            ..BLANK
        },
        Words {
            diagnoses: "AKI stage 2 (pre-renal) secondary to D&V",
            summary: "Cr 310 on adm (baseline 95). IVI. ACEi held. Cr 130 at d/c.",
            medicines: &[(Changed, "Ramipril", "Withheld", "AKI")],
            follow_up: "Renal OPD {n}/52.",
            gp_actions: &[
                gp("U&E 1/52, restart ACEi if Cr at baseline", 7),
                gp("Med r/v - nephrotoxics", 14),
            ],
            ..BLANK
        },
    ),
    discharge(
        "haematology",
        Words {
            diagnoses: "A blood clot in your lung",
            summary: "You came in short of breath. A scan found a blood clot in your lung. We started a blood thinner, which you will take for at least 3 months.",
            medicines: &[(
                Started,
                "Apixaban",
                "10 mg twice a day for 7 days, then 5 mg twice a day",
                "To treat the clot.",
            )],
            follow_up: "The clot clinic will see you in {n} weeks.",
            gp_actions: &[
                gp("Add apixaban to the repeat list.", 7),
                gp("Check kidney tests and a blood count in 3 months.", 90),
            ],
            patient_actions: &["Call 999 if you get chest pain or cough up blood."],
            ..BLANK
        },
        Words {
            diagnoses: "Acute PE",
            summary: "Adm with pleuritic CP and SOB. CTPA: R segmental PE. No RV strain. Commenced DOAC.",
            medicines: &[(Started, "Apixaban", "10mg BD 7/7 then 5mg BD", "PE")],
            follow_up: "Anticoag clinic {n}/52.",
            gp_actions: &[gp("Add DOAC to repeats", 7), gp("U&E, FBC 3/12", 90)],
            ..BLANK
        },
    ),
    discharge(
        "neurology",
        Words {
            diagnoses: "A small stroke",
            summary: "You came in with weakness in your right arm. A scan showed a small stroke. The weakness has got better. Medicines to thin your blood and lower your cholesterol will lower the risk of another one.",
            medicines: &[(
                Started,
                "Clopidogrel",
                "75 mg once a day",
                "To prevent another stroke.",
            )],
            follow_up: "The stroke clinic will see you in {n} weeks.",
            gp_actions: &[
                gp("Check blood pressure in 2 weeks.", 14),
                gp("Add clopidogrel and atorvastatin to the repeat list.", 7),
            ],
            patient_actions: &["Do not drive for 1 month."],
            ..BLANK
        },
        Words {
            diagnoses: "L MCA territory ischaemic stroke",
            summary: "Adm with R arm weakness, NIHSS 3. MRI: small L MCA infarct. Not for thrombolysis. Commenced antiplatelet and statin.",
            medicines: &[(Started, "Clopidogrel", "75mg OD", "Secondary prevention")],
            follow_up: "Stroke OPD {n}/52.",
            gp_actions: &[gp("BP check 2/52", 14), gp("Add to repeats", 7)],
            ..BLANK
        },
    ),
    discharge(
        "urology",
        Words {
            diagnoses: "A kidney stone",
            summary: "You came in with bad pain in your side. A scan found a small kidney stone. We put in a soft tube called a stent to let urine drain. We will take the stone out later.",
            medicines: &[(
                Started,
                "Paracetamol",
                "1 g four times a day when you need it",
                "For pain.",
            )],
            follow_up: "We will send you a date to remove the stone in {n} weeks.",
            gp_actions: &[
                gp("Give pain relief if needed until the operation.", 7),
                gp("Check kidney tests in 2 weeks.", 14),
            ],
            patient_actions: &["Drink 2 to 3 litres of water a day."],
            ..BLANK
        },
        Words {
            diagnoses: "Obstructing 7mm L VUJ calculus",
            summary: "Adm with L loin pain. CTKUB: 7mm L VUJ stone with hydronephrosis. L JJ stent inserted.",
            medicines: &[(Started, "Paracetamol", "1g QDS PRN", "Analgesia")],
            follow_up: "Listed for URS {n}/52.",
            gp_actions: &[gp("Analgesia PRN", 7), gp("U&E 2/52", 14)],
            ..BLANK
        },
    ),
    discharge(
        "endocrinology",
        Words {
            diagnoses: "Very high blood sugar with ketones",
            summary: "You came in very unwell because your blood sugar was very high. Insulin through a drip brought it down. Our diabetes nurse checked how you use your insulin pen.",
            medicines: &[(
                Changed,
                "Insulin glargine",
                "18 units each night",
                "To control your sugar.",
            )],
            follow_up: "The diabetes nurse will call you in {n} weeks.",
            gp_actions: &[
                gp("Add the new insulin dose to the repeat list.", 7),
                gp("Check the long-term sugar level in 3 months.", 90),
            ],
            patient_actions: &["Check your sugar 4 times a day, and more if you are unwell."],
            ..BLANK
        },
        Words {
            diagnoses: "DKA",
            summary: "Adm with DKA, pH 7.15, ketones 5.2. FRIII as per protocol. Resolved in 18 hrs. Precipitant: missed insulin.",
            medicines: &[(Changed, "Insulin glargine", "18 units ON", "T1DM")],
            follow_up: "DSN TC {n}/52.",
            gp_actions: &[gp("Amend insulin on repeats", 7), gp("HbA1c 3/12", 90)],
            ..BLANK
        },
    ),
    discharge(
        "paediatrics",
        Words {
            diagnoses: "Wheeze with a cold",
            summary: "You stayed with us for 2 nights because a cold made you wheezy. Your blue inhaler helped, and now you can go home.",
            medicines: &[(
                Started,
                "Salbutamol inhaler",
                "Up to 10 puffs every 4 hours with a spacer when wheezy",
                "To open your airways.",
            )],
            follow_up: "Your GP will see you in {n} weeks.",
            gp_actions: &[
                gp("See the child in 2 weeks to review the wheeze.", 14),
                gp("Add the inhaler and spacer to the repeat list.", 7),
            ],
            patient_actions: &["Follow the wheeze plan we gave your parent."],
            ..BLANK
        },
        Words {
            diagnoses: "Viral-induced wheeze",
            summary: "Adm with VIW. Required burst therapy salbutamol and 3/7 pred. Weaned to 4 hrly.",
            medicines: &[(
                Started,
                "Salbutamol",
                "10 puffs 4 hrly PRN via spacer",
                "VIW",
            )],
            follow_up: "GP r/v {n}/52.",
            gp_actions: &[
                gp("GP r/v 2/52", 14),
                gp("Add salbutamol and spacer to repeats", 7),
            ],
            ..BLANK
        },
    ),
    discharge(
        "psychiatry",
        Words {
            diagnoses: "A period of severe depression",
            summary: "You were on our ward for 3 weeks when your mood was very low. You are feeling safer and your sleep is better. The home treatment team will visit you.",
            medicines: &[(
                Changed,
                "Mirtazapine",
                "30 mg at night",
                "To help your mood and sleep.",
            )],
            follow_up: "Your care coordinator will see you in {n} weeks.",
            gp_actions: &[
                gp("Add mirtazapine 30 mg to the repeat list.", 7),
                gp("Check weight in 3 months.", 90),
            ],
            patient_actions: &["If you feel unsafe, call the crisis line on 0800 330 8590."],
            ..BLANK
        },
        Words {
            diagnoses: "Severe depressive episode without psychotic sx",
            summary: "Informal adm. Mirtazapine uptitrated. MSE at d/c: euthymic, no SI. Risk low. HTT f/u.",
            medicines: &[(Changed, "Mirtazapine", "30mg ON", "Depression")],
            follow_up: "CPA r/v {n}/52.",
            gp_actions: &[gp("Amend repeat", 7), gp("Wt 3/12", 90)],
            ..BLANK
        },
    ),
];
