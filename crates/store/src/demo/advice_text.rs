//! Short, synthetic words for the full-scale advice requests: a few questions per specialty,
//! each with the advice a specialist might give and what they would write if the patient needs
//! to be seen. Written for this demo; plain and clinically plausible, not clinical guidance.

use joinedup_core::advice::Outcome;

/// One kind of question, with the answers a service might give to it.
pub(super) struct Case {
    /// The GP's question.
    pub question: &'static str,
    /// Advice to manage the patient in primary care.
    pub advice: &'static str,
    /// What the specialist writes when the patient should be seen.
    pub refer: &'static str,
    /// The advice, for the patient, in plain English.
    pub summary: &'static str,
}

const fn case(
    question: &'static str,
    advice: &'static str,
    refer: &'static str,
    summary: &'static str,
) -> Case {
    Case {
        question,
        advice,
        refer,
        summary,
    }
}

/// The cases for a specialty (the `specialty` column of a service); a general pair otherwise.
pub(super) fn cases(specialty: &str) -> &'static [Case] {
    match specialty {
        "rheumatology" => RHEUMATOLOGY,
        "dermatology" => DERMATOLOGY,
        "cardiology" => CARDIOLOGY,
        "paediatrics" => PAEDIATRICS,
        "gastroenterology" => GASTROENTEROLOGY,
        "endocrinology" => ENDOCRINOLOGY,
        "neurology" => NEUROLOGY,
        "respiratory" => RESPIRATORY,
        "psychiatry" => PSYCHIATRY,
        "old_age_psychiatry" => MEMORY,
        "haematology" => HAEMATOLOGY,
        "nephrology" => KIDNEY,
        "urology" => UROLOGY,
        "ophthalmology" => EYES,
        "hepatology" => LIVER,
        _ => GENERAL,
    }
}

const RHEUMATOLOGY: &[Case] = &[
    case(
        "Raised CRP (32) and early morning stiffness in both hands for 10 weeks. Inflammatory arthritis?",
        "Likely inflammatory arthritis. Check anti-CCP and hand X-rays, and start naproxen 500 mg twice daily with a PPI. Avoid steroids before assessment.",
        "This sounds like early inflammatory arthritis. The patient needs to be seen in the early arthritis clinic within 3 weeks.",
        "The specialist thinks your joint pain may be caused by inflammation. Your GP will arrange blood tests and X-rays, and can give you anti-inflammatory tablets.",
    ),
    case(
        "Gout: three flares this year despite allopurinol 100 mg daily. Urate 0.48. How should we step up?",
        "Increase allopurinol by 100 mg every 4 weeks until urate is below 0.36. Give colchicine 500 micrograms twice daily as cover for 6 months.",
        "Gout with tophi that keeps flaring needs review in clinic. Please keep allopurinol going until then.",
        "The specialist advised a higher dose of your gout medicine. Your GP will increase it slowly and check your blood every month.",
    ),
];

const DERMATOLOGY: &[Case] = &[
    case(
        "Acne on the face and back, no better after 3 months of lymecycline and adapalene with benzoyl peroxide. Isotretinoin?",
        "Switch the gel to clindamycin with benzoyl peroxide and continue lymecycline for 3 more months. If no better, isotretinoin is appropriate.",
        "Scarring acne after two courses of treatment meets the criteria for isotretinoin. The patient needs a clinic appointment.",
        "The skin specialist advised a different gel and 3 more months of your tablets. If your skin is not better, you can be referred for stronger treatment.",
    ),
    case(
        "Psoriasis on elbows, knees and scalp, not controlled with a potent steroid and vitamin D cream.",
        "Use a combined calcipotriol and betamethasone gel once daily for 4 weeks and a coal tar shampoo. Review in 8 weeks.",
        "Psoriasis this widespread and resistant to creams needs assessment for light treatment or tablets.",
        "The skin specialist advised a combined gel for your psoriasis and a tar shampoo for your scalp. Your GP will check how it is going in 8 weeks.",
    ),
];

const CARDIOLOGY: &[Case] = &[
    case(
        "Palpitations. 24-hour tape shows 8% ventricular ectopics, ECG otherwise normal. Echo needed?",
        "Ectopics under 10% with a normal ECG are usually harmless. Check thyroid function and electrolytes and cut down caffeine. Echo only if symptoms persist.",
        "An ectopic burden this high with symptoms needs an echocardiogram and cardiology review.",
        "The heart specialist thinks the extra heartbeats are not dangerous. Your GP will check some blood tests. Cutting down on coffee and energy drinks may help.",
    ),
    case(
        "Blood pressure 168/98 on amlodipine 10 mg and ramipril 10 mg, taking them regularly. Next step?",
        "Add indapamide 2.5 mg daily and check kidney function in 2 weeks. If still above target, add spironolactone 25 mg if potassium is below 4.5.",
        "Blood pressure this high on three medicines needs tests for other causes in the hypertension clinic.",
        "The specialist advised adding another blood pressure tablet. Your GP will check your kidney blood test 2 weeks after you start it.",
    ),
];

const PAEDIATRICS: &[Case] = &[
    case(
        "Hives within minutes of eating peanut, no breathing problems. Does the child need adrenaline pens?",
        "Prescribe two adrenaline auto-injectors by weight, give an allergy action plan and advise avoiding peanut. Cetirizine for mild reactions.",
        "Peanut allergy with an immediate reaction needs allergy testing in the children's allergy clinic.",
        "The specialist advised that your child carries two adrenaline pens and avoids peanuts. Your GP will give you a written plan for what to do in a reaction.",
    ),
    case(
        "Constipation for 6 months despite lactulose. Holding on, no red flags. What next?",
        "Change to macrogol with a clear-out plan, then keep going for several months after stools are regular.",
        "Constipation that does not respond to a full macrogol plan needs a children's clinic review.",
        "The specialist advised a different medicine to soften your child's poo. It needs to be taken every day for a few months, even when things improve.",
    ),
];

const GASTROENTEROLOGY: &[Case] = &[
    case(
        "Faecal calprotectin 120 with loose stools and bloating, no red flags. Refer or repeat?",
        "Repeat calprotectin in 6 weeks off anti-inflammatories. If still above 100, refer. Below 100 with no red flags, manage as irritable bowel syndrome.",
        "A calprotectin that stays raised needs a colonoscopy to look for inflammatory bowel disease.",
        "The bowel specialist advised repeating the stool test in 6 weeks. Avoid ibuprofen and similar painkillers before the test.",
    ),
    case(
        "Reflux still troublesome on omeprazole 20 mg daily for 8 weeks, no alarm features.",
        "Increase omeprazole to 40 mg daily for 8 weeks, taken 30 minutes before breakfast. Test for H. pylori after 2 weeks off it.",
        "Reflux that does not settle on a full dose needs an endoscopy.",
        "The specialist advised a higher dose of your stomach medicine, taken half an hour before breakfast. Your GP may also test for a stomach infection.",
    ),
];

const ENDOCRINOLOGY: &[Case] = &[
    case(
        "HbA1c 74 on metformin 1 g twice daily and gliclazide 80 mg twice daily. Which medicine next?",
        "Add an SGLT2 inhibitor such as dapagliflozin 10 mg if kidney function allows. Recheck HbA1c in 3 months.",
        "Diabetes this poorly controlled on two medicines should be seen in the diabetes clinic to consider injections.",
        "The diabetes specialist advised adding another tablet. Your GP will check your blood sugar test again in 3 months.",
    ),
    case(
        "TSH 7.2 with normal free T4 on two checks, tired. Should we treat?",
        "No treatment for now. Check thyroid antibodies and repeat thyroid tests in 3 months. Treat if TSH rises above 10.",
        "A raised TSH with symptoms in someone planning pregnancy needs endocrine review.",
        "The specialist advised that you do not need thyroid tablets now. Your GP will repeat the blood test in 3 months.",
    ),
];

const NEUROLOGY: &[Case] = &[
    case(
        "Tremor in both hands for 2 years, worse holding a cup, family history. Essential tremor?",
        "The history fits essential tremor. If troublesome, try propranolol 40 mg twice daily (not with asthma) or primidone 62.5 mg at night.",
        "Tremor with any stiffness or slowness needs neurology review to rule out Parkinson's disease.",
        "The nerve specialist thinks your shaky hands are caused by a common condition that is not dangerous. Your GP can offer tablets if it bothers you.",
    ),
    case(
        "Migraine on 10 days a month despite propranolol 80 mg twice daily. Next preventive?",
        "Switch to amitriptyline 10 mg at night, increasing to 30 mg. Keep painkillers to fewer than 10 days a month.",
        "Migraine after two preventives have failed meets the criteria for specialist treatment in the headache clinic.",
        "The specialist advised a different tablet to prevent your migraines. Taking painkillers on fewer days can also help the headaches settle.",
    ),
];

const RESPIRATORY: &[Case] = &[
    case(
        "Cough for 10 weeks in a non-smoker, chest X-ray normal. Could this be asthma?",
        "Check FeNO and spirometry with reversibility. If FeNO is above 40, start an inhaled steroid for 8 weeks.",
        "A long-lasting cough with normal first tests needs respiratory clinic review and further scans.",
        "The chest specialist advised two breathing tests. If they show asthma, your GP will start you on an inhaler.",
    ),
    case(
        "COPD with three flare-ups this year on a LAMA/LABA inhaler. Add an inhaled steroid?",
        "Eosinophils are 0.4, so step up to a triple inhaler. Check inhaler technique and refer for pulmonary rehabilitation.",
        "Frequent flare-ups despite triple therapy need assessment in the COPD clinic.",
        "The specialist advised a stronger inhaler and an exercise course for your lungs. Your GP practice will check how you use your inhaler.",
    ),
];

const PSYCHIATRY: &[Case] = &[
    case(
        "Adult ADHD on lisdexamfetamine 50 mg. Blood pressure 146/94 at annual review. Continue?",
        "Repeat blood pressure twice over 2 weeks. If it stays above 140/90, reduce to 40 mg and recheck. Stop if above 160/100.",
        "Raised blood pressure on stimulant treatment needs the ADHD medicine reviewed in clinic.",
        "The specialist advised checking your blood pressure again. If it stays high, your dose may be lowered.",
    ),
    case(
        "Low mood for 3 months, only partly better on sertraline 100 mg. Increase or switch?",
        "Increase sertraline to 150 mg for 4 to 6 weeks. If still only partly better, switch to mirtazapine. Ask about suicidal thoughts at each review.",
        "Depression that has not responded to two treatments needs assessment by the community mental health team.",
        "The specialist advised a higher dose of your medicine. Your GP will see you again in a few weeks to check how you feel.",
    ),
];

const MEMORY: &[Case] = &[
    case(
        "Memory worse over a year, MoCA 21/30, bloods normal, CT shows small vessel disease. Refer?",
        "A mixed picture. Manage blood pressure and cholesterol. The memory service can assess if the family want a diagnosis and support.",
        "Memory problems this marked need a memory service assessment for diagnosis and treatment.",
        "The memory specialist advised controlling your blood pressure and cholesterol. You can still be seen by the memory service if you want a diagnosis.",
    ),
    case(
        "Donepezil 10 mg causing vivid dreams and nausea. Should we switch?",
        "Take donepezil in the morning instead of at night. If still not tolerated, switch to a rivastigmine patch.",
        "Side effects from two memory medicines need review in the memory clinic.",
        "The specialist advised taking your memory tablet in the morning. If you still feel sick, your GP can change it to a skin patch.",
    ),
];

const HAEMATOLOGY: &[Case] = &[
    case(
        "Platelets 480 on two checks, iron studies normal, no infection. What could cause this?",
        "Most likely reactive. Repeat in 3 months with ferritin and CRP. Refer if above 600 or rising.",
        "Platelets that stay raised need a JAK2 test and haematology review.",
        "The blood specialist thinks the raised result is most likely a reaction to something else. Your GP will repeat the test in 3 months.",
    ),
    case(
        "Lymphocytes 6.2, patient well, no enlarged glands. Refer?",
        "Send a blood film and repeat the full blood count in 3 months. Refer if lymphocytes rise above 10 or symptoms develop.",
        "A rising lymphocyte count needs flow cytometry and haematology review.",
        "The blood specialist advised repeating the blood count in 3 months. Tell your GP if you get night sweats, weight loss or lumps.",
    ),
];

const KIDNEY: &[Case] = &[
    case(
        "eGFR fell from 58 to 44 over a year, ACR 35, type 2 diabetes on ramipril. Refer?",
        "Aim for blood pressure below 130/80, add an SGLT2 inhibitor and recheck eGFR and ACR in 3 months.",
        "A fall in eGFR of this size in a year meets the criteria for kidney clinic review.",
        "The kidney specialist advised a new tablet that protects the kidneys. Your GP will repeat the blood and urine tests in 3 months.",
    ),
    case(
        "Potassium 5.9 after starting spironolactone, eGFR 52. Stop it?",
        "Stop spironolactone and repeat potassium in 3 days. Review diet and other medicines that raise potassium.",
        "High potassium that keeps coming back with kidney disease needs renal clinic review.",
        "The kidney specialist advised stopping one of your tablets. Your GP will repeat the blood test in a few days.",
    ),
];

const UROLOGY: &[Case] = &[
    case(
        "Four urine infections this year after the menopause, ultrasound normal. Prevention?",
        "Start vaginal oestrogen. If infections continue, consider nitrofurantoin 50 mg at night for 6 months.",
        "Infections that continue despite prevention need cystoscopy in the urology clinic.",
        "The specialist advised a cream that helps prevent urine infections. Your GP may also offer a low-dose antibiotic at night.",
    ),
    case(
        "Urinary symptoms still troublesome on tamsulosin, prostate volume 45 ml. Add finasteride?",
        "Add finasteride 5 mg daily; it takes 6 months to work. Check PSA first, and remember it halves on treatment.",
        "Symptoms despite two medicines need urology review.",
        "The specialist advised adding a second tablet for your prostate. It can take 6 months to help.",
    ),
];

const EYES: &[Case] = &[
    case(
        "Dry, gritty eyes despite lubricating drops for 3 months. Anything else to try?",
        "Use preservative-free drops at least four times a day, with warm compresses and lid cleaning twice daily.",
        "Dry eyes with reduced vision or a red painful eye need urgent eye clinic review.",
        "The eye specialist advised drops without preservatives and cleaning your eyelids twice a day with a warm cloth.",
    ),
    case(
        "On hydroxychloroquine for 5 years. Has eye screening been arranged?",
        "Yearly eye screening starts after 5 years; we have added the patient to the list. No need to stop treatment.",
        "Changes on screening need review in the medical retina clinic.",
        "The eye specialist will invite you for a yearly eye check because of your medicine. Keep taking it as usual.",
    ),
];

const LIVER: &[Case] = &[
    case(
        "ALT 85 for 6 months, BMI 33, fatty liver on ultrasound, FIB-4 1.9. Refer?",
        "FIB-4 is in the middle range, so request an ELF test. If ELF is below 9.5, manage in primary care with weight loss.",
        "A raised ELF score needs a FibroScan and liver clinic review.",
        "The liver specialist advised one more blood test. Losing some weight is the best treatment for a fatty liver.",
    ),
    case(
        "Bilirubin 32, unconjugated, other liver tests normal. Gilbert's?",
        "This fits Gilbert's syndrome. No further tests are needed.",
        "Raised bilirubin with abnormal liver tests needs liver clinic review.",
        "The liver specialist thinks you have a common, harmless condition called Gilbert's syndrome. You do not need more tests.",
    ),
];

const GENERAL: &[Case] = &[case(
    "Symptoms not settling with first-line treatment. Advice on next steps, please.",
    "Continue current treatment for 4 more weeks and review. Refer if no better.",
    "The patient needs to be seen in clinic.",
    "The specialist advised carrying on with your treatment for 4 more weeks.",
)];

/// What the specialist asks for when they need more information.
pub(super) const ASK_MORE: &[&str] = &[
    "Please send recent blood results (FBC, U&E, CRP) and a list of current medicines.",
    "Could you tell us how long the symptoms have lasted and what has been tried so far?",
    "Please attach the most recent clinic letter and any imaging reports.",
];

/// The GP's answer to a request for more information.
pub(super) const GP_ANSWERS: &[&str] = &[
    "Bloods from last week attached: FBC and U&E normal, CRP 12. Medicines list attached.",
    "Symptoms for 5 months. Tried two first-line treatments, each for 6 weeks, without benefit.",
    "Latest letter and the ultrasound report attached.",
];

/// Why a service sends a request on to another.
pub(super) const REDIRECT_WHY: &[&str] = &[
    "This question is better answered by the team that manages this condition.",
    "Our colleagues in this service run the clinic for this problem.",
];

/// What the specialist writes when the patient must be seen soon.
pub(super) const SEE_URGENTLY: &str =
    "We would like to see this patient soon. Our team will contact the patient within 2 weeks.";
/// The patient's summary when they must be seen soon.
pub(super) const SEE_URGENTLY_SUMMARY: &str = "The specialist wants to see you soon. The hospital will contact you within 2 weeks. If you feel worse while you wait, call 111.";
/// The patient's summary when the request became a referral.
pub(super) const CONVERTED_SUMMARY: &str = "The specialist wants to see you in clinic. The hospital will write to you with an appointment.";
/// The patient's summary when the GP needs to refer.
pub(super) const REFER_SUMMARY: &str = "The specialist thinks you should be seen at the hospital. Your GP will talk to you about a referral.";

/// What the GP records when closing a request with this outcome (`None`: nothing needed).
pub(super) fn gp_action(outcome: Outcome, pick: usize) -> Option<&'static str> {
    let options: &[&str] = match outcome {
        Outcome::AdviceGiven => &[
            "Advice followed; plan discussed with the patient.",
            "Medicine changed as advised; review booked in 4 weeks.",
            "Tests requested as advised; will review the results.",
        ],
        Outcome::ReferralRecommended => &[
            "Referred through e-RS as recommended.",
            "Discussed with the patient, who agreed to referral; referral sent.",
        ],
        Outcome::SeeUrgently => &["Patient told the hospital will contact them; safety-netted."],
        _ => return None,
    };
    Some(options[pick % options.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_specialty_has_its_own_cases_and_summaries_stay_plain() {
        for specialty in [
            "rheumatology",
            "dermatology",
            "cardiology",
            "paediatrics",
            "gastroenterology",
            "endocrinology",
            "neurology",
            "respiratory",
            "psychiatry",
            "old_age_psychiatry",
            "haematology",
            "nephrology",
            "urology",
            "ophthalmology",
            "hepatology",
        ] {
            let all = cases(specialty);
            assert!(!std::ptr::eq(all, GENERAL), "{specialty}");
            for c in all {
                for sentence in c.summary.split(". ") {
                    assert!(sentence.split_whitespace().count() <= 25, "{sentence}");
                }
                assert!(c.question.len() <= 200, "{}", c.question);
            }
        }
        assert!(gp_action(Outcome::ConvertedToReferral, 0).is_none());
        assert!(gp_action(Outcome::AdviceGiven, 7).is_some());
    }
}
