//! The bodies of the `sel` scale's generated letters, and what the plain-English checker says
//! of them. A body is one of the word variants in one style, with the weeks or months to the
//! next appointment filled in, the first few of its GP actions and its addressee: a few
//! thousand different texts in all. Each is serialised and checked once, the first time a
//! letter needs it (checking takes about 0.1 ms, too long to repeat for millions of letters);
//! each letter then only splices its GP actions' due dates into the stored JSON.

use super::letters_curated::check_facts;
use super::letters_sel_words::{MEDICAL_CLINIC, Variant};
use super::letters_sel_words_more::OTHER_CLINIC;
use super::letters_sel_words_ward::DISCHARGES;
use joinedup_core::letters::{Addressee, LetterContent};
use std::collections::HashMap;
use time::Date;

/// Every word variant: the medical clinic letters, the other clinic letters, the discharge
/// summaries. A variant's index here names it in [`TextKey`].
pub(super) fn all_variants() -> impl Iterator<Item = &'static Variant> {
    MEDICAL_CLINIC.iter().chain(OTHER_CLINIC).chain(DISCHARGES)
}

/// Which text a letter has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct TextKey {
    /// The variant's index in [`all_variants`].
    pub variant: u16,
    /// The plain style rather than the old one.
    pub plain_style: bool,
    /// The months (clinic letter) or weeks (discharge summary) to the next appointment.
    pub interval: u8,
    /// How many of the variant's GP actions it keeps.
    pub actions: u8,
    /// To whom it is written.
    pub addressee: Addressee,
}

/// One text, ready to give letters.
pub(super) struct Filled {
    /// The body's JSON, cut where each GP action's due date goes.
    parts: Vec<String>,
    /// The GP actions kept: text and days after the event they are due.
    pub actions: Vec<(&'static str, i64)>,
    /// The checker's reading age, Flesch Reading Ease and verdict (plain or not).
    pub check: (f64, f64, bool),
}

/// Stands where a due date goes in a body's JSON while it waits for a letter.
const NO_DUE: &str = "\"due\":null";

impl Filled {
    /// The body's JSON with the GP actions due on `dues` (one date per action, in order).
    pub fn json(&self, dues: &[Date]) -> String {
        let mut out = String::with_capacity(
            self.parts.iter().map(String::len).sum::<usize>() + 24 * dues.len(),
        );
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push_str("\"due\":");
                let due = dues.get(i - 1).copied();
                // As `LetterContent` writes a due date: ISO `YYYY-MM-DD`, or null.
                match due {
                    Some(d) => out.push_str(&format!("\"{d}\"")),
                    None => out.push_str("null"),
                }
            }
            out.push_str(part);
        }
        out
    }
}

/// The texts made so far.
pub(super) struct Texts {
    variants: Vec<&'static Variant>,
    made: HashMap<TextKey, Filled>,
}

impl Default for Texts {
    fn default() -> Self {
        Self {
            variants: all_variants().collect(),
            made: HashMap::new(),
        }
    }
}

impl Texts {
    /// The variants, indexed as [`TextKey::variant`] counts them.
    pub fn variants(&self) -> &[&'static Variant] {
        &self.variants
    }

    /// The text for `key`, made and checked the first time it is asked for.
    pub fn get(&mut self, key: TextKey) -> &Filled {
        let variants = &self.variants;
        self.made
            .entry(key)
            .or_insert_with(|| fill(variants[usize::from(key.variant)], key))
    }
}

/// Makes and checks the text for `key`.
fn fill(v: &Variant, key: TextKey) -> Filled {
    let words = if key.plain_style { &v.plain } else { &v.old };
    let kept: Vec<(&'static str, i64)> = (words.gp_actions.iter())
        .take(usize::from(key.actions))
        .map(|a| (a.text, a.due_days))
        .collect();
    // Any date will do: the due dates are taken out again below, and the checker does not read them.
    let mut content: LetterContent = words.content(Date::MIN);
    content.gp_actions.truncate(kept.len());
    for a in &mut content.gp_actions {
        a.due = None;
    }
    let interval = key.interval.to_string();
    content.follow_up = content.follow_up.replace("{n}", &interval);
    for a in &mut content.hospital_actions {
        *a = a.replace("{n}", &interval);
    }
    let check = check_facts(&content, key.addressee);
    let json = serde_json::to_string(&content).expect("letter content serialises");
    Filled {
        parts: json.split(NO_DUE).map(str::to_owned).collect(),
        actions: kept,
        check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use joinedup_core::letters::Kind;

    #[test]
    fn a_body_gets_its_due_dates_back_and_reads_as_the_content_it_came_from() {
        let mut texts = Texts::default();
        let key = TextKey {
            variant: 0,
            plain_style: true,
            interval: 6,
            actions: 2,
            addressee: Addressee::Patient,
        };
        let d = |n: u8| Date::from_calendar_date(2026, time::Month::March, n).unwrap();
        let filled = texts.get(key);
        let json = filled.json(&[d(3), d(17)]);
        let back: LetterContent = serde_json::from_str(&json).unwrap();
        assert_eq!(back.gp_actions.len(), 2);
        assert_eq!(back.gp_actions[0].due, Some(d(3)));
        assert_eq!(back.gp_actions[1].due, Some(d(17)));
        assert!(back.follow_up.contains("in 6 months"), "{}", back.follow_up);
        assert!(json.len() < 1_000, "{} bytes", json.len());
    }

    #[test]
    fn plain_variants_are_judged_plain_and_old_ones_are_not() {
        let mut texts = Texts::default();
        let n = texts.variants().len();
        let mut wrong = vec![];
        for variant in 0..n as u16 {
            let kind = texts.variants()[usize::from(variant)].kind;
            let interval = if kind == Kind::ClinicLetter { 6 } else { 4 };
            for plain_style in [true, false] {
                for actions in 0..=3 {
                    let key = TextKey {
                        variant,
                        plain_style,
                        interval,
                        actions,
                        addressee: Addressee::Patient,
                    };
                    let filled = texts.get(key);
                    if filled.check.2 != plain_style {
                        let v = texts.variants()[usize::from(variant)];
                        let words = if plain_style { &v.plain } else { &v.old };
                        let content = words.content(Date::MIN);
                        let report = joinedup_core::letters::checker::Checker::shared_standard()
                            .check(&content.checker_text(Addressee::Patient));
                        wrong.push(format!(
                            "{} {:?} plain_style={plain_style} actions={actions}: {:?}",
                            v.specialty, words.diagnoses, report.verdict_reasons
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn a_letter_to_the_gp_is_never_judged_plain() {
        let mut texts = Texts::default();
        let key = TextKey {
            variant: 0,
            plain_style: true,
            interval: 6,
            actions: 1,
            addressee: Addressee::Gp,
        };
        assert!(!texts.get(key).check.2);
    }
}
