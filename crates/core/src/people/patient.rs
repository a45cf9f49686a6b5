//! Patient search input: what a practice user may type to find a patient.

use super::{NhsNumber, NhsNumberError};
use time::Date;

/// A validated patient search: by NHS number, or by name with date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientQuery {
    /// An exact NHS number.
    ByNhsNumber(NhsNumber),
    /// Family name (and optional given name) with date of birth.
    ByNameAndBirthDate {
        /// Family name, folded for search.
        family_name: String,
        /// Given name, folded for search; empty matches any.
        given_name: String,
        /// Date of birth.
        date_of_birth: Date,
    },
}

/// One problem with a form, tied to the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's id (`nhs_number`, `dob`, or a dotted path into a repeated row such as
    /// `gp_actions.2.due`).
    pub field: std::borrow::Cow<'static, str>,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

/// Raw search form input, exactly as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PatientSearchInput {
    /// NHS number, if searching by number.
    #[serde(default)]
    pub nhs_number: String,
    /// Family name, if searching by name.
    #[serde(default)]
    pub family_name: String,
    /// Given name (optional).
    #[serde(default)]
    pub given_name: String,
    /// Day of birth.
    #[serde(default)]
    pub dob_day: String,
    /// Month of birth.
    #[serde(default)]
    pub dob_month: String,
    /// Year of birth.
    #[serde(default)]
    pub dob_year: String,
}

impl PatientSearchInput {
    /// True when nothing has been entered (the form is shown fresh).
    pub fn is_blank(&self) -> bool {
        [
            &self.nhs_number,
            &self.family_name,
            &self.given_name,
            &self.dob_day,
            &self.dob_month,
            &self.dob_year,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Turns the input into a query, or the list of field errors to show beside the fields.
    pub fn parse(&self) -> Result<PatientQuery, Vec<FieldError>> {
        if !self.nhs_number.trim().is_empty() {
            return NhsNumber::parse(&self.nhs_number)
                .map(PatientQuery::ByNhsNumber)
                .map_err(|e: NhsNumberError| {
                    vec![FieldError {
                        field: "nhs_number".into(),
                        message: e.to_string(),
                    }]
                });
        }
        let mut errors = Vec::new();
        let family_name = crate::text::search_key(&self.family_name);
        if family_name.is_empty() {
            errors.push(FieldError {
                field: "family_name".into(),
                message: "Enter an NHS number, or a family name and date of birth".into(),
            });
        }
        let dob = parse_date(&self.dob_day, &self.dob_month, &self.dob_year);
        if let Err(message) = &dob {
            errors.push(FieldError {
                field: "dob".into(),
                message: message.clone(),
            });
        }
        match dob {
            Ok(date_of_birth) if errors.is_empty() => Ok(PatientQuery::ByNameAndBirthDate {
                family_name,
                given_name: crate::text::search_key(&self.given_name),
                date_of_birth,
            }),
            _ => Err(errors),
        }
    }
}

/// Parses a day/month/year date input, with the nhsuk date-input messages.
pub fn parse_date(day: &str, month: &str, year: &str) -> Result<Date, String> {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Err("Enter a date of birth".into());
    }
    let missing: Vec<&str> = [("day", d), ("month", m), ("year", y)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Date of birth must include a {}",
            missing.join(" and ")
        ));
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u8>(), m.parse::<u8>(), y.parse::<i32>()) else {
        return Err("Date of birth must be a real date".into());
    };
    if y < 1000 {
        return Err("Year must include 4 numbers".into());
    }
    let month = time::Month::try_from(m).map_err(|_| "Date of birth must be a real date")?;
    Date::from_calendar_date(y, month, d).map_err(|_| "Date of birth must be a real date".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(nhs: &str, family: &str, d: &str, m: &str, y: &str) -> PatientSearchInput {
        PatientSearchInput {
            nhs_number: nhs.into(),
            family_name: family.into(),
            given_name: String::new(),
            dob_day: d.into(),
            dob_month: m.into(),
            dob_year: y.into(),
        }
    }

    #[test]
    fn an_nhs_number_wins_over_name_fields() {
        let q = input("943 476 5919", "Smith", "", "", "").parse().unwrap();
        assert!(matches!(q, PatientQuery::ByNhsNumber(_)));
    }

    #[test]
    fn an_invalid_nhs_number_is_reported_against_its_field() {
        let errs = input("123", "", "", "", "").parse().unwrap_err();
        assert_eq!(errs[0].field, "nhs_number");
        assert!(errs[0].message.contains("10 digits"));
    }

    #[test]
    fn name_search_needs_a_real_date_of_birth() {
        let errs = input("", "Smith", "31", "2", "1980").parse().unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError {
                field: "dob".into(),
                message: "Date of birth must be a real date".into()
            }]
        );
        let errs = input("", "", "", "", "").parse().unwrap_err();
        assert_eq!(errs.len(), 2);
        let errs = input("", "Smith", "1", "", "1980").parse().unwrap_err();
        assert_eq!(errs[0].message, "Date of birth must include a month");
        let q = input("", " O'Neill ", "1", "2", "1980").parse().unwrap();
        assert!(
            matches!(q, PatientQuery::ByNameAndBirthDate { ref family_name, .. } if family_name == "o neill")
        );
    }
}

/// A patient to register, as a client sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewPatientInput {
    /// NHS number (spaces allowed).
    #[serde(default)]
    pub nhs_number: String,
    /// Given name.
    #[serde(default)]
    pub given_name: String,
    /// Family name.
    #[serde(default)]
    pub family_name: String,
    /// Date of birth as `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_birth: String,
    /// Home postcode.
    #[serde(default)]
    pub postcode: String,
}

/// A validated patient to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPatient {
    /// NHS number.
    pub nhs_number: NhsNumber,
    /// Given name, trimmed.
    pub given_name: String,
    /// Family name, trimmed.
    pub family_name: String,
    /// Date of birth.
    pub date_of_birth: Date,
    /// Postcode, normalised.
    pub postcode: super::Postcode,
}

impl NewPatientInput {
    /// Validates every field, returning all problems at once.
    pub fn parse(&self, today: Date) -> Result<NewPatient, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, message: String| {
            errors.push(FieldError {
                field: field.into(),
                message,
            })
        };
        let nhs = NhsNumber::parse(&self.nhs_number)
            .map_err(|e| err("nhs_number", e.to_string()))
            .ok();
        let name = |v: &str,
                    what: &str,
                    field: &'static str,
                    err: &mut dyn FnMut(&'static str, String)| {
            let v = v.trim();
            if v.is_empty() {
                err(field, format!("Enter the patient's {what}"));
            } else if v.chars().count() > 100 {
                err(field, format!("The {what} must be 100 characters or fewer"));
            }
            v.to_owned()
        };
        let given_name = name(&self.given_name, "given name", "given_name", &mut err);
        let family_name = name(&self.family_name, "family name", "family_name", &mut err);
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        let dob = match Date::parse(self.date_of_birth.trim(), &fmt) {
            Err(_) => {
                err(
                    "date_of_birth",
                    "Enter the date of birth as YYYY-MM-DD, for example 1984-03-15".into(),
                );
                None
            }
            Ok(d) if d > today => {
                err(
                    "date_of_birth",
                    "Date of birth must be today or in the past".into(),
                );
                None
            }
            Ok(d) if d.year() < 1890 => {
                err("date_of_birth", "Date of birth must be after 1890".into());
                None
            }
            Ok(d) => Some(d),
        };
        let postcode = super::Postcode::parse(&self.postcode)
            .map_err(|e| err("postcode", e.to_string()))
            .ok();
        match (nhs, dob, postcode) {
            (Some(nhs_number), Some(date_of_birth), Some(postcode)) if errors.is_empty() => {
                Ok(NewPatient {
                    nhs_number,
                    given_name,
                    family_name,
                    date_of_birth,
                    postcode,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod new_patient_tests {
    use super::*;

    fn today() -> Date {
        time::macros::date!(2026 - 11 - 25)
    }

    #[test]
    fn a_complete_patient_is_accepted_and_normalised() {
        let input = NewPatientInput {
            nhs_number: "943 476 5919".into(),
            given_name: " Ada ".into(),
            family_name: "Lovelace".into(),
            date_of_birth: "1984-03-15".into(),
            postcode: "se59rs".into(),
        };
        let p = input.parse(today()).unwrap();
        assert_eq!(p.given_name, "Ada");
        assert_eq!(p.postcode.as_str(), "SE5 9RS");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_rule() {
        let input = NewPatientInput {
            nhs_number: "9434765918".into(),
            given_name: "".into(),
            family_name: "X".into(),
            date_of_birth: "2030-01-01".into(),
            postcode: "nowhere".into(),
        };
        let errs = input.parse(today()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            vec!["nhs_number", "given_name", "date_of_birth", "postcode"]
        );
        assert!(errs[0].message.contains("Modulus 11"));
    }
}
