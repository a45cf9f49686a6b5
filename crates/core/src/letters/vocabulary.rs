//! The words of letters: the kind of letter, where it stands, to whom it is written, and the
//! actions it asks of the GP, the patient and the hospital.
//!
//! Each is stored as TEXT through `as_str` / `parse`, serialised in snake_case, and shown on
//! pages through `label`.

use serde::{Deserialize, Serialize};

/// Declares a stored vocabulary: the enum, `ALL`, `as_str`, `parse` and `label`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $stored:literal, $label:literal; )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order forms list them.
            pub const ALL: &'static [Self] = &[$( Self::$variant ),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $stored, )+ }
            }

            /// Reads a stored name back.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// How the value is named on pages.
            pub fn label(self) -> &'static str {
                match self { $( Self::$variant => $label, )+ }
            }
        }
    };
}

vocabulary! {
    /// Which PRSB standard a letter follows.
    Kind {
        /// After an outpatient appointment (PRSB Outpatient Letter Standard).
        ClinicLetter => "clinic_letter", "Clinic letter";
        /// After a stay in hospital (PRSB eDischarge Summary Standard).
        DischargeSummary => "discharge_summary", "Discharge summary";
    }
}

vocabulary! {
    /// Where a letter stands.
    Status {
        /// Being written; only the service can see it.
        Draft => "draft", "Draft";
        /// Signed and delivered to the practice and the patient.
        Sent => "sent", "Sent";
        /// The practice has acknowledged it.
        Acknowledged => "acknowledged", "Acknowledged";
    }
}

vocabulary! {
    /// To whom the letter is written; the other is copied.
    Addressee {
        /// To the patient, copied to the GP (the default, "Please, write to me").
        Patient => "patient", "The patient";
        /// To the GP, copied to the patient; the letter records why.
        Gp => "gp", "The GP";
    }
}

vocabulary! {
    /// Who a requested action belongs to.
    ActionOwner {
        /// What the GP needs to do.
        Gp => "gp", "What the GP needs to do";
        /// What the patient needs to do.
        Patient => "patient", "What you need to do";
        /// What the hospital will do.
        Hospital => "hospital", "What the hospital will do";
    }
}

vocabulary! {
    /// Where a GP action stands.
    ActionState {
        /// Not done yet.
        Open => "open", "To do";
        /// The practice did it.
        Done => "done", "Done";
        /// Not needed after all (with a reason).
        NotNeeded => "not_needed", "Not needed";
        /// Declined as not the GP's responsibility (with a reason): an interface concern.
        Declined => "declined", "Declined: not the GP's responsibility";
    }
}

vocabulary! {
    /// What happened to a medicine.
    MedicineChange {
        /// A new medicine.
        Started => "started", "Started";
        /// Dose or frequency changed.
        Changed => "changed", "Changed";
        /// Stopped.
        Stopped => "stopped", "Stopped";
    }
}

vocabulary! {
    /// Who will act on a result that was not back when the letter was written.
    ResultOwner {
        /// The hospital team that ordered it (the interface rule: the hospital acts on its tests).
        Hospital => "hospital", "The hospital team";
        /// The GP, by agreement.
        Gp => "gp", "The GP";
    }
}

impl ActionState {
    /// True once the action needs nothing more from the practice.
    pub fn is_settled(self) -> bool {
        self != Self::Open
    }

    /// True when the state must carry a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::NotNeeded | Self::Declined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_name_reads_back_to_its_value() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        for s in ActionState::ALL {
            assert_eq!(ActionState::parse(s.as_str()), Some(*s));
        }
        assert_eq!(
            MedicineChange::parse("stopped"),
            Some(MedicineChange::Stopped)
        );
        assert_eq!(Addressee::parse("nobody"), None);
    }

    #[test]
    fn only_not_needed_and_declined_need_a_reason() {
        let needing: Vec<_> = ActionState::ALL
            .iter()
            .filter(|s| s.needs_reason())
            .collect();
        assert_eq!(needing, [&ActionState::NotNeeded, &ActionState::Declined]);
        assert!(!ActionState::Open.is_settled());
        assert!(ActionState::Done.is_settled());
    }
}
