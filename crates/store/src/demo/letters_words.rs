//! The words of the demo specialist's letters (Dr Priya Raman, Rheumatology at King's): plain
//! letters written to the patient, two drafts (one typed by the secretary for Dr Raman to sign,
//! one Dr Raman has not finished) and Jordan Ellis's reactive arthritis told over three letters.
//! Synthetic, written for this demo; the phone numbers are in Ofcom's range for drama.

use super::letters_curated::{At, BLANK, CuratedLetter, Fate, Life, Typist, Whom, Words, act, hm};
use joinedup_core::letters::Kind::ClinicLetter;
use joinedup_core::letters::MedicineChange::{Changed, Started, Stopped};
use joinedup_core::letters::ResultOwner;

const KINGS_RHEUMATOLOGY: (&str, &str) = ("RJZ", "Rheumatology");

/// The rheumatology letters, oldest first.
pub(super) const RHEUMATOLOGY: &[CuratedLetter] = &[
    // Rheumatoid arthritis: acknowledged by the GP; one action done, one not needed.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Aged(1, 35, 70),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Secretary,
        event: At(24, hm(9, 30)),
        life: Life::Acknowledged {
            sent: At(22, hm(12, 0)),
            by_staff: false,
            at: At(21, hm(8, 50)),
        },
        query: None,
        words: RHEUMATOID_ARTHRITIS,
    },
    // Jordan's first visit: acknowledged by the GP; one action done, one now overdue.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Demo(0),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Secretary,
        event: At(16, hm(10, 30)),
        life: Life::Acknowledged {
            sent: At(14, hm(16, 0)),
            by_staff: false,
            at: At(13, hm(9, 15)),
        },
        query: None,
        words: JORDAN_FIRST_VISIT,
    },
    // Jordan's telephone review: sent on time, not yet acknowledged.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Demo(0),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Consultant,
        event: At(6, hm(14, 0)),
        life: Life::Sent(At(5, hm(11, 0))),
        query: None,
        words: JORDAN_PHONE_REVIEW,
    },
    // Fibromyalgia: sent on time, not yet acknowledged.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Aged(1, 30, 60),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Consultant,
        event: At(5, hm(9, 0)),
        life: Life::Sent(At(3, hm(15, 0))),
        query: None,
        words: FIBROMYALGIA,
    },
    // Gout: sent on time, not yet acknowledged.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Aged(0, 45, 80),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Consultant,
        event: At(4, hm(14, 30)),
        life: Life::Sent(At(2, hm(10, 0))),
        query: None,
        words: GOUT,
    },
    // Rose's review: a draft Dr Raman started and has not finished.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Demo(1),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Consultant,
        event: At(2, hm(11, 0)),
        life: Life::Draft(At(2, hm(17, 10))),
        query: None,
        words: ROSE_UNFINISHED,
    },
    // Jordan's last visit: typed by the secretary from dictation, waiting for Dr Raman to sign.
    CuratedLetter {
        service: KINGS_RHEUMATOLOGY,
        whom: Whom::Demo(0),
        source: "referral",
        kind: ClinicLetter,
        to_gp_because: None,
        typist: Typist::Secretary,
        event: At(1, hm(10, 0)),
        life: Life::Draft(At(1, hm(15, 30))),
        query: None,
        words: JORDAN_LAST_VISIT,
    },
];

const RHEUMATOID_ARTHRITIS: Words = Words {
    diagnoses: "Rheumatoid arthritis in the small joints of your hands and both wrists",
    summary: "You came to the early arthritis clinic. For 4 months your knuckles and wrists have been painful and swollen, and stiff for an hour each morning. We found swelling in 6 finger joints and in both wrists. Your blood tests show that this is rheumatoid arthritis. In this condition, the body's defences attack the lining of the joints. Treating it early stops lasting damage. We talked about methotrexate, a medicine that calms the body's defences, and you chose to start it. We gave you a steroid injection into the muscle of your buttock. This will ease the swelling while methotrexate starts to work, which takes about 3 months.",
    results: "Your blood tests found rheumatoid factor and anti-CCP antibodies. These are signs of rheumatoid arthritis. Your blood count, liver and kidney tests were normal. X-rays of your hands show no damage to the joints yet. Your chest X-ray was clear.",
    medicines: &[
        (
            Started,
            "Methotrexate 2.5 mg tablets",
            "15 mg (6 tablets) once a week, on Mondays",
            "To control rheumatoid arthritis and protect your joints.",
        ),
        (
            Started,
            "Folic acid 5 mg tablets",
            "5 mg once a week, on Thursdays",
            "To lower the side effects of methotrexate, such as feeling sick.",
        ),
    ],
    follow_up: "We will see you in clinic in 6 weeks to check how well methotrexate is working.",
    information_given: "We gave you our methotrexate booklet and a record book for your blood tests. Methotrexate and alcohol can both harm the liver, so keep to 14 units a week or less. Do not take the antibiotic trimethoprim. Tell any doctor, dentist or pharmacist that you take methotrexate.",
    gp_actions: &[
        act(
            "Give you the pneumonia vaccine and this year's flu vaccine, as methotrexate makes infections more likely.",
            28,
            Fate::Done(At(15, hm(11, 20))),
        ),
        act(
            "Check your blood pressure, as it was 148/92 in clinic.",
            28,
            Fate::NotNeeded(
                At(17, hm(16, 5)),
                "A week of home readings averaged 128/80, recorded in the notes. The clinic reading was a one-off; no treatment needed.",
            ),
        ),
    ],
    patient_actions: &[
        "Take methotrexate once a week only, on Mondays.",
        "Go to your blood tests every 2 weeks. We will send you the dates.",
        "If you get a sore throat, a fever, mouth ulcers or bruising you cannot explain, stop methotrexate and call our advice line on 020 7946 0321.",
    ],
    hospital_actions: &[
        "We will do your blood tests every 2 weeks for the first 3 months and act on the results.",
        "We will see you in clinic in 6 weeks.",
    ],
    ..BLANK
};

const JORDAN_FIRST_VISIT: Words = Words {
    diagnoses: "Reactive arthritis in your left knee and right ankle, after a bowel infection",
    summary: "You came to the rheumatology clinic at King's College Hospital. We are the team that looks after joints. Your left knee and right ankle became swollen and painful 2 weeks after you were in hospital with a bowel infection. This is called reactive arthritis. The body's defences, which fought the infection, now cause swelling in some joints. There are no germs in the joints. It usually settles within 3 to 6 months. We drained some fluid from your knee with a needle, which eased the pain straight away.",
    results: "Your blood test showed some swelling in the body, which fits with reactive arthritis. Your kidney blood test was normal. The fluid from your knee had no crystals in it, so this is not gout.",
    pending: &[(
        "Growing germs from the fluid taken from your knee, to make sure the joint is not infected",
        ResultOwner::Hospital,
    )],
    medicines: &[
        (
            Started,
            "Naproxen",
            "500 mg twice a day with food",
            "To ease the pain and swelling in your joints.",
        ),
        (
            Started,
            "Omeprazole",
            "20 mg once a day",
            "To protect your stomach while you take naproxen.",
        ),
    ],
    follow_up: "We will phone you in 2 weeks with the result of the fluid test and to ask how your joints are. We will see you in clinic again in 3 weeks.",
    information_given: "We gave you a leaflet about reactive arthritis. We showed you exercises to keep your knee moving. If your knee becomes hot and very painful, or you feel feverish, call our advice line on 020 7946 0321 or go to A&E.",
    gp_actions: &[
        act(
            "Check your kidney blood test 2 weeks after you start naproxen, as naproxen can affect the kidneys.",
            14,
            Fate::Open,
        ),
        act(
            "Add naproxen and omeprazole to your repeat prescriptions.",
            7,
            Fate::Done(At(13, hm(9, 20))),
        ),
    ],
    patient_actions: &[
        "Take naproxen with food. Stop it and call us if you get stomach pain or black poo.",
        "Rest your knee when it is swollen, and do the exercises every day.",
        "Stay off work while your knee is swollen. We gave you a fit note for 2 weeks.",
    ],
    hospital_actions: &[
        "We will phone you with the result of the knee fluid test.",
        "We will see you in clinic in 3 weeks.",
    ],
};

const JORDAN_PHONE_REVIEW: Words = Words {
    diagnoses: "Reactive arthritis in your left knee and right ankle, getting better",
    summary: "We spoke to you on the phone today, as planned. Your ankle is back to normal. Your knee is less swollen, but it is still stiff for about 20 minutes in the morning. You are back at work and can stand for most of your shift. Naproxen has not upset your stomach.",
    results: "The fluid from your knee grew no germs, so the joint is not infected. We also tested for a gene called HLA-B27. The test was negative. This makes it less likely that the arthritis will come back or spread to your back.",
    follow_up: "Keep taking naproxen and omeprazole for 4 more weeks, then stop both. We will see you in clinic next week, as planned.",
    information_given: "We talked about going back to the gym. You can start with walking and cycling, and build up slowly.",
    gp_actions: &[act(
        "Take naproxen and omeprazole off your repeat prescriptions after 4 more weeks.",
        35,
        Fate::Open,
    )],
    patient_actions: &["Stop naproxen and omeprazole in 4 weeks."],
    hospital_actions: &["We will see you in clinic next week."],
    ..BLANK
};

const FIBROMYALGIA: Words = Words {
    diagnoses: "Fibromyalgia: long-term pain all over the body",
    summary: "You came to the clinic because you have had pain all over your body for 2 years. You also sleep badly and feel tired all the time. We examined your joints and found no swelling. Your blood tests were normal. This means there is no arthritis or damage in your joints. Your pain is caused by fibromyalgia. In fibromyalgia, the nerves that carry pain signals become too sensitive. The pain is real, but it does not harm your body. Gentle exercise, good sleep and pacing your day help most.",
    results: "Your blood count, thyroid, vitamin D and inflammation tests were all normal.",
    medicines: &[
        (
            Started,
            "Amitriptyline",
            "10 mg at night, 2 hours before bed",
            "To help you sleep more deeply and to calm the pain nerves. It can make you drowsy in the morning at first.",
        ),
        (
            Stopped,
            "Co-codamol 30 mg/500 mg",
            "",
            "Strong painkillers like codeine do not help fibromyalgia and can make pain worse over time.",
        ),
    ],
    follow_up: "We have booked you onto our fibromyalgia exercise and education course. It runs once a week for 8 weeks at King's. You do not need to come back to the rheumatology clinic.",
    information_given: "We gave you a leaflet about fibromyalgia and the address of the Versus Arthritis website.",
    gp_actions: &[act(
        "See you in 6 weeks to review amitriptyline. The dose can go up to 20 mg at night if it helps and the side effects are mild.",
        42,
        Fate::Open,
    )],
    patient_actions: &[
        "Cut down co-codamol over 2 weeks, as we planned together.",
        "Walk or swim a little every day, and build up slowly.",
    ],
    hospital_actions: &["The course team will phone you with a start date."],
    ..BLANK
};

const GOUT: Words = Words {
    diagnoses: "Gout, with 3 attacks in the last year",
    summary: "You came to the clinic about your gout. Gout is a kind of arthritis caused by crystals of uric acid in the joints. You have had 3 painful attacks in your big toe and ankle this year, even though you take allopurinol. Allopurinol lowers uric acid, but your dose is not yet high enough. Your toe was not swollen today.",
    results: "Your uric acid level was 0.48. We aim for below 0.36, so that the crystals dissolve. Your kidney blood test was normal.",
    medicines: &[
        (
            Changed,
            "Allopurinol",
            "200 mg once a day (was 100 mg)",
            "To lower your uric acid so that the crystals dissolve and the attacks stop.",
        ),
        (
            Started,
            "Colchicine",
            "500 micrograms twice a day for 6 months",
            "To prevent attacks while the allopurinol dose goes up.",
        ),
    ],
    follow_up: "We will see you again in 4 months.",
    information_given: "We gave you a leaflet about gout. Drinking less beer and fewer sugary drinks will help.",
    gp_actions: &[act(
        "Check your uric acid and kidney blood tests in 4 weeks. If uric acid is above 0.36, raise allopurinol by 100 mg a day. Keep doing this every 4 weeks until it is below 0.36.",
        28,
        Fate::Open,
    )],
    patient_actions: &[
        "Keep taking allopurinol every day, even during an attack.",
        "If colchicine gives you diarrhoea, take it once a day instead.",
    ],
    hospital_actions: &["We will see you in 4 months."],
    ..BLANK
};

const ROSE_UNFINISHED: Words = Words {
    diagnoses: "Polymyalgia rheumatica: pain and stiffness in the shoulders and hips",
    summary: "You came to the clinic with Morgan. Your shoulders and hips are much less stiff since you started prednisolone, a steroid medicine, 3 months ago. You can now dress yourself in the morning without help.",
    medicines: &[(
        Changed,
        "Prednisolone",
        "12.5 mg once a day (was 15 mg)",
        "",
    )],
    ..BLANK
};

const JORDAN_LAST_VISIT: Words = Words {
    diagnoses: "Reactive arthritis in your left knee, almost settled",
    summary: "You came back to the clinic today. Your knee is much better. It swells a little after a long shift, but it is no longer stiff in the morning. We found no swelling in your knee or ankle, and you can bend your knee fully.",
    follow_up: "You do not need to come back to the clinic. If your joints swell again in the next year, call us and we will see you within 2 weeks. You will not need a new referral.",
    information_given: "Our advice line is 020 7946 0321, open Monday to Friday, 9am to 4pm.",
    patient_actions: &["Finish the last 3 weeks of naproxen, then stop it."],
    hospital_actions: &[
        "We will see you within 2 weeks if you call us because your joints swell again.",
    ],
    ..BLANK
};
