//! The words of the letters from four other services: gastroenterology at King's, dermatology
//! and children's allergy at Guy's and St Thomas', cardiology at Lewisham and Greenwich. Most
//! are written plainly to the patient; three are in the old style the checker flags (shorthand,
//! long sentences, the hospital's own work handed to the GP), and one is written to the GP at
//! the patient's request. Synthetic, written for this demo.

use super::letters_curated::{At, BLANK, CuratedLetter, Fate, Life, Typist, Whom, Words, act, hm};
use joinedup_core::letters::Kind::{ClinicLetter, DischargeSummary};
use joinedup_core::letters::MedicineChange::{Started, Stopped};
use joinedup_core::letters::ResultOwner;

const KINGS_GASTRO: (&str, &str) = ("RJZ", "Gastroenterology");
const GUYS_DERMATOLOGY: (&str, &str) = ("RJ1", "Dermatology");
const EVELINA_ALLERGY: (&str, &str) = ("RJ1", "Paediatric allergy");
const LEWISHAM_CARDIOLOGY: (&str, &str) = ("RJ2", "Cardiology");

/// A letter written by the service's consultant to the patient.
const fn letter(
    service: (&'static str, &'static str),
    whom: Whom,
    source: &'static str,
    kind: joinedup_core::letters::Kind,
    (event, life): (At, Life),
    words: Words,
) -> CuratedLetter {
    CuratedLetter {
        service,
        whom,
        source,
        kind,
        to_gp_because: None,
        typist: Typist::Consultant,
        event,
        life,
        query: None,
        words,
    }
}

/// Acknowledged: sent at `sent`, acknowledged at `at` by the staff member or the GP.
const fn acked(sent: At, by_staff: bool, at: At) -> Life {
    Life::Acknowledged { sent, by_staff, at }
}

/// The other services' letters, oldest first.
pub(super) const OTHER_SERVICES: &[CuratedLetter] = &[
    CuratedLetter {
        query: Some((
            At(27, hm(20, 15)),
            "I don't understand this letter. What is AKI, and does it mean my kidneys are damaged? Do I need to do anything?",
        )),
        ..letter(
            KINGS_GASTRO,
            Whom::Demo(0),
            "admission",
            DischargeSummary,
            (
                At(30, hm(15, 0)),
                acked(At(30, hm(19, 10)), true, At(28, hm(10, 5))),
            ),
            JORDAN_DISCHARGE,
        )
    },
    letter(
        LEWISHAM_CARDIOLOGY,
        Whom::Advice("New heart murmur"),
        "advice",
        ClinicLetter,
        (
            At(21, hm(10, 0)),
            acked(At(19, hm(13, 0)), true, At(18, hm(9, 30))),
        ),
        AORTIC_STENOSIS,
    ),
    letter(
        GUYS_DERMATOLOGY,
        Whom::Aged(0, 60, 90),
        "referral",
        ClinicLetter,
        (
            At(20, hm(11, 0)),
            acked(At(17, hm(9, 0)), false, At(15, hm(8, 40))),
        ),
        SKIN_CANCER_OLD_STYLE,
    ),
    letter(
        EVELINA_ALLERGY,
        Whom::Demo(2),
        "referral",
        ClinicLetter,
        (
            At(18, hm(14, 0)),
            acked(At(16, hm(11, 0)), true, At(15, hm(10, 0))),
        ),
        LEO_NUT_ALLERGY,
    ),
    letter(
        LEWISHAM_CARDIOLOGY,
        Whom::Aged(1, 45, 75),
        "admission",
        DischargeSummary,
        (At(12, hm(11, 0)), Life::Sent(At(9, hm(17, 0)))),
        HEART_ATTACK_OLD_STYLE,
    ),
    letter(
        GUYS_DERMATOLOGY,
        Whom::Aged(0, 40, 75),
        "referral",
        ClinicLetter,
        (
            At(11, hm(10, 0)),
            acked(At(10, hm(16, 0)), true, At(9, hm(9, 5))),
        ),
        HARMLESS_SKIN_GROWTH,
    ),
    letter(
        LEWISHAM_CARDIOLOGY,
        Whom::Demo(1),
        "admission",
        DischargeSummary,
        (
            At(10, hm(13, 0)),
            acked(At(10, hm(18, 30)), true, At(8, hm(9, 40))),
        ),
        ROSE_DISCHARGE,
    ),
    CuratedLetter {
        to_gp_because: Some(
            "At the patient's request: no letters are to be posted home, where they live with family who do not know about the condition. They read their copy online.",
        ),
        ..letter(
            GUYS_DERMATOLOGY,
            Whom::Aged(1, 18, 45),
            "referral",
            ClinicLetter,
            (
                At(9, hm(15, 0)),
                acked(At(7, hm(12, 0)), false, At(6, hm(8, 55))),
            ),
            HIDRADENITIS_TO_GP,
        )
    },
    letter(
        KINGS_GASTRO,
        Whom::Aged(1, 20, 45),
        "referral",
        ClinicLetter,
        (
            At(8, hm(10, 30)),
            acked(At(7, hm(15, 0)), false, At(5, hm(12, 30))),
        ),
        ULCERATIVE_COLITIS,
    ),
];

const JORDAN_DISCHARGE: Words = Words {
    diagnoses: "Campylobacter enteritis\nAKI stage 1 (pre-renal) secondary to D&V",
    summary: "Chef admitted via ED with 4/7 hx of profuse D&V, abdominal cramps and pyrexia of 38.6. O/E dry mucous membranes, HR 112, BP 98/60, abdomen soft and mildly tender with no peritonism. Cr 148 on admission (no baseline available) and treated as pre-renal AKI with IVI 0.9% saline 3L over 24 hours with good response, and stool MC&S was sent and empirical clarithromycin commenced given the severity of symptoms. Tolerating diet and fluids by day 3, Cr 96 on discharge, MFFD.",
    results: "Cr 148 > 96. Hb 152, WCC 13.4, CRP 86. Blood cultures NGTD.",
    pending: &[("Stool MC&S", ResultOwner::Gp)],
    medicines: &[
        (
            Started,
            "Clarithromycin",
            "500mg BD for 5/7 (2/7 remaining)",
            "Campylobacter enteritis",
        ),
        (Stopped, "Ibuprofen", "", "AKI - avoid NSAIDs"),
    ],
    follow_up: "GP to chase stool MC&S and act on result. Repeat U&Es 1/52. No OPD f/u required.",
    information_given: "Pt advised re oral fluids and hand hygiene. As a food handler, off work until 48 hours symptom free; GP to provide fit note if required.",
    gp_actions: &[
        act(
            "GP to chase stool MC&S and action result",
            7,
            Fate::Declined(
                At(28, hm(10, 10)),
                "The hospital sent this stool test, so the hospital team should act on the result and tell the patient (NHS Standard Contract). Returned to the gastroenterology team.",
            ),
        ),
        act("Repeat U&Es 1/52", 7, Fate::Done(At(25, hm(11, 40)))),
    ],
    ..BLANK
};

const AORTIC_STENOSIS: Words = Words {
    diagnoses: "Severe narrowing of the aortic valve in your heart (aortic stenosis)",
    summary: "You came to the heart clinic at University Hospital Lewisham. Your GP heard a heart murmur, and you get out of breath walking up hills. We did a heart scan (echocardiogram) on the same day. It shows that your aortic valve is narrow and stiff. This valve is the door between your heart and the main blood vessel to your body. Because it is narrow, your heart has to work harder to push blood through it. This is why you get out of breath. Your heart still pumps well.",
    results: "Heart scan: the aortic valve is severely narrowed, and the heart pumps well. Heart tracing (ECG): the heart muscle is a little thicker than usual, from working harder.",
    follow_up: "A narrow valve that causes symptoms needs to be replaced. We have asked the heart valve team at St Thomas' Hospital to see you. They will decide with you whether to replace the valve through a thin tube passed up from the top of your leg (TAVI) or by open heart surgery.",
    information_given: "We gave you a leaflet about aortic stenosis. If you get chest pain, faint, or become breathless when resting, call 999.",
    gp_actions: &[act(
        "Add severe aortic stenosis to your health record, so that no one starts medicines that widen blood vessels, such as nitrates, without asking us.",
        7,
        Fate::Done(At(18, hm(9, 45))),
    )],
    patient_actions: &[
        "See your dentist for a check-up before your valve treatment, to lower the risk of infection.",
        "Keep active, but stop and rest if you get chest pain or feel faint.",
    ],
    hospital_actions: &[
        "The heart valve team at St Thomas' will send you an appointment within 6 weeks.",
        "We will see you in the heart clinic after your valve treatment.",
    ],
    ..BLANK
};

const SKIN_CANCER_OLD_STYLE: Words = Words {
    diagnoses: "Nodular BCC L nasal ala, 6mm\nMultiple AKs scalp",
    summary: "Thank you for referring this patient with a 9 month hx of a slowly enlarging pearly lesion on the L nasal ala with central ulceration and telangiectasia. Dermoscopy c/w nodular BCC. Multiple AKs on the scalp, some of which were treated with cryotherapy today. Given the site, excision with 4mm margins would need a flap repair and the pt would be best served by Mohs micrographic surgery, which is not available in this department.",
    results: "Dermoscopy: arborising vessels, blue-grey ovoid nests, central ulceration.",
    medicines: &[(
        Started,
        "Fluorouracil 5% cream (Efudix)",
        "OD to scalp for 3/52",
        "Field treatment of AKs",
    )],
    follow_up: "GP to refer to the plastics team at St Thomas' for consideration of Mohs, and to prescribe Efudix cream OD to the scalp for 3/52. Not for routine dermatology f/u; discharged to GP care.",
    information_given: "Sun protection advice given.",
    gp_actions: &[
        act(
            "Refer to plastics for Mohs surgery",
            14,
            Fate::Declined(
                At(15, hm(8, 50)),
                "An onward referral for the same problem is the hospital's to make (NHS Standard Contract). Returned to the dermatology team to refer directly.",
            ),
        ),
        act(
            "Prescribe Efudix cream OD to scalp 3/52",
            7,
            Fate::Done(At(15, hm(9, 0))),
        ),
    ],
    ..BLANK
};

const LEO_NUT_ALLERGY: Words = Words {
    diagnoses: "Allergy to cashew nuts and pistachio nuts",
    summary: "You came to the allergy clinic at Evelina London Children's Hospital with Morgan. A few months ago you ate a cashew nut and got an itchy rash around your mouth and on your chest. We did skin prick tests. We put a tiny drop of each nut on your arm and made a small scratch, to see if your skin reacted. Your skin reacted to cashew and to pistachio. These two nuts are close cousins. You did not react to peanut, almond or hazelnut, so you can keep eating them.",
    results: "Skin prick tests: cashew 9 mm, pistachio 6 mm. Peanut, almond and hazelnut 0 mm, which means no allergy.",
    pending: &[(
        "A blood test to find out which part of the cashew nut you react to",
        ResultOwner::Hospital,
    )],
    medicines: &[
        (
            Started,
            "Adrenaline pen (Jext 300 micrograms)",
            "One pen into the outside of your thigh if you have a serious allergic reaction",
            "To treat a serious allergic reaction quickly, before the ambulance comes.",
        ),
        (
            Started,
            "Cetirizine liquid",
            "5 mg once a day when you need it",
            "To calm an itchy rash or swollen lips in a mild reaction.",
        ),
    ],
    follow_up: "We will see you again in 1 year to check whether the allergy is still there.",
    information_given: "Our allergy nurse showed you and Morgan how to use the pen, with a trainer pen. We gave you an allergy action plan for home and one for school.",
    gp_actions: &[act(
        "Add 4 adrenaline pens (2 for home, 2 for school) and cetirizine to your repeat prescriptions.",
        14,
        Fate::Done(At(14, hm(10, 30))),
    )],
    patient_actions: &[
        "Do not eat cashews or pistachios, or food that has them in it. Check food labels.",
        "Keep 2 pens with you everywhere, and take them on school trips.",
    ],
    hospital_actions: &[
        "We will write to you with the blood test result.",
        "We will see you in 1 year.",
    ],
};

const HEART_ATTACK_OLD_STYLE: Words = Words {
    diagnoses: "NSTEMI\nSingle vessel CAD - PCI to proximal LAD (1x DES)\nHTN\nT2DM",
    summary: "Pt admitted via ED with 2hr hx of central crushing CP radiating to L arm with associated SOB and diaphoresis. ECG showed lateral ST depression, trop 64 > 512. Loaded with aspirin 300mg and ticagrelor 180mg and commenced on fondaparinux. Inpatient angio on day 2 showed 90% proximal LAD stenosis, treated with PCI and 1x DES, and the post-procedure course was uncomplicated with a clean radial site. Echo LVEF 45% with mild anterior hypokinesis. Mobilising independently, MFFD day 4.",
    results: "Trop 64 > 512. Hb 138. HbA1c 61. Chol 5.9, LDL 3.8. Cr 88.",
    medicines: &[
        (Started, "Aspirin", "75mg OD lifelong", "ACS"),
        (Started, "Ticagrelor", "90mg BD for 12/12", "DAPT post PCI"),
        (
            Started,
            "Atorvastatin",
            "80mg nocte",
            "Secondary prevention",
        ),
        (Started, "Bisoprolol", "2.5mg OD", "Post MI"),
        (Started, "Ramipril", "2.5mg OD", "LVSD"),
    ],
    follow_up: "Only 3 days supply of TTOs given, GP to prescribe remainder and uptitrate bisoprolol and ramipril as tolerated. U&Es 1/52 post ramipril. Please refer to cardiac rehab. Cardiology OPD 3/12.",
    information_given: "DVLA advice given - not to drive for 1/52. Secondary prevention advice.",
    gp_actions: &[
        act("U&Es 1/52 post ramipril", 7, Fate::Open),
        act(
            "Uptitrate bisoprolol and ramipril as tolerated",
            14,
            Fate::Open,
        ),
        act("Refer to cardiac rehab", 7, Fate::Open),
    ],
    ..BLANK
};

const HARMLESS_SKIN_GROWTH: Words = Words {
    diagnoses: "A harmless skin growth on your back, called a seborrhoeic keratosis. It is not cancer.",
    summary: "You came to the skin cancer clinic at Guy's Hospital about a dark, crusty spot on your back that had grown. We looked at it and at your other moles with a magnifying light. The spot is a seborrhoeic keratosis. These growths are very common as we get older. They are harmless and do not turn into cancer. All your other moles look normal too.",
    results: "No tests were needed.",
    follow_up: "You do not need to come back. We have not booked another appointment.",
    information_given: "We showed you what to look out for in a mole: a change in size, shape or colour, bleeding, or itching. We gave you our leaflet on checking your skin.",
    patient_actions: &[
        "Check your skin once a month, and use sunscreen of SPF 30 or more in summer.",
        "If a mole changes, book an appointment with your GP, who can send us photos.",
    ],
    ..BLANK
};

const ROSE_DISCHARGE: Words = Words {
    diagnoses: "A fast, irregular heartbeat called atrial fibrillation\nA chest infection",
    summary: "You were in University Hospital Lewisham for 3 nights. Morgan brought you in because you felt dizzy and out of breath. Your heartbeat was fast and irregular. This is called atrial fibrillation. A chest infection had made it worse. We treated the infection with antibiotics and gave you a medicine to slow your heart. Your heartbeat is now steady at about 80 beats a minute. Atrial fibrillation can cause blood clots, which can lead to a stroke. To lower this risk, we started a blood thinner called apixaban.",
    results: "Your chest X-ray showed an infection at the bottom of your right lung. Your heart scan showed that your heart pumps well. Your kidney blood test was normal when you went home.",
    medicines: &[
        (
            Started,
            "Apixaban",
            "2.5 mg twice a day",
            "A blood thinner, to lower the risk of a stroke. The dose is lower because of your age and weight.",
        ),
        (
            Started,
            "Bisoprolol",
            "2.5 mg once a day",
            "To keep your heartbeat slow and steady.",
        ),
        (
            Started,
            "Amoxicillin",
            "500 mg three times a day for 2 more days",
            "To finish treating your chest infection. We gave you the whole course.",
        ),
        (
            Stopped,
            "Aspirin",
            "",
            "You do not need aspirin now that you take apixaban. Taking both raises the risk of bleeding.",
        ),
    ],
    follow_up: "We will see you in the heart rhythm clinic in 3 months. We will send the appointment to you and to Morgan.",
    information_given: "We gave you and Morgan a leaflet about atrial fibrillation, and a card to carry that says you take a blood thinner.",
    gp_actions: &[
        act(
            "Check your kidney blood test in 4 weeks. The right dose of apixaban depends on how well your kidneys work.",
            28,
            Fate::Open,
        ),
        act(
            "Check your pulse and blood pressure in 2 weeks, to make sure the dose of bisoprolol is right.",
            14,
            Fate::Done(At(1, hm(11, 15))),
        ),
    ],
    patient_actions: &[
        "Take apixaban twice a day, about 12 hours apart. Morgan can help by filling a pill box each week.",
        "Call 999 if you have signs of a stroke, such as a drooping face, a weak arm or slurred speech.",
    ],
    hospital_actions: &[
        "We gave you 4 weeks of all your new medicines.",
        "We will see you in the heart rhythm clinic in 3 months.",
    ],
    ..BLANK
};

const HIDRADENITIS_TO_GP: Words = Words {
    diagnoses: "Hidradenitis suppurativa (Hurley stage 2), both armpits and groin",
    summary: "Thank you for asking us to see this patient, who has had painful recurring boils in both armpits and the groin for 3 years. They smoke 10 cigarettes a day. There were several inflamed nodules in each armpit and two draining tunnels under the skin on the left. Nothing needed draining today. We talked through the diagnosis and the plan, and they were relieved to have a name for the condition.",
    results: "Swab from the left armpit: normal skin bacteria only. HbA1c 38.",
    medicines: &[
        (
            Started,
            "Lymecycline",
            "408 mg once a day for 12 weeks",
            "For its anti-inflammatory effect in hidradenitis suppurativa. We supplied the first 4 weeks.",
        ),
        (
            Started,
            "Chlorhexidine 4% skin wash",
            "Once a day in the shower",
            "To reduce bacteria on the skin and the number of flares.",
        ),
    ],
    follow_up: "We will see them in the hidradenitis clinic in 3 months. If lymecycline does not help, we will consider adalimumab, which the hospital would prescribe.",
    information_given: "Leaflet on hidradenitis suppurativa; advice on stopping smoking and on weight.",
    gp_actions: &[
        act(
            "Prescribe lymecycline 408 mg once a day for the remaining 8 weeks, after our 4-week supply.",
            28,
            Fate::Done(At(6, hm(9, 10))),
        ),
        act(
            "Offer stop smoking support at the practice.",
            28,
            Fate::NotNeeded(
                At(6, hm(9, 12)),
                "Offered by phone; the patient does not want stop smoking support at present. Will offer again at the next review.",
            ),
        ),
    ],
    hospital_actions: &["We will see them in the hidradenitis clinic in 3 months."],
    ..BLANK
};

const ULCERATIVE_COLITIS: Words = Words {
    diagnoses: "Ulcerative colitis in the lower part of your large bowel",
    summary: "You came to the bowel clinic at King's College Hospital. You have had loose poo with blood in it for 3 months. Last week we looked inside your lower bowel with a thin camera (flexible sigmoidoscopy). The lining was red and swollen. The samples we took show ulcerative colitis. This is a long-term condition where the lining of the large bowel becomes swollen and sore. It tends to flare up and then settle. Treatment usually keeps it under control.",
    results: "The samples from your bowel show ulcerative colitis. There is no sign of cancer. Your blood count and iron levels are normal.",
    medicines: &[
        (
            Started,
            "Mesalazine 800 mg tablets",
            "3 tablets twice a day for 8 weeks, then 3 tablets once a day",
            "To calm the swelling in your bowel and keep it calm.",
        ),
        (
            Started,
            "Mesalazine suppositories",
            "1 g at night for 4 weeks",
            "To treat the swollen part of the bowel directly.",
        ),
    ],
    follow_up: "Our specialist nurse will phone you in 4 weeks to see how you are. We will see you in clinic in 3 months.",
    information_given: "We gave you a leaflet about ulcerative colitis and the number of our nurse advice line, 020 7946 0455. Call it if you get worse. It is open every weekday.",
    gp_actions: &[
        act(
            "Check your kidney blood test in 3 months, then once a year, while you take mesalazine.",
            90,
            Fate::Open,
        ),
        act(
            "Take loperamide off your repeat prescriptions, as it can make a flare worse.",
            14,
            Fate::NotNeeded(
                At(5, hm(12, 40)),
                "Loperamide was never on the repeat list: the patient bought it at a pharmacy and has been told to stop.",
            ),
        ),
    ],
    patient_actions: &[
        "Stop taking loperamide. It can make a flare of colitis worse.",
        "Call our nurse advice line if you pass blood more than 6 times a day or feel unwell.",
    ],
    hospital_actions: &[
        "Our nurse will phone you in 4 weeks.",
        "We will see you in clinic in 3 months.",
    ],
    ..BLANK
};
