//! The words of the other specialties' clinic letters (skin, children, urology, eyes, mental
//! health), in both styles; see [`super::letters_sel_words`].

use super::letters_curated::{BLANK, Words};
use super::letters_sel_words::{Variant, clinic, gp};
use joinedup_core::letters::MedicineChange::{Changed, Started};

/// The clinic letters of the other specialties.
pub(super) const OTHER_CLINIC: &[Variant] = &[
    clinic(
        "dermatology",
        Words {
            diagnoses: "Eczema",
            summary: "You came to the skin clinic about itchy, dry skin. This is eczema. A stronger steroid cream for flare-ups and a moisturiser every day will help. Used like this, the cream is safe.",
            medicines: &[(
                Started,
                "Mometasone cream",
                "Once a day on flare-ups, for up to 2 weeks",
                "To calm flare-ups.",
            )],
            follow_up: "You do not need to come back to the clinic.",
            gp_actions: &[
                gp("Add the cream and a moisturiser to the repeat list.", 7),
                gp(
                    "Review the skin in 3 months if flare-ups keep coming back.",
                    90,
                ),
            ],
            patient_actions: &["Use the moisturiser at least twice a day, instead of soap."],
            ..BLANK
        },
        Words {
            diagnoses: "Atopic dermatitis, moderate",
            summary: "Flexural eczema with lichenification. EASI 14. No evidence of secondary infection. Step up to potent TCS for flares with emollients.",
            medicines: &[(Started, "Mometasone 0.1% cream", "OD PRN 2/52", "AD flares")],
            follow_up: "D/c to GP.",
            gp_actions: &[
                gp("Add TCS and emollient to repeats", 7),
                gp("R/v 3/12 if frequent flares", 90),
            ],
            ..BLANK
        },
    ),
    clinic(
        "dermatology",
        Words {
            diagnoses: "Psoriasis",
            summary: "You came to the skin clinic about scaly patches on your elbows and knees. This is psoriasis. Creams have not helped enough, so we will start light treatment in our unit, twice a week.",
            follow_up: "We will see you after your light treatment, in {n} months.",
            gp_actions: &[gp("Check blood pressure and cholesterol this year.", 90)],
            patient_actions: &["Come to the light treatment unit twice a week for 10 weeks."],
            hospital_actions: &["We will send you the light treatment dates."],
            ..BLANK
        },
        Words {
            diagnoses: "Chronic plaque psoriasis, PASI 11",
            summary: "Plaques on extensor surfaces and scalp. Failed topical tx. For NB-UVB phototherapy 2x/wk.",
            follow_up: "Derm OPD {n}/12 post phototherapy.",
            gp_actions: &[gp("CV risk assessment", 90)],
            ..BLANK
        },
    ),
    clinic(
        "paediatrics",
        Words {
            diagnoses: "Asthma",
            summary: "You came to the children's clinic with your parent about cough and wheeze. This is asthma. Your brown preventer inhaler calms your airways. Use it with the spacer every day.",
            medicines: &[(
                Started,
                "Clenil inhaler",
                "100 micrograms, 2 puffs twice a day with a spacer",
                "To prevent asthma.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Add the inhaler and spacer to the repeat list.", 7),
                gp("Give the flu vaccine this autumn.", 60),
            ],
            patient_actions: &["Take your asthma plan to school."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Asthma",
            summary: "Seen with mother. Recurrent viral-induced and interval wheeze, nocturnal cough. Chest clear today. Commenced ICS via spacer.",
            medicines: &[(
                Started,
                "Beclometasone (Clenil) 100mcg",
                "2 puffs BD via spacer",
                "Asthma",
            )],
            follow_up: "Paeds OPD {n}/12.",
            gp_actions: &[
                gp("Add ICS and spacer to repeats", 7),
                gp("Annual flu vaccine", 60),
            ],
            ..BLANK
        },
    ),
    clinic(
        "paediatrics",
        Words {
            diagnoses: "Constipation",
            summary: "You came to see us with your parent because it hurts to poo. This is constipation. A drink mixed with a powder will soften your poo. It is safe to take for months.",
            medicines: &[(
                Started,
                "Movicol Paediatric",
                "2 sachets a day, changed as we showed you",
                "To soften your poo.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Add Movicol Paediatric to the repeat list.", 7),
                gp("Review in 6 weeks if there is no change.", 42),
            ],
            patient_actions: &["Sit on the toilet for 5 minutes after each meal."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Chronic idiopathic constipation",
            summary: "Hx of infrequent painful stools, no red flags. Abdo soft, faecal loading. Disimpaction regime then maintenance.",
            medicines: &[(
                Started,
                "Movicol Paediatric",
                "Disimpaction regime then maintenance",
                "Constipation",
            )],
            follow_up: "Paeds OPD {n}/12.",
            gp_actions: &[gp("Add to repeats", 7), gp("R/v 6/52", 42)],
            ..BLANK
        },
    ),
    clinic(
        "urology",
        Words {
            diagnoses: "An enlarged prostate gland",
            summary: "You came to see us about a weak flow and getting up at night to pass urine. Your prostate gland is larger than usual. This is common and is not cancer. A daily tablet should help.",
            medicines: &[(
                Started,
                "Tamsulosin",
                "400 micrograms once a day",
                "To help you pass urine.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Add tamsulosin to the repeat list.", 7),
                gp("Check a kidney blood test in 6 months.", 180),
            ],
            patient_actions: &["Drink less in the 2 hours before bed."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "LUTS secondary to BPE",
            summary: "IPSS 19. DRE: smooth, benign-feeling, 40g. PSA 2.1. Flow rate Qmax 9 ml/s. PVR 80ml. Commenced alpha blocker.",
            medicines: &[(Started, "Tamsulosin", "400mcg OD", "BPE")],
            follow_up: "Urology OPD {n}/12.",
            gp_actions: &[gp("Add to repeats", 7), gp("U&E 6/12", 180)],
            ..BLANK
        },
    ),
    clinic(
        "ophthalmology",
        Words {
            diagnoses: "Cataract in your right eye",
            summary: "You came to the eye clinic about blurred sight. You have a cataract, which is clouding of the lens in your eye. An operation will replace the lens. You agreed to have it.",
            follow_up: "We will send you a date for the operation.",
            gp_actions: &[gp("Check blood pressure before the operation.", 28)],
            patient_actions: &["Keep taking your usual medicines before the operation."],
            hospital_actions: &["We will book your operation in the next 3 months."],
            ..BLANK
        },
        Words {
            diagnoses: "R visually significant cataract",
            summary: "VA R 6/24, L 6/9. Dense R NS cataract. Fundi NAD. Listed for R phaco + IOL under LA.",
            follow_up: "Listed for surgery.",
            gp_actions: &[gp("Pre-op BP", 28)],
            ..BLANK
        },
    ),
    clinic(
        "ophthalmology",
        Words {
            diagnoses: "Glaucoma",
            summary: "You came to the eye clinic because the pressure in your eyes was high. This is glaucoma. It can damage your sight if it is not treated. Eye drops each night will lower the pressure.",
            medicines: &[(
                Started,
                "Latanoprost eye drops",
                "1 drop in each eye at night",
                "To lower the pressure in your eyes.",
            )],
            follow_up: "We will check your eyes again in {n} months.",
            gp_actions: &[gp("Add the eye drops to the repeat list.", 7)],
            patient_actions: &["Use the drops every night, even when your sight seems fine."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "POAG",
            summary: "IOP R 28, L 26. CDR 0.7 bilaterally. HVF: early superior arcuate defects. Commenced PGA.",
            medicines: &[(Started, "Latanoprost 0.005%", "1 drop ON both eyes", "POAG")],
            follow_up: "Eye OPD {n}/12 with IOP and HVF.",
            gp_actions: &[gp("Add to repeats", 7)],
            ..BLANK
        },
    ),
    Variant {
        only: Some("ADHD"),
        ..clinic(
            "psychiatry",
            Words {
                diagnoses: "ADHD",
                summary: "You came to the ADHD service. Your assessment shows you have ADHD. We talked about treatment and you chose to try medicine. We will change the dose over the next few weeks.",
                medicines: &[(
                    Started,
                    "Lisdexamfetamine",
                    "30 mg each morning",
                    "To help with focus.",
                )],
                follow_up: "Our nurse will call you every 2 weeks while we find the right dose.",
                gp_actions: &[
                    gp("Check blood pressure and pulse in 4 weeks.", 28),
                    gp(
                        "Add lisdexamfetamine to the repeat list once the dose is stable.",
                        60,
                    ),
                ],
                patient_actions: &["Check your weight each week and write it down."],
                hospital_actions: &["We will prescribe until the dose is stable."],
                ..BLANK
            },
            Words {
                diagnoses: "ADHD, combined presentation",
                summary: "DIVA-5 assessment completed, meets DSM-5 criteria. No CVS contraindications, ECG NAD. Commenced stimulant titration.",
                medicines: &[(Started, "Lisdexamfetamine", "30mg OM", "ADHD")],
                follow_up: "Nurse-led titration clinic.",
                gp_actions: &[
                    gp("BP/HR 4/52", 28),
                    gp("Take over prescribing once stable", 60),
                ],
                ..BLANK
            },
        )
    },
    clinic(
        "psychiatry",
        Words {
            diagnoses: "Depression",
            summary: "You came to see us about low mood. We talked about how you feel and what helps. You will start talking therapy. We have raised the dose of your medicine.",
            medicines: &[(
                Changed,
                "Sertraline",
                "100 mg once a day",
                "To help your mood.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[
                gp("Change the repeat to sertraline 100 mg.", 7),
                gp("Check how your mood is at the practice in 4 weeks.", 28),
            ],
            patient_actions: &["If you feel unsafe, call the crisis line on 0800 330 8590."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Moderate depressive episode",
            summary: "Pt reports low mood, anhedonia, poor sleep. PHQ-9 17. No active SI. Sertraline uptitrated. Referred for CBT.",
            medicines: &[(Changed, "Sertraline", "100mg OD", "Depression")],
            follow_up: "CMHT OPD {n}/12.",
            gp_actions: &[gp("Amend repeat", 7), gp("Mood r/v 4/52", 28)],
            ..BLANK
        },
    ),
    clinic(
        "old_age_psychiatry",
        Words {
            diagnoses: "Mild Alzheimer's disease",
            summary: "You came to the memory service with your daughter. Your memory tests and brain scan show early Alzheimer's disease. A medicine may slow it down for a while. We talked about support at home.",
            medicines: &[(
                Started,
                "Donepezil",
                "5 mg at night",
                "To help your memory.",
            )],
            follow_up: "We will see you in {n} months.",
            gp_actions: &[gp(
                "Add donepezil to the repeat list once the first month is done.",
                28,
            )],
            patient_actions: &["Think about making a lasting power of attorney."],
            hospital_actions: &["We will see you in {n} months."],
            ..BLANK
        },
        Words {
            diagnoses: "Mild AD",
            summary: "ACE-III 78/100. CT head: generalised atrophy, medial temporal predominance. Commenced AChEI.",
            medicines: &[(Started, "Donepezil", "5mg ON", "AD")],
            follow_up: "Memory clinic {n}/12.",
            gp_actions: &[gp("Continue AChEI on repeat after 4/52", 28)],
            ..BLANK
        },
    ),
];
