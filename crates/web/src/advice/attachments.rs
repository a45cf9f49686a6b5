//! Attachments: `POST /advice/{id}/attachments` (a multipart form with one file, checked by its
//! content) and `GET /advice/{id}/attachments/{attachment_id}` (the file, as a download).

use super::request::{Typed, render};
use super::{flash, parse_id, refusal};
use crate::app::AppState;
use crate::csrf;
use crate::error::{AppError, Result};
use crate::page::ErrorItem;
use crate::session::Acting;
use axum::extract::multipart::{Multipart, MultipartError};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use joinedup_core::advice::attachment::ATTACHMENT_FIELD;
use joinedup_core::advice::{AttachmentError, check_attachment};
use joinedup_store::advice;

/// The file as the browser sent it.
#[derive(Debug, Default)]
struct Upload {
    csrf_token: String,
    file_name: String,
    declared_type: Option<String>,
    bytes: Vec<u8>,
}

/// Reads the form's fields: the CSRF token and the file (other fields are ignored).
async fn read_upload(mut multipart: Multipart) -> Result<Upload, MultipartError> {
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some(csrf::FIELD) => upload.csrf_token = field.text().await?,
            Some(ATTACHMENT_FIELD) => {
                upload.file_name = field.file_name().unwrap_or_default().to_owned();
                upload.declared_type = field.content_type().map(str::to_owned);
                upload.bytes = field.bytes().await?.to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /advice/{id}/attachments`: the token is checked as every form's is, then the file by
/// its content; a refused file is shown beside the file field on the request page.
pub async fn upload(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response> {
    let id = parse_id(&id)?;
    if !csrf::same_origin(&headers) {
        return Err(AppError::BadForm);
    }
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let error = ErrorItem::new(ATTACHMENT_FIELD, AttachmentError::TooLarge.to_string());
            let problem = (StatusCode::PAYLOAD_TOO_LARGE, vec![error]);
            return render(&state, &acting, id, Typed::default(), problem).await;
        }
        Err(_) => return Err(AppError::BadForm),
    };
    csrf::check_token(&acting.session, &upload.csrf_token).await?;
    let checked = if upload.file_name.is_empty() && upload.bytes.is_empty() {
        Err("Select a JPG, PNG or PDF file to attach".to_owned())
    } else {
        check_attachment(
            &upload.file_name,
            upload.declared_type.as_deref(),
            &upload.bytes,
        )
        .map_err(|e| e.to_string())
    };
    let checked = match checked {
        Ok(c) => c,
        Err(message) => {
            let problem = (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![ErrorItem::new(ATTACHMENT_FIELD, message)],
            );
            return render(&state, &acting, id, Typed::default(), problem).await;
        }
    };
    let saved = advice::add_attachment(
        &state.store,
        &*state.blobs,
        &acting.actor,
        id,
        &checked,
        &upload.bytes,
    )
    .await;
    match saved {
        Ok(a) => {
            flash(&acting.session, &format!("{} was attached", a.file_name)).await?;
            Ok(Redirect::to(&format!("/advice/{id}")).into_response())
        }
        Err(e) => {
            let problem = refusal(e, ATTACHMENT_FIELD)?;
            render(&state, &acting, id, Typed::default(), problem).await
        }
    }
}

/// A file name safe inside a quoted `Content-Disposition` parameter: printable ASCII only,
/// without quotes or backslashes (the full name goes in `filename*`).
fn ascii_file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.trim().is_empty() {
        "attachment".to_owned()
    } else {
        safe
    }
}

/// `Content-Disposition: attachment` with the stored (already sanitised) name, quoted in ASCII
/// and, for names in other scripts, percent-encoded in UTF-8 as RFC 6266 allows.
fn disposition(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{encoded}",
        ascii_file_name(name)
    )
}

/// `GET /advice/{id}/attachments/{attachment_id}`: the file, for someone who may see the request.
pub async fn download(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let attachment_id = parse_id(&attachment_id)?;
    let (a, bytes) = advice::attachment(
        &state.store,
        &*state.blobs,
        &acting.actor,
        id,
        attachment_id,
    )
    .await?;
    let content_type = HeaderValue::from_str(&a.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition(&a.file_name))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, disposition),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    Ok((headers, bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_cannot_break_out_of_the_header() {
        assert_eq!(
            disposition("rash photo.jpg"),
            "attachment; filename=\"rash photo.jpg\"; filename*=UTF-8''rash%20photo.jpg"
        );
        let tricky = disposition("a\"b\\c\r\nSet-Cookie: x.pdf");
        assert!(tricky.starts_with("attachment; filename=\"a_b_c__Set-Cookie: x.pdf\""));
        assert!(!tricky.contains('\r') && !tricky.contains('\n'));
        assert!(
            disposition("Zoë.png").contains("filename=\"Zo_.png\"; filename*=UTF-8''Zo%C3%AB.png")
        );
    }
}
