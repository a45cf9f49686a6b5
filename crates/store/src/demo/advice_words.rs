//! The hand-written demo requests as data: who is asked what, and what happens when. Synthetic
//! cases written for this demo; clinically plausible, not clinical guidance. `{age}` in a
//! question becomes the patient's age.

use super::advice_curated::{Curated, Step, When, Whom};
use joinedup_core::advice::Outcome::*;
use joinedup_core::advice::Urgency;

const KINGS_RHEUMATOLOGY: (&str, &str) = ("RJZ", "Rheumatology");
const R: Option<Urgency> = Some(Urgency::Routine);
const fn h(hour: i64, minute: i64) -> i64 {
    hour * 60 + minute
}

/// The hand-written requests, in the order they are written.
pub(super) const CURATED: &[Curated] = &[
    // Drafts: one by the practice staff member for the GP to check, one the GP has started.
    Curated {
        practice: 0,
        whom: Whom::Aged(45, 75),
        service: ("RJZ", "Diabetes and endocrinology"),
        urgency: R,
        question: "{age}-year-old with type 2 diabetes. HbA1c has risen from 58 to 71 over a year on metformin and gliclazide, and weight is up 4 kg. Which medicine would you add next? (Drafted for Dr Okoye to check.)",
        history: "Type 2 diabetes for 9 years. High blood pressure. No heart failure.",
        medicines: "Metformin 1 g twice daily; gliclazide 80 mg twice daily; ramipril 5 mg daily; atorvastatin 20 mg at night.",
        results: "HbA1c 71 mmol/mol (58 a year ago). eGFR 68. Urine ACR 2.1.",
        steps: &[Step::Draft {
            by_staff: true,
            at: When::Day(1, h(15, 10)),
        }],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(25, 55),
        service: ("RJZ", "Gastroenterology"),
        urgency: None,
        question: "Positive coeliac blood test (tTG 42 U/ml) with mild bloating, no weight loss.",
        history: "",
        medicines: "",
        results: "",
        steps: &[Step::Draft {
            by_staff: false,
            at: When::Ago(50),
        }],
    },
    // Waiting for the specialist: overdue, due today, urgent, claimed, and within time.
    Curated {
        practice: 0,
        whom: Whom::Aged(35, 70),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Painful, swollen knuckles and wrists with 45 minutes of morning stiffness for 3 months. Rheumatoid factor positive, CRP 18. Would you like to see, and can we start anything while waiting?",
        history: "No psoriasis or bowel symptoms. No previous joint problems. Drives a bus for work.",
        medicines: "Naproxen 500 mg twice daily with omeprazole 20 mg daily.",
        results: "Rheumatoid factor 64 IU/ml. CRP 18. ESR 30. Anti-CCP sent.",
        steps: &[Step::Send {
            at: When::Day(6, h(10, 20)),
            authorised: true,
        }],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(40, 80),
        service: ("RJ2", "Cardiology"),
        urgency: R,
        question: "Palpitations for 6 weeks. 24-hour tape shows 12% ventricular ectopics, no runs. ECG and bloods normal. Does this need an echocardiogram?",
        history: "No chest pain or blackouts. Drinks 4 to 5 coffees a day.",
        medicines: "None.",
        results: "TSH 1.8. Potassium 4.2. Magnesium 0.85.",
        steps: &[Step::Send {
            at: When::Day(5, h(9, 50)),
            authorised: false,
        }],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(60, 85),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Osteoporosis: 5 years of alendronate after a wrist fracture. Repeat DEXA shows a hip T-score of -2.3. Continue, or stop for a drug holiday?",
        history: "Wrist fracture at 61. No other fractures. No steroids.",
        medicines: "Alendronic acid 70 mg weekly; calcium and vitamin D twice daily.",
        results: "DEXA: hip T-score -2.3, spine -2.0. Calcium and vitamin D normal.",
        steps: &[Step::Send {
            at: When::DueIn(2, h(11, 5)),
            authorised: false,
        }],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(55, 85),
        service: KINGS_RHEUMATOLOGY,
        urgency: Some(Urgency::Urgent),
        question: "Pain and stiffness in both shoulders and hips for 3 weeks, ESR 62, CRP 40. No headache, scalp tenderness or visual symptoms. Prednisolone 15 mg started 3 days ago with a good response. Polymyalgia rheumatica: anything to rule out before continuing?",
        history: "Previously well. No weight loss.",
        medicines: "Prednisolone 15 mg daily (started 3 days ago); omeprazole 20 mg daily.",
        results: "ESR 62. CRP 40. Calcium, CK and thyroid tests normal.",
        steps: &[Step::Send {
            at: When::Ago(130),
            authorised: true,
        }],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(30, 70),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "On methotrexate 15 mg weekly for rheumatoid arthritis. ALT has risen to 92 (was 35). Drinks no alcohol. Stop, reduce or continue?",
        history: "Rheumatoid arthritis for 4 years, stable.",
        medicines: "Methotrexate 15 mg once weekly; folic acid 5 mg once weekly.",
        results: "ALT 92 (35 three months ago). FBC normal. Creatinine normal.",
        steps: &[
            Step::Send {
                at: When::Day(1, h(9, 40)),
                authorised: false,
            },
            Step::Claim(When::Day(1, h(14, 0))),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(16, 30),
        service: ("RJ1", "Dermatology"),
        urgency: R,
        question: "Acne on the face and back for 2 years, leaving some scars. No better after 3 months of lymecycline with adapalene and benzoyl peroxide gel. Is isotretinoin the next step?",
        history: "No mental health history. Not pregnant and using contraception.",
        medicines: "Lymecycline 408 mg daily; adapalene with benzoyl peroxide gel at night.",
        results: "",
        steps: &[Step::Send {
            at: When::Day(3, h(12, 0)),
            authorised: true,
        }],
    },
    // Waiting for information from the GP.
    Curated {
        practice: 0,
        whom: Whom::Aged(18, 35),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Widespread joint pain and easy bruising. Beighton score 7 out of 9. Hypermobility spectrum disorder? Is there anything rheumatology can add?",
        history: "Several ankle sprains. Tired. No rashes.",
        medicines: "Paracetamol as needed.",
        results: "",
        steps: &[
            Step::Send {
                at: When::Day(4, h(10, 0)),
                authorised: false,
            },
            Step::Ask(
                When::Day(3, h(16, 30)),
                "Has there been any joint swelling? Please send FBC, CRP and CK, and tell us whether there is a family history of a connective tissue disorder.",
            ),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Demo(1),
        service: ("RV5", "Memory service"),
        urgency: R,
        question: "Memory worse over 12 months: repeating questions and missed two hospital appointments. A family member visits daily. How would you like us to proceed?",
        history: "High blood pressure. Hearing aids. No falls.",
        medicines: "Amlodipine 5 mg daily.",
        results: "",
        steps: &[
            Step::Send {
                at: When::Day(5, h(11, 0)),
                authorised: true,
            },
            Step::Ask(
                When::Day(3, h(10, 0)),
                "Please send B12, folate, thyroid function and calcium, a recent 6CIT or MoCA score, and who else lives at home.",
            ),
        ],
    },
    // Answered, waiting for the GP: every final outcome.
    Curated {
        practice: 0,
        whom: Whom::Aged(25, 60),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "ANA positive at 1 in 160 (speckled), tested while looking into tiredness. No rash, joint swelling, mouth ulcers or dry eyes. What does it mean?",
        history: "Tired for 6 months. Low mood.",
        medicines: "None.",
        results: "ANA 1:160 speckled. ENA negative. FBC, CRP and complement normal.",
        steps: &[
            Step::Send {
                at: When::Day(3, h(9, 15)),
                authorised: false,
            },
            Step::Answer(
                When::Day(2, h(13, 20)),
                AdviceGiven,
                "A low-titre ANA with a negative ENA and no symptoms of connective tissue disease is common and needs no more tests. Please do not repeat it. Look for other causes of tiredness, including mood and sleep.",
                "The specialist has looked at your blood test. The result is common in healthy people and does not mean you have a disease. You do not need more tests for it.",
            ),
        ],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(20, 40),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Low back pain for 8 months, worst in the morning and better with exercise. Wakes in the second half of the night. HLA-B27 positive. Axial spondyloarthritis?",
        history: "Uveitis last year. No psoriasis.",
        medicines: "Naproxen 500 mg twice daily helps.",
        results: "HLA-B27 positive. CRP 14.",
        steps: &[
            Step::Send {
                at: When::Day(4, h(10, 45)),
                authorised: false,
            },
            Step::Claim(When::Day(3, h(9, 0))),
            Step::Answer(
                When::Day(3, h(11, 30)),
                ReferralRecommended,
                "Inflammatory back pain, HLA-B27 and previous uveitis make axial spondyloarthritis likely. Please refer to our spondyloarthritis clinic; we will arrange an MRI of the sacroiliac joints. Continue naproxen.",
                "The specialist thinks your back pain may be caused by inflammation and wants to see you. Your GP will refer you. Keep taking naproxen.",
            ),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(20, 45),
        service: ("RJ2", "Gastroenterology"),
        urgency: R,
        question: "Faecal calprotectin 85 with bloating and loose stools for 4 months. No weight loss, bleeding or family history. Refer or repeat?",
        history: "Symptoms worse with stress. Took ibuprofen for a sprain the week before the test.",
        medicines: "None regularly.",
        results: "Calprotectin 85. FBC, ferritin and coeliac test normal.",
        steps: &[
            Step::Send {
                at: When::Day(5, h(14, 30)),
                authorised: false,
            },
            Step::Answer(
                When::Day(4, h(12, 0)),
                AdviceGiven,
                "A calprotectin between 50 and 100 after ibuprofen is likely a false positive. Repeat it in 6 weeks without anti-inflammatories. If still above 100, refer. If below 100 with no red flags, manage as irritable bowel syndrome.",
                "The bowel specialist advised repeating the stool test in 6 weeks. Do not take ibuprofen before it. If the result is normal, your GP will help you manage irritable bowel syndrome.",
            ),
            Step::Read(When::Day(4, h(17, 0))),
        ],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(60, 90),
        service: KINGS_RHEUMATOLOGY,
        urgency: Some(Urgency::Urgent),
        question: "New headache at the temples for 10 days, scalp tender, jaw aches when chewing. ESR 68. Started prednisolone 40 mg today. Giant cell arteritis?",
        history: "No visual symptoms so far.",
        medicines: "Prednisolone 40 mg daily (started today); lansoprazole 30 mg daily.",
        results: "ESR 68. CRP 52. Platelets 480.",
        steps: &[
            Step::Send {
                at: When::Day(1, h(10, 30)),
                authorised: true,
            },
            Step::Claim(When::Day(1, h(11, 5))),
            Step::Answer(
                When::Day(1, h(12, 10)),
                SeeUrgently,
                "This sounds like giant cell arteritis. Continue prednisolone 40 mg. We will see the patient in the fast-track clinic tomorrow with an ultrasound of the temporal arteries, and our nurse will phone the patient today.",
                "The specialist thinks your headache may be caused by swollen blood vessels. The hospital will phone you today to see you tomorrow. Keep taking the steroid tablets. If your sight changes, call 999.",
            ),
            Step::Read(When::Day(1, h(12, 40))),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Demo(0),
        service: ("RJ1", "Dermatology"),
        urgency: R,
        question: "Hand eczema for 6 months in a chef. Not settling with emollients and betamethasone valerate 0.1% cream twice daily for 4 weeks. Advice on next steps?",
        history: "Childhood eczema. Hands in water for much of the working day.",
        medicines: "Emollient as soap substitute; betamethasone valerate 0.1% cream.",
        results: "",
        steps: &[
            Step::Send {
                at: When::Day(9, h(14, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(6, h(10, 30)),
                AdviceGiven,
                "Likely irritant hand dermatitis from wet work. Change to mometasone ointment once daily for 2 weeks, then at weekends only. Soap substitute, cotton gloves under rubber gloves for wet work. If no better in 8 weeks, refer for patch testing.",
                "The skin specialist thinks the rash on your hands is caused by water and cleaning products at work. Your GP will give you a stronger ointment. Wear cotton gloves under rubber gloves for wet work. If your hands are not better in 8 weeks, your GP can ask for allergy skin tests.",
            ),
            Step::Read(When::Day(6, h(15, 0))),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(30, 60),
        service: ("RJ1", "Dermatology"),
        urgency: R,
        question: "Psoriasis for years, now swollen painful fingers and heel pain for 2 months. Is this psoriatic arthritis, and what should we do?",
        history: "Plaque psoriasis on elbows and scalp. Father had psoriatic arthritis.",
        medicines: "Calcipotriol and betamethasone gel; ibuprofen as needed.",
        results: "CRP 21. Rheumatoid factor negative.",
        steps: &[
            Step::Send {
                at: When::Day(8, h(9, 30)),
                authorised: true,
            },
            Step::Redirect(
                When::Day(7, h(11, 0)),
                KINGS_RHEUMATOLOGY,
                "The skin is well controlled; the question is about the joints. Rheumatology are better placed to assess possible psoriatic arthritis.",
            ),
            Step::Claim(When::Day(7, h(15, 0))),
            Step::Answer(
                When::Day(6, h(10, 0)),
                ConvertedToReferral,
                "Dactylitis and heel enthesitis with psoriasis make psoriatic arthritis likely. I have converted this to a referral to our early arthritis clinic. Naproxen 500 mg twice daily with a PPI until then.",
                "The joint specialist thinks your swollen fingers and heel pain may be caused by psoriasis affecting the joints. The hospital will send you an appointment.",
            ),
        ],
    },
    // Closed: the GP recorded what they did.
    Curated {
        practice: 0,
        whom: Whom::Aged(45, 80),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Gout: three flares this year on allopurinol 100 mg daily. Urate 0.48. How should we step up treatment?",
        history: "Mild kidney disease. High blood pressure.",
        medicines: "Allopurinol 100 mg daily; amlodipine 10 mg daily.",
        results: "Urate 0.48. eGFR 55.",
        steps: &[
            Step::Send {
                at: When::Day(15, h(10, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(14, h(16, 0)),
                AdviceGiven,
                "Increase allopurinol by 100 mg every 4 weeks until urate is below 0.36, checking urate and eGFR each time. Colchicine 500 micrograms twice daily as cover for 6 months.",
                "The specialist advised a higher dose of your gout medicine, increased slowly, with a monthly blood test. You will also take colchicine to prevent flares while the dose goes up.",
            ),
            Step::Read(When::Day(13, h(9, 0))),
            Step::Close(
                When::Day(12, h(12, 0)),
                Some(
                    "Allopurinol increased to 200 mg daily with colchicine cover. Urate and eGFR booked in 4 weeks.",
                ),
            ),
        ],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(25, 60),
        service: ("RJZ", "Diabetes and endocrinology"),
        urgency: R,
        question: "TSH 7.2 with normal free T4 on two checks 3 months apart. Tired. Should we start levothyroxine?",
        history: "Not planning pregnancy.",
        medicines: "None.",
        results: "TSH 7.2 and 6.9. Free T4 13.",
        steps: &[
            Step::Send {
                at: When::Day(25, h(11, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(23, h(15, 30)),
                AdviceGiven,
                "No treatment needed now. Check thyroid peroxidase antibodies and repeat TSH in 3 months. Treat if TSH rises above 10, or sooner if planning pregnancy.",
                "The specialist advised that you do not need thyroid tablets now. Your GP will repeat the blood test in 3 months.",
            ),
            Step::Close(
                When::Day(20, h(10, 0)),
                Some(
                    "Antibodies and repeat thyroid tests booked for 3 months. Explained to the patient.",
                ),
            ),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(65, 90),
        service: ("RJ2", "Cardiology"),
        urgency: R,
        question: "New heart murmur heard at a routine check, ejection systolic, loudest at the right upper sternal edge. Breathless on hills. Aortic stenosis?",
        history: "No chest pain or blackouts.",
        medicines: "Atorvastatin 20 mg at night.",
        results: "ECG: left ventricular hypertrophy. NT-proBNP 620.",
        steps: &[
            Step::Send {
                at: When::Day(35, h(9, 20)),
                authorised: true,
            },
            Step::Answer(
                When::Day(34, h(14, 0)),
                ConvertedToReferral,
                "Murmur, breathlessness and raised NT-proBNP suggest significant aortic stenosis. Converted to a referral; echocardiogram and clinic booked together.",
                "The heart specialist wants to check your heart valve with a scan. The hospital will send you an appointment.",
            ),
            Step::Read(When::Day(33, h(9, 30))),
            Step::Close(When::Day(33, h(9, 35)), None),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(50, 80),
        service: ("RJZ", "Neurology"),
        urgency: R,
        question: "Tremor in both hands for 2 years, worse when holding a cup. Mother had the same. Has asthma. Essential tremor, and what can we offer?",
        history: "Asthma on an inhaled steroid. No stiffness or slowness.",
        medicines: "Beclometasone inhaler 200 micrograms twice daily; salbutamol as needed.",
        results: "",
        steps: &[
            Step::Send {
                at: When::Day(45, h(15, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(40, h(11, 0)),
                AdviceGiven,
                "This fits essential tremor. Avoid propranolol because of the asthma. Try primidone 62.5 mg at night, increasing slowly to 250 mg if needed.",
                "The nerve specialist thinks your shaky hands are caused by a common condition that is not dangerous. Your GP can offer a tablet that may help.",
            ),
            Step::Close(
                When::Day(38, h(16, 0)),
                Some("Started primidone 62.5 mg at night. Review in 4 weeks."),
            ),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Demo(2),
        service: ("RJ1", "Paediatric allergy"),
        urgency: R,
        question: "Hives around the mouth and on the chest within minutes of eating a cashew nut. No breathing problems or vomiting. Does the child need adrenaline pens and testing?",
        history: "Eczema as a baby. Eats peanut butter without problems.",
        medicines: "None.",
        results: "",
        steps: &[
            Step::Send {
                at: When::Day(55, h(10, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(54, h(13, 0)),
                ReferralRecommended,
                "Please refer to our clinic for allergy testing. Meanwhile prescribe two adrenaline auto-injectors by weight and cetirizine, give an allergy action plan, and avoid cashew and pistachio.",
                "The allergy specialist wants to see your child for allergy tests. Your GP will refer you. Until then, carry two adrenaline pens and avoid cashew and pistachio nuts.",
            ),
            Step::Close(
                When::Day(52, h(11, 0)),
                Some(
                    "Referred to paediatric allergy. Two adrenaline auto-injectors and cetirizine prescribed; action plan given to the family.",
                ),
            ),
        ],
    },
    Curated {
        practice: 0,
        whom: Whom::Aged(30, 65),
        service: ("RJ2", "Respiratory medicine"),
        urgency: R,
        question: "Dry cough for 10 weeks in a non-smoker. Chest X-ray normal. Could this be asthma?",
        history: "Hay fever. No reflux symptoms.",
        medicines: "Cetirizine 10 mg daily.",
        results: "Chest X-ray normal. FBC normal.",
        steps: &[
            Step::Send {
                at: When::Day(30, h(12, 0)),
                authorised: false,
            },
            Step::Ask(
                When::Day(29, h(10, 0)),
                "Please send spirometry and a FeNO result if you have one, and tell us whether the patient takes an ACE inhibitor.",
            ),
            Step::Respond(
                When::Day(27, h(16, 0)),
                "Spirometry normal. FeNO 48 ppb. Not on an ACE inhibitor.",
            ),
            Step::Answer(
                When::Day(26, h(11, 0)),
                AdviceGiven,
                "FeNO of 48 supports eosinophilic airway inflammation. Trial of beclometasone 200 micrograms twice daily for 8 weeks; if the cough settles, treat as asthma.",
                "The chest specialist thinks your cough may be caused by inflamed airways. Your GP will give you a steroid inhaler to try for 8 weeks.",
            ),
            Step::Close(
                When::Day(24, h(9, 30)),
                Some("Started beclometasone 200 micrograms twice daily. Review in 8 weeks."),
            ),
        ],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(20, 45),
        service: ("RV5", "Adult ADHD service"),
        urgency: R,
        question: "Adult ADHD on lisdexamfetamine 50 mg under shared care. Blood pressure 146/94 at the annual review. Continue?",
        history: "No heart disease. Non-smoker.",
        medicines: "Lisdexamfetamine 50 mg each morning.",
        results: "BP 146/94, pulse 88. Weight stable.",
        steps: &[
            Step::Send {
                at: When::Day(70, h(9, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(69, h(15, 0)),
                AdviceGiven,
                "Repeat blood pressure twice over 2 weeks. If it stays above 140/90, reduce to 40 mg and recheck. Stop and contact us if above 160/100.",
                "The specialist advised checking your blood pressure again. If it stays high, your dose will be lowered.",
            ),
            Step::Close(
                When::Day(66, h(12, 0)),
                Some("Home blood pressure readings average 134/86. Continuing 50 mg."),
            ),
        ],
    },
    Curated {
        practice: 1,
        whom: Whom::Aged(40, 80),
        service: KINGS_RHEUMATOLOGY,
        urgency: R,
        question: "Raynaud's for a year, now with puffy fingers and tight skin over the knuckles. ANA positive. Systemic sclerosis?",
        history: "Heartburn. No breathlessness.",
        medicines: "Omeprazole 20 mg daily.",
        results: "ANA positive, anti-centromere positive. FBC, creatinine and urine dip normal.",
        steps: &[
            Step::Send {
                at: When::Day(90, h(13, 0)),
                authorised: false,
            },
            Step::Answer(
                When::Day(86, h(10, 0)),
                ReferralRecommended,
                "Raynaud's with puffy fingers and anti-centromere antibodies suggests early systemic sclerosis. Please refer to our connective tissue disease clinic. Start nifedipine MR 10 mg twice daily for the Raynaud's.",
                "The specialist thinks the changes in your fingers need to be checked in a hospital clinic. Your GP will refer you.",
            ),
            Step::Close(
                When::Day(85, h(11, 0)),
                Some("Referred to the connective tissue disease clinic. Nifedipine started."),
            ),
        ],
    },
];
