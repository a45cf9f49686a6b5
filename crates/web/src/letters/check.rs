//! `GET`/`POST /letters/check`: existing letters checked for plain English, pasted as text or
//! uploaded as text files (one letter each; several at once). Nothing is stored: the page shows
//! each letter's report, as `joinedup letters check` does on the command line.

use super::{Side, checker, side};
use crate::app::AppState;
use crate::chrome;
use crate::csrf;
use crate::error::{AppError, Result};
use crate::page::{Breadcrumb, ErrorItem, PageContext};
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use joinedup_core::letters::checker::{Report, Verdict};

/// Most letters checked in one go.
const MAX_FILES: usize = 50;

/// One letter's report as the page shows it.
pub struct Checked {
    name: String,
    plain: bool,
    reading_age: String,
    flesch: String,
    to_patient: bool,
    jargon: Vec<String>,
    long_sentences: Vec<String>,
    gp_actions: Vec<String>,
    concerns: Vec<String>,
    reasons: Vec<String>,
}

fn checked(name: String, r: Report) -> Checked {
    Checked {
        name,
        plain: r.verdict == Verdict::Plain,
        reading_age: format!("{:.0}", r.reading_age),
        flesch: format!("{:.0}", r.flesch_reading_ease),
        to_patient: r.addressed_to_patient,
        jargon: r
            .jargon
            .iter()
            .map(|j| format!("{} ({}×): try \u{201c}{}\u{201d}", j.term, j.count, j.plain))
            .collect(),
        long_sentences: r
            .long_sentence_list
            .iter()
            .map(|s| format!("{} words: {}", s.words, s.text))
            .collect(),
        gp_actions: r.gp_actions.iter().map(|a| a.text.clone()).collect(),
        concerns: r
            .interface_concerns
            .iter()
            .map(|c| format!("{} \u{201c}{}\u{201d}", c.advice, c.text))
            .collect(),
        reasons: r.verdict_reasons,
    }
}

/// The check page, with reports once letters are sent.
#[derive(Template, WebTemplate)]
#[template(path = "letters/check.html")]
pub struct CheckTemplate {
    ctx: PageContext,
    crumbs: Vec<Breadcrumb>,
    errors: Vec<ErrorItem>,
    text: String,
    reports: Vec<Checked>,
}

async fn render(
    state: &AppState,
    acting: &Acting,
    text: String,
    reports: Vec<Checked>,
    errors: Vec<ErrorItem>,
) -> Result<CheckTemplate> {
    let mut ctx = chrome::context(state, &acting.session, Some(&acting.actor), "/letters").await?;
    ctx.has_errors = !errors.is_empty();
    Ok(CheckTemplate {
        ctx,
        crumbs: vec![
            Breadcrumb::new("Home", "/home"),
            Breadcrumb::new("Letters", "/letters"),
        ],
        errors,
        text,
        reports,
    })
}

/// `GET /letters/check` (for the service's staff).
pub async fn page(State(state): State<AppState>, acting: Acting) -> Result<Response> {
    if side(&acting.actor)? != Side::Service {
        return Err(AppError::NotFound);
    }
    Ok(render(&state, &acting, String::new(), vec![], vec![])
        .await?
        .into_response())
}

/// The form: the token, pasted text and any number of files.
#[derive(Default)]
struct Sent {
    csrf_token: String,
    text: String,
    files: Vec<(String, Vec<u8>)>,
}

async fn read(mut multipart: Multipart) -> std::result::Result<Sent, MultipartError> {
    let mut sent = Sent::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some(csrf::FIELD) => sent.csrf_token = field.text().await?,
            Some("text") => sent.text = field.text().await?,
            Some("files") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await?.to_vec();
                if !name.is_empty() || !bytes.is_empty() {
                    sent.files.push((name, bytes));
                }
            }
            _ => {}
        }
    }
    Ok(sent)
}

/// `POST /letters/check`: checks the pasted letter and each uploaded file.
pub async fn run(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response> {
    if side(&acting.actor)? != Side::Service {
        return Err(AppError::NotFound);
    }
    if !csrf::same_origin(&headers) {
        return Err(AppError::BadForm);
    }
    let sent = read(multipart).await.map_err(|_| AppError::BadForm)?;
    csrf::check_token(&acting.session, &sent.csrf_token).await?;
    let mut errors = vec![];
    let mut letters: Vec<(String, String)> = vec![];
    if !sent.text.trim().is_empty() {
        letters.push(("Pasted letter".into(), sent.text.clone()));
    }
    for (name, bytes) in sent.files.into_iter().take(MAX_FILES) {
        match String::from_utf8(bytes) {
            Ok(text) if !text.trim().is_empty() => letters.push((name, text)),
            Ok(_) => errors.push(ErrorItem::new("files", format!("{name} is empty"))),
            Err(_) => errors.push(ErrorItem::new(
                "files",
                format!(
                    "{name} is not a text file. Save the letter as plain text (.txt) and try again"
                ),
            )),
        }
    }
    if letters.is_empty() && errors.is_empty() {
        errors.push(ErrorItem::new(
            "text",
            "Paste a letter or choose text files to check",
        ));
    }
    let reports = letters
        .into_iter()
        .map(|(name, text)| checked(name, checker().check(&text)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = render(&state, &acting, sent.text, reports, errors).await?;
    Ok((status, page).into_response())
}
