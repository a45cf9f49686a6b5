//! Who a letter is written to: the patient, or the GP (or another professional).
//!
//! The salutation decides when there is one: the first line starting "Dear" is checked
//! against the `professional-salutation` rules ("Dear Dr", "Dear Colleague", "Dear GP") and
//! then the `patient-salutation` rules ("Dear Mr/Mrs/Ms/Miss/Mx ...", "Dear Parent", "Dear
//! (first name)"). Without one, the person the letter speaks in decides: at least 3 uses of
//! "you/your/yours/yourself" and at least twice as many as third-person words
//! ("he/she/him/her/his/hers/himself/herself", "the/this patient") mean the patient; any
//! third-person or second-person use otherwise means a professional; no cue at all is unknown.

use super::Checker;
use super::rules::Scope;
use serde::Serialize;

/// Who a letter is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The patient (or a parent or carer): the Academy of Medical Royal Colleges' model.
    Patient,
    /// The GP or another professional, with the patient in the third person.
    Professional,
    /// Not known (e.g. one section checked on its own).
    Unknown,
}

impl Audience {
    /// True when a rule with this scope applies to a letter written to this audience.
    /// `request` and `paragraph` scopes are decided by the text, not the audience: false.
    pub(crate) fn allows(self, scope: Scope) -> bool {
        match scope {
            Scope::Any => true,
            Scope::Patient => self == Audience::Patient,
            Scope::Professional => self == Audience::Professional,
            Scope::Request | Scope::Paragraph => false,
        }
    }
}

impl Checker {
    /// Who `letter` is written to (see the module documentation for the rules).
    pub fn audience(&self, letter: &str) -> Audience {
        let salutation = letter.lines().map(str::trim_start).find(|line| {
            line.get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("dear "))
        });
        if let Some(line) = salutation {
            if self.rules.professional_salutation.matches(line, |_| true) {
                return Audience::Professional;
            }
            if self.rules.patient_salutation.matches(line, |_| true) {
                return Audience::Patient;
            }
        }
        let (second, third) = person_counts(letter);
        if second >= 3 && second >= 2 * third {
            Audience::Patient
        } else if second + third > 0 {
            Audience::Professional
        } else {
            Audience::Unknown
        }
    }
}

/// Counts second-person and third-person words in `text`.
fn person_counts(text: &str) -> (usize, usize) {
    let (mut second, mut third) = (0, 0);
    let mut previous = "";
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        if is("you") || is("your") || is("yours") || is("yourself") {
            second += 1;
        } else if [
            "he", "she", "him", "her", "his", "hers", "himself", "herself",
        ]
        .iter()
        .any(|w| is(w))
            || (is("patient")
                && (previous.eq_ignore_ascii_case("the") || previous.eq_ignore_ascii_case("this")))
        {
            third += 1;
        }
        previous = word;
    }
    (second, third)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audience(text: &str) -> Audience {
        Checker::shared_standard().audience(text)
    }

    #[test]
    fn the_salutation_decides() {
        assert_eq!(
            audience("Dear Mrs Okafor,\nHe was seen."),
            Audience::Patient
        );
        assert_eq!(audience("Re: x\n  Dear Mx Lee,\n"), Audience::Patient);
        assert_eq!(audience("Dear Aisha,\nWe saw you."), Audience::Patient);
        assert_eq!(audience("Dear Parent or Carer,\n"), Audience::Patient);
        assert_eq!(
            audience("Dear Dr Shah,\nYou will see that you ..."),
            Audience::Professional
        );
        assert_eq!(audience("Dear Colleague,\n"), Audience::Professional);
        assert_eq!(audience("DEAR GP,\n"), Audience::Professional);
        assert_eq!(audience("Dear Sir/Madam,\n"), Audience::Professional);
        assert_eq!(
            audience("Dear District Nursing Team,\n"),
            Audience::Professional
        );
    }

    #[test]
    fn without_a_salutation_the_person_decides() {
        let to_patient = "You came to the clinic. We checked your heart. Your tests were normal.";
        assert_eq!(audience(to_patient), Audience::Patient);
        let to_gp = "This patient was admitted with chest pain. He was treated and his pain \
                     settled. Thank you for seeing him.";
        assert_eq!(audience(to_gp), Audience::Professional);
        assert_eq!(audience("Diagnosis: asthma"), Audience::Unknown);
    }

    #[test]
    fn scopes_follow_the_audience() {
        assert!(Audience::Patient.allows(Scope::Any));
        assert!(Audience::Patient.allows(Scope::Patient));
        assert!(!Audience::Patient.allows(Scope::Professional));
        assert!(!Audience::Unknown.allows(Scope::Professional));
        assert!(!Audience::Unknown.allows(Scope::Patient));
        assert!(!Audience::Professional.allows(Scope::Request));
    }
}
