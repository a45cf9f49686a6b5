//! `GET /letters/{id}/letter.pdf`: the letter as a PDF with its headings, for practices whose
//! systems file PDFs (GP Connect Send Document carries a PDF). Scoped and audited as a view.

use super::pdf_render::{PrintedLetter, PrintedSection, render};
use super::side;
use crate::app::AppState;
use crate::error::Result;
use crate::page::parse_id;
use crate::people::long_date;
use crate::session::Acting;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use joinedup_core::clock;
use joinedup_core::letters::{ActionState, Addressee, ResultOwner};
use joinedup_store::letters::{self, LetterView};

/// The letter laid out for print.
pub fn printed(v: &LetterView) -> PrintedLetter {
    let p = &v.patient;
    let mut header_lines = vec![
        format!("Reference: {}", v.reference()),
        format!("From: {}, {}", v.service_name, v.trust_name),
        match v.addressee {
            Addressee::Patient => format!(
                "To: {} {}. Copy to the GP at {}",
                p.given_name, p.family_name, v.practice
            ),
            Addressee::Gp => format!(
                "To: the GP at {}. Copy to {} {}",
                v.practice, p.given_name, p.family_name
            ),
        },
        format!(
            "Patient: {} {}, NHS number {}, born {}",
            p.given_name,
            p.family_name,
            p.nhs_number,
            long_date(p.date_of_birth)
        ),
    ];
    if let Some(at) = v.letter.event_at {
        header_lines.push(format!(
            "{}: {}",
            match v.kind {
                joinedup_core::letters::Kind::ClinicLetter => "Appointment",
                joinedup_core::letters::Kind::DischargeSummary => "Discharge",
            },
            clock::display(at)
        ));
    }
    if let Some(sent) = v.letter.sent_at {
        header_lines.push(format!("Sent: {}", clock::display(sent)));
    } else {
        header_lines.push("Draft: not signed or sent".to_owned());
    }
    PrintedLetter {
        title: v.kind.label().to_owned(),
        header_lines,
        sections: sections(v),
        footer: v.reference(),
    }
}

fn sections(v: &LetterView) -> Vec<PrintedSection> {
    let c = &v.content;
    let paras = |t: &str| {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let bullets = |items: Vec<String>| {
        items
            .into_iter()
            .map(|i| format!("• {i}"))
            .collect::<Vec<_>>()
    };
    let mut out = vec![
        ("Diagnoses", bullets(paras(&c.diagnoses))),
        ("What we did", paras(&c.summary)),
        ("Results", paras(&c.results)),
        (
            "Results still to come",
            bullets(
                c.pending_results
                    .iter()
                    .map(|r| {
                        let who = match r.owner {
                            Some(ResultOwner::Gp) => "the GP will act on it",
                            _ => "the hospital team will act on it",
                        };
                        format!("{}: {who}", r.test)
                    })
                    .collect(),
            ),
        ),
        (
            "Medicines",
            bullets(
                c.medicines
                    .iter()
                    .map(|m| {
                        let dose = if m.dose.is_empty() {
                            String::new()
                        } else {
                            format!(", {}", m.dose)
                        };
                        format!(
                            "{}: {}{dose}. {}",
                            m.change.map_or("", |x| x.label()),
                            m.medicine,
                            m.reason
                        )
                    })
                    .collect(),
            ),
        ),
        ("Follow-up", paras(&c.follow_up)),
        ("Information given", paras(&c.information_given)),
        ("What the GP needs to do", bullets(gp_actions(v))),
        ("What you need to do", bullets(c.patient_actions.clone())),
        (
            "What the hospital will do",
            bullets(c.hospital_actions.clone()),
        ),
    ];
    if let Some(signed) = &v.letter.signed_name {
        out.push(("Signed", vec![signed.clone()]));
    }
    out.into_iter()
        .filter(|(_, blocks)| !blocks.is_empty())
        .map(|(heading, blocks)| PrintedSection {
            heading: heading.to_owned(),
            blocks,
        })
        .collect()
}

/// The GP actions as sent (with their state once the practice works them).
fn gp_actions(v: &LetterView) -> Vec<String> {
    if v.actions.is_empty() {
        return v
            .content
            .gp_actions
            .iter()
            .map(|a| match a.due {
                Some(d) => format!("{} (by {})", a.text, long_date(d)),
                None => a.text.clone(),
            })
            .collect();
    }
    v.actions
        .iter()
        .map(|a| {
            let state = ActionState::parse(&a.state).unwrap_or(ActionState::Open);
            let mut line = format!("{} (by {})", a.text, long_date(a.due_on));
            if state != ActionState::Open {
                line.push_str(&format!(" – {}", state.label()));
            }
            line
        })
        .collect()
}

/// `GET /letters/{id}/letter.pdf`.
pub async fn download(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<Response> {
    side(&acting.actor)?;
    let view = letters::view_for(&state.store, &acting.actor, parse_id(&id)?, "letter.pdf").await?;
    let bytes = render(&printed(&view));
    let disposition = format!("attachment; filename=\"{}.pdf\"", view.reference());
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
