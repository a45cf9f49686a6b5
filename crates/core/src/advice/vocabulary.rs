//! The words of Advice & Guidance: urgency, the status of a request and the outcome a service gives.
//!
//! Each is stored as TEXT through `as_str` / `parse`, serialised in snake_case, and shown on
//! pages through `label`.

use serde::{Deserialize, Serialize};

/// How quickly the requesting GP needs an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Within the service's usual response standard.
    Routine,
    /// The GP asks the service to look at it first.
    Urgent,
}

impl Urgency {
    /// Every urgency, in the order the form lists them.
    pub const ALL: [Self; 2] = [Self::Routine, Self::Urgent];

    /// The stored name (`routine`, `urgent`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Routine => "routine",
            Self::Urgent => "urgent",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// How the urgency is named on pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Routine => "Routine",
            Self::Urgent => "Urgent",
        }
    }
}

/// Where an advice request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Saved by the practice, not yet sent; the service cannot see it.
    Draft,
    /// With the service and the response clock running; a specialist may claim it.
    Sent,
    /// The specialist asked the GP for more information; the clock is paused.
    AwaitingInformation,
    /// The service gave an outcome; the GP has to read it and act.
    Answered,
    /// The GP recorded what they did (or read a converted request); no more messages.
    Closed,
}

impl Status {
    /// Every status, in the order a request moves through them.
    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::Sent,
        Self::AwaitingInformation,
        Self::Answered,
        Self::Closed,
    ];

    /// The stored name (`draft`, `sent`, `awaiting_information`, `answered`, `closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::AwaitingInformation => "awaiting_information",
            Self::Answered => "answered",
            Self::Closed => "closed",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// How the status is named on pages (an nhsuk tag).
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Sent => "Waiting for the specialist",
            Self::AwaitingInformation => "Waiting for information from the GP",
            Self::Answered => "Answered",
            Self::Closed => "Closed",
        }
    }

    /// True while the service's response clock runs (only when the request is with the service).
    pub fn clock_running(self) -> bool {
        self == Self::Sent
    }

    /// True while the request still needs someone to act (sent and not yet closed).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Sent | Self::AwaitingInformation | Self::Answered
        )
    }
}

/// What the specialist service decided about a request (the NHS e-Referral Service outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Advice for the GP to manage the patient in primary care.
    AdviceGiven,
    /// The service turned the request into a referral (only if the GP authorised it).
    ConvertedToReferral,
    /// The patient should be referred, but the GP did not authorise conversion: the GP refers.
    ReferralRecommended,
    /// The specialist needs more from the GP before answering; the clock pauses.
    MoreInformationNeeded,
    /// Sent on to a more suitable service, whose clock starts afresh.
    Redirected,
    /// The hospital will contact the patient to be seen soon.
    SeeUrgently,
}

impl Outcome {
    /// Every outcome, in the order the reply form lists them.
    pub const ALL: [Self; 6] = [
        Self::AdviceGiven,
        Self::ReferralRecommended,
        Self::ConvertedToReferral,
        Self::SeeUrgently,
        Self::MoreInformationNeeded,
        Self::Redirected,
    ];

    /// The outcomes that end the service's part ([`Outcome::is_final`]), in form order.
    pub const FINAL: [Self; 4] = [
        Self::AdviceGiven,
        Self::ReferralRecommended,
        Self::ConvertedToReferral,
        Self::SeeUrgently,
    ];

    /// The stored name (`advice_given`, `converted_to_referral`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdviceGiven => "advice_given",
            Self::ConvertedToReferral => "converted_to_referral",
            Self::ReferralRecommended => "referral_recommended",
            Self::MoreInformationNeeded => "more_information_needed",
            Self::Redirected => "redirected",
            Self::SeeUrgently => "see_urgently",
        }
    }

    /// Reads a stored name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// How the outcome is named for clinicians.
    pub fn label(self) -> &'static str {
        match self {
            Self::AdviceGiven => "Advice given",
            Self::ConvertedToReferral => "Converted to a referral",
            Self::ReferralRecommended => "Referral recommended (GP to refer)",
            Self::MoreInformationNeeded => "More information needed",
            Self::Redirected => "Redirected to another service",
            Self::SeeUrgently => "Patient to be seen urgently",
        }
    }

    /// A short plain-English heading for the patient.
    pub fn patient_label(self) -> &'static str {
        match self {
            Self::AdviceGiven => "Your GP has advice from a specialist",
            Self::ConvertedToReferral => "You have been referred to the hospital",
            Self::ReferralRecommended => "The specialist thinks you should be referred",
            Self::MoreInformationNeeded => "The specialist needs more information",
            Self::Redirected => "Your GP's question went to a different team",
            Self::SeeUrgently => "The hospital needs to see you soon",
        }
    }

    /// What happens next, in plain English, for the patient.
    pub fn patient_next_steps(self) -> &'static str {
        match self {
            Self::AdviceGiven => {
                "The specialist sent advice to your GP. Your GP will look after this with you. \
                 You do not need a hospital appointment for now."
            }
            Self::ConvertedToReferral => {
                "The specialist has asked for you to have a hospital appointment. \
                 The hospital will contact you to book it. You do not need to ask your GP to refer you."
            }
            Self::ReferralRecommended => {
                "The specialist thinks you should see the hospital team. Your GP needs to refer you. \
                 Your GP practice will talk to you about this. If you have not heard from them in \
                 2 weeks, contact your GP practice."
            }
            Self::MoreInformationNeeded => {
                "The specialist has asked your GP for more details before they can advise. \
                 You do not need to do anything. Your GP may contact you if they need to."
            }
            Self::Redirected => {
                "Your GP's question has been sent to a team that is better placed to answer it. \
                 You do not need to do anything."
            }
            Self::SeeUrgently => {
                "The specialist wants you to be seen soon. The hospital will contact you to arrange this. \
                 If you feel worse while you wait, call 111, or 999 in an emergency."
            }
        }
    }

    /// True when the outcome ends the service's part of the request (all but more information and redirect).
    pub fn is_final(self) -> bool {
        !matches!(self, Self::MoreInformationNeeded | Self::Redirected)
    }

    /// True when the request counts as *diverted* in the national specialist advice statistics.
    ///
    /// Diverted means the patient was not added to a waiting list. Only advice given counts:
    /// a converted request and "see urgently" put the patient on a list, and "referral
    /// recommended" hands the referral to the GP, so the patient is expected to join a list too.
    pub fn is_diverted(self) -> bool {
        self == Self::AdviceGiven
    }

    /// True when giving this outcome needs the GP's authorisation to convert.
    pub fn needs_authorisation(self) -> bool {
        self == Self::ConvertedToReferral
    }

    /// The status a request moves to when the service gives this outcome.
    ///
    /// Final outcomes go to the GP ([`Status::Answered`]); more information waits on the GP;
    /// a redirect lands with the new service as [`Status::Sent`].
    pub fn resulting_status(self) -> Status {
        match self {
            Self::MoreInformationNeeded => Status::AwaitingInformation,
            Self::Redirected => Status::Sent,
            _ => Status::Answered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips_through_its_stored_name_and_serde() {
        for u in Urgency::ALL {
            assert_eq!(Urgency::parse(u.as_str()), Some(u));
            assert_eq!(
                serde_json::to_string(&u).unwrap(),
                format!("\"{}\"", u.as_str())
            );
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
            assert!(!s.label().is_empty());
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            let json = serde_json::to_string(&o).unwrap();
            assert_eq!(json, format!("\"{}\"", o.as_str()));
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), o);
        }
        assert_eq!(Outcome::parse("Advice given"), None);
        assert_eq!(Status::parse(""), None);
        assert_eq!(Urgency::parse("URGENT"), None);
    }

    #[test]
    fn only_more_information_and_redirect_are_not_final() {
        let not_final: Vec<_> = Outcome::ALL.into_iter().filter(|o| !o.is_final()).collect();
        assert_eq!(
            not_final,
            vec![Outcome::MoreInformationNeeded, Outcome::Redirected]
        );
        assert!(Outcome::FINAL.iter().all(|o| o.is_final()));
        assert_eq!(Outcome::FINAL.len() + not_final.len(), Outcome::ALL.len());
    }

    #[test]
    fn only_advice_given_counts_as_diverted() {
        for o in Outcome::ALL {
            assert_eq!(o.is_diverted(), o == Outcome::AdviceGiven, "{o:?}");
        }
    }

    #[test]
    fn each_outcome_moves_the_request_to_the_right_status() {
        use Outcome::*;
        assert_eq!(AdviceGiven.resulting_status(), Status::Answered);
        assert_eq!(ConvertedToReferral.resulting_status(), Status::Answered);
        assert_eq!(ReferralRecommended.resulting_status(), Status::Answered);
        assert_eq!(SeeUrgently.resulting_status(), Status::Answered);
        assert_eq!(
            MoreInformationNeeded.resulting_status(),
            Status::AwaitingInformation
        );
        assert_eq!(Redirected.resulting_status(), Status::Sent);
    }

    #[test]
    fn patient_wording_is_plain_and_says_who_refers() {
        for o in Outcome::ALL {
            let text = o.patient_next_steps();
            for jargon in ["A&G", "e-RS", "triage", "secondary care", "outcome"] {
                assert!(!text.contains(jargon), "{o:?} uses {jargon}");
            }
            for sentence in text.split(". ") {
                assert!(
                    sentence.split_whitespace().count() <= 25,
                    "{o:?}: {sentence}"
                );
            }
        }
        assert!(
            Outcome::ReferralRecommended
                .patient_next_steps()
                .contains("Your GP needs to refer you")
        );
        assert!(
            Outcome::AdviceGiven
                .patient_next_steps()
                .contains("do not need a hospital appointment")
        );
    }

    #[test]
    fn only_a_sent_request_runs_the_clock() {
        for s in Status::ALL {
            assert_eq!(s.clock_running(), s == Status::Sent);
        }
        assert!(!Status::Draft.is_open());
        assert!(!Status::Closed.is_open());
        assert!(Status::Answered.is_open());
    }
}
