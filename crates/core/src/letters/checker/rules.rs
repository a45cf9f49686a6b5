//! The rules: phrasings of GP requests, interface-concern patterns, explanation cues, action-list
//! headings and salutations, as data the ICB can extend.
//!
//! The built-in list is `data/letters/rules.tsv`. Each line holds
//! `category<TAB>kind<TAB>scope<TAB>value`, the value being a regular expression matched
//! without regard to case (Rust `regex` syntax), except for `concern-advice`, whose value is the
//! advice shown to the writer. Regexes run on one sentence at a time.

use super::data::{DataError, bad, data_lines};
use regex::{Regex, RegexSet, RegexSetBuilder};

/// The built-in rules file.
pub const BUILTIN_RULES: &str = include_str!("../../../data/letters/rules.tsv");

/// What a rule is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleCategory {
    /// A salutation that shows the letter is written to a professional ("Dear Dr ...").
    ProfessionalSalutation,
    /// A salutation that shows the letter is written to the patient ("Dear Mrs ...").
    PatientSalutation,
    /// A phrasing that asks the GP to do something.
    GpRequest,
    /// A phrasing that looks like a GP request but is not ("a copy of this letter").
    NotGpRequest,
    /// A pattern of an interface concern; the rule's kind names the concern.
    Concern,
    /// A pattern that exempts a sentence from one kind of concern ("refer to my letter").
    NotConcern,
    /// The advice shown for one kind of concern (the value is text, not a pattern).
    ConcernAdvice,
    /// Text right after a term that explains it ("eGFR, which measures ...").
    ExplainsAfter,
    /// Text right before a term that shows the plain words came first ("a condition called").
    ExplainsBefore,
    /// The start of the sentence after one that ends with a term ("This is a blood test ...").
    ExplainsNext,
    /// A heading that opens the GP action list ("Actions for the GP").
    ActionHeading,
}

impl RuleCategory {
    /// Every category, in the order the file lists them.
    pub const ALL: [Self; 11] = [
        Self::ProfessionalSalutation,
        Self::PatientSalutation,
        Self::GpRequest,
        Self::NotGpRequest,
        Self::Concern,
        Self::NotConcern,
        Self::ConcernAdvice,
        Self::ExplainsAfter,
        Self::ExplainsBefore,
        Self::ExplainsNext,
        Self::ActionHeading,
    ];

    /// The name used in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProfessionalSalutation => "professional-salutation",
            Self::PatientSalutation => "patient-salutation",
            Self::GpRequest => "gp-request",
            Self::NotGpRequest => "not-gp-request",
            Self::Concern => "concern",
            Self::NotConcern => "not-concern",
            Self::ConcernAdvice => "concern-advice",
            Self::ExplainsAfter => "explains-after",
            Self::ExplainsBefore => "explains-before",
            Self::ExplainsNext => "explains-next",
            Self::ActionHeading => "action-heading",
        }
    }

    /// Reads a data-file name back.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// When a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// In every letter.
    Any,
    /// Only in a letter written to the patient.
    Patient,
    /// Only in a letter written to a professional (the GP).
    Professional,
    /// Only in a sentence that is also a GP request or an item of the GP action list.
    Request,
    /// Matched against the sentence together with the one before it in the same paragraph.
    Paragraph,
}

impl Scope {
    /// Reads a data-file name (`any`, `patient`, `professional`, `request`, `paragraph`; `-`
    /// means any).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "any" | "-" => Some(Self::Any),
            "patient" => Some(Self::Patient),
            "professional" => Some(Self::Professional),
            "request" => Some(Self::Request),
            "paragraph" => Some(Self::Paragraph),
            _ => None,
        }
    }
}

/// One rule line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What the rule is for.
    pub category: RuleCategory,
    /// For concerns and advice, the concern's stable kebab-case id; otherwise empty.
    pub kind: String,
    /// When the rule applies.
    pub scope: Scope,
    /// The pattern (or, for advice, the text); `-` in an extra file removes defaults.
    pub value: String,
}

impl Rule {
    /// Checks and builds a rule from the four fields of a line or database row (a pattern
    /// must compile on its own).
    pub fn from_fields(
        category: &str,
        kind: &str,
        scope: &str,
        value: &str,
    ) -> Result<Self, String> {
        let category = RuleCategory::parse(category.trim())
            .ok_or_else(|| format!("unknown category {category:?}"))?;
        let kind = kind.trim();
        let kind = if kind == "-" { "" } else { kind };
        let needs_kind = matches!(
            category,
            RuleCategory::Concern | RuleCategory::NotConcern | RuleCategory::ConcernAdvice
        );
        if needs_kind && !is_kebab_id(kind) {
            return Err(format!(
                "a {} needs a kebab-case kind, not {kind:?}",
                category.as_str()
            ));
        }
        let scope = Scope::parse(scope.trim()).ok_or_else(|| format!("unknown scope {scope:?}"))?;
        if matches!(scope, Scope::Request | Scope::Paragraph) && category != RuleCategory::Concern {
            return Err(
                "scopes \"request\" and \"paragraph\" are only for concern rules".to_owned(),
            );
        }
        let value = value.trim();
        if value.is_empty() {
            return Err("the value is empty".to_owned());
        }
        if category != RuleCategory::ConcernAdvice && value != "-" {
            Regex::new(&format!("(?i){value}")).map_err(|e| format!("bad pattern: {e}"))?;
        }
        Ok(Self {
            category,
            kind: kind.to_owned(),
            scope,
            value: value.to_owned(),
        })
    }

    /// True for a rule that removes defaults rather than adding one.
    pub fn is_removal(&self) -> bool {
        self.value == "-"
    }
}

/// True for a stable id such as `onward-referral`.
fn is_kebab_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A list of rules: the defaults, an ICB's additions, or both merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    rules: Vec<Rule>,
}

impl Rules {
    /// The built-in rules (`data/letters/rules.tsv`).
    pub fn builtin() -> Rules {
        Rules::parse("rules.tsv", BUILTIN_RULES).expect("the built-in rules are valid")
    }

    /// Reads a rules file; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Rules, DataError> {
        let mut rules = Vec::new();
        for (line, f) in data_lines(origin, text, 4)? {
            rules
                .push(Rule::from_fields(f[0], f[1], f[2], f[3]).map_err(|p| bad(origin, line, p))?);
        }
        Ok(Rules { rules })
    }

    /// Builds rules from rows (e.g. a database table): `[category, kind, scope, value]`.
    pub fn from_rows<'a>(
        origin: &str,
        rows: impl IntoIterator<Item = [&'a str; 4]>,
    ) -> Result<Rules, DataError> {
        let mut rules = Vec::new();
        for (i, [category, kind, scope, value]) in rows.into_iter().enumerate() {
            rules.push(
                Rule::from_fields(category, kind, scope, value)
                    .map_err(|p| bad(origin, i + 1, p))?,
            );
        }
        Ok(Rules { rules })
    }

    /// These rules with `extra` added. An extra rule whose value is `-` removes every rule of
    /// the same category and kind; extra advice replaces the advice for the same kind.
    pub fn merged(self, extra: Rules) -> Rules {
        let dropped = |r: &Rule| {
            extra.rules.iter().any(|x| {
                x.category == r.category
                    && x.kind == r.kind
                    && (x.is_removal() || x.category == RuleCategory::ConcernAdvice)
            })
        };
        let mut rules: Vec<Rule> = self.rules.iter().filter(|r| !dropped(r)).cloned().collect();
        rules.extend(extra.rules.into_iter().filter(|r| !r.is_removal()));
        Rules { rules }
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The rules of one category compiled into one regex set, with each pattern's kind and scope.
#[derive(Debug, Clone)]
pub(crate) struct RuleSet {
    set: RegexSet,
    kinds: Vec<String>,
    scopes: Vec<Scope>,
}

impl RuleSet {
    /// Compiles every rule of `category`.
    fn build(rules: &Rules, category: RuleCategory) -> Result<RuleSet, DataError> {
        RuleSet::build_where(rules, category, |_| true)
    }

    /// Compiles the rules of `category` whose scope `keep` accepts.
    fn build_where(
        rules: &Rules,
        category: RuleCategory,
        keep: impl Fn(Scope) -> bool,
    ) -> Result<RuleSet, DataError> {
        let chosen: Vec<&Rule> = rules
            .rules
            .iter()
            .filter(|r| r.category == category && keep(r.scope))
            .collect();
        let set = RegexSetBuilder::new(chosen.iter().map(|r| r.value.as_str()))
            .case_insensitive(true)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| DataError::Build {
                origin: format!("{} rules", category.as_str()),
                problem: e.to_string(),
            })?;
        Ok(RuleSet {
            set,
            kinds: chosen.iter().map(|r| r.kind.clone()).collect(),
            scopes: chosen.iter().map(|r| r.scope).collect(),
        })
    }

    /// True when any rule whose scope `allowed` accepts matches `text`.
    pub(crate) fn matches(&self, text: &str, allowed: impl Fn(Scope) -> bool) -> bool {
        if self.set.is_empty() {
            return false;
        }
        self.set
            .matches(text)
            .iter()
            .any(|i| allowed(self.scopes[i]))
    }

    /// The kinds of the rules that match `text` and whose scope `allowed` accepts, each once,
    /// in rule order.
    pub(crate) fn matching_kinds(&self, text: &str, allowed: impl Fn(Scope) -> bool) -> Vec<&str> {
        let mut kinds: Vec<&str> = Vec::new();
        if self.set.is_empty() {
            return kinds;
        }
        for i in self.set.matches(text).iter() {
            let kind = self.kinds[i].as_str();
            if allowed(self.scopes[i]) && !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds
    }
}

/// Every rule category compiled once, for the checker.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRules {
    pub(crate) professional_salutation: RuleSet,
    pub(crate) patient_salutation: RuleSet,
    pub(crate) gp_request: RuleSet,
    pub(crate) not_gp_request: RuleSet,
    /// Concern rules matched against one sentence.
    pub(crate) concern: RuleSet,
    /// Concern rules with scope `paragraph`, matched against two sentences.
    pub(crate) concern_paragraph: RuleSet,
    pub(crate) not_concern: RuleSet,
    pub(crate) explains_after: RuleSet,
    pub(crate) explains_before: RuleSet,
    pub(crate) explains_next: RuleSet,
    pub(crate) action_heading: RuleSet,
    /// `(kind, advice)` for each kind of concern.
    pub(crate) advice: Vec<(String, String)>,
}

impl CompiledRules {
    /// Compiles every category of `rules`.
    pub(crate) fn build(rules: &Rules) -> Result<CompiledRules, DataError> {
        use RuleCategory as C;
        Ok(CompiledRules {
            professional_salutation: RuleSet::build(rules, C::ProfessionalSalutation)?,
            patient_salutation: RuleSet::build(rules, C::PatientSalutation)?,
            gp_request: RuleSet::build(rules, C::GpRequest)?,
            not_gp_request: RuleSet::build(rules, C::NotGpRequest)?,
            concern: RuleSet::build_where(rules, C::Concern, |s| s != Scope::Paragraph)?,
            concern_paragraph: RuleSet::build_where(rules, C::Concern, |s| s == Scope::Paragraph)?,
            not_concern: RuleSet::build(rules, C::NotConcern)?,
            explains_after: RuleSet::build(rules, C::ExplainsAfter)?,
            explains_before: RuleSet::build(rules, C::ExplainsBefore)?,
            explains_next: RuleSet::build(rules, C::ExplainsNext)?,
            action_heading: RuleSet::build(rules, C::ActionHeading)?,
            advice: rules
                .rules
                .iter()
                .filter(|r| r.category == C::ConcernAdvice)
                .map(|r| (r.kind.clone(), r.value.clone()))
                .collect(),
        })
    }

    /// The advice for a kind of concern, or an empty string when the data has none.
    pub(crate) fn advice(&self, kind: &str) -> &str {
        self.advice
            .iter()
            .find(|(k, _)| k == kind)
            .map_or("", |(_, a)| a.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_read_and_compile() {
        let rules = Rules::builtin();
        assert!(rules.len() > 40);
        let compiled = CompiledRules::build(&rules).unwrap();
        for kind in [
            "onward-referral",
            "test-results",
            "fit-note",
            "missed-appointment",
            "call-and-recall",
            "discharge-medicines",
            "point-of-contact",
        ] {
            assert!(!compiled.advice(kind).is_empty(), "no advice for {kind}");
            assert!(
                rules
                    .rules()
                    .iter()
                    .any(|r| r.category == RuleCategory::Concern && r.kind == kind),
                "no pattern for {kind}"
            );
        }
    }

    #[test]
    fn a_bad_pattern_is_named_by_its_line() {
        let text = "concern\tfit-note\tany\tfit note\nconcern\tfit-note\tany\t(unclosed\n";
        let err = Rules::parse("ICB rules", text).unwrap_err();
        let DataError::BadEntry {
            origin,
            line,
            problem,
        } = err
        else {
            panic!("expected a bad entry")
        };
        assert_eq!((origin.as_str(), line), ("ICB rules", 2));
        assert!(problem.starts_with("bad pattern"), "{problem}");
    }

    #[test]
    fn kinds_scopes_and_categories_are_checked() {
        assert!(Rule::from_fields("concern", "Fit Note", "any", "x").is_err());
        assert!(Rule::from_fields("concern", "-", "any", "x").is_err());
        assert!(Rule::from_fields("gp-request", "-", "request", "x").is_err());
        assert!(Rule::from_fields("gp-reqest", "-", "any", "x").is_err());
        assert!(Rule::from_fields("gp-request", "-", "everyone", "x").is_err());
        assert!(Rule::from_fields("concern", "shared-care", "request", "shared care").is_ok());
    }

    #[test]
    fn extra_rules_add_remove_and_replace_advice() {
        let defaults = Rules::parse(
            "d",
            "concern\tfit-note\tany\tfit note\nconcern-advice\tfit-note\tany\tOld advice.\n\
             concern\tonward-referral\trequest\trefer\n",
        )
        .unwrap();
        let extra = Rules::from_rows(
            "db",
            [
                ["concern", "onward-referral", "any", "-"],
                ["concern-advice", "fit-note", "any", "New advice."],
                ["concern", "shared-care", "request", "shared care"],
            ],
        )
        .unwrap();
        let merged = defaults.merged(extra);
        let compiled = CompiledRules::build(&merged).unwrap();
        assert_eq!(compiled.advice("fit-note"), "New advice.");
        let any = |_| true;
        assert!(
            compiled
                .concern
                .matching_kinds("please refer", any)
                .is_empty()
        );
        assert_eq!(
            compiled.concern.matching_kinds("shared care", any),
            vec!["shared-care"]
        );
    }
}
