//! Attachments to advice requests (clinical photos, results, letters): what may be stored.
//!
//! The type is decided by the file's content (its magic bytes), never by its name or by the
//! type the browser declared, both of which the sender controls. Only JPEG, PNG and PDF are
//! accepted; the store keeps each file under its [`content_address`] and serves it with the
//! canonical MIME type returned here.

use super::FieldError;
use sha2::{Digest, Sha256};

/// The largest attachment accepted: 5 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// The most attachments one request may carry.
pub const MAX_ATTACHMENTS: usize = 10;
/// The longest file name shown, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 120;
/// The form field that attachment errors belong to.
pub const ATTACHMENT_FIELD: &str = "attachment";

/// A file type that attachments may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A JPEG photo.
    Jpeg,
    /// A PNG image.
    Png,
    /// A PDF document.
    Pdf,
}

impl AttachmentKind {
    /// Every accepted kind.
    pub const ALL: [Self; 3] = [Self::Jpeg, Self::Png, Self::Pdf];

    /// The canonical MIME type, to store and to serve the file with.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Pdf => "application/pdf",
        }
    }

    /// The canonical file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }

    /// Reads a stored MIME type back.
    pub fn from_mime_type(mime: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.mime_type() == mime)
    }

    /// The kind the content shows, if it is one we accept.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match infer::get(bytes)?.mime_type() {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "application/pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    fn accepts_extension(self, ext: &str) -> bool {
        match self {
            Self::Jpeg => matches!(ext, "jpg" | "jpeg"),
            Self::Png => ext == "png",
            Self::Pdf => ext == "pdf",
        }
    }
}

/// An attachment that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAttachment {
    /// The type the content shows.
    pub kind: AttachmentKind,
    /// The name to show and to offer on download: sanitised, with an extension that fits `kind`.
    pub file_name: String,
    /// Size in bytes.
    pub size_bytes: usize,
    /// True when the browser declared a different type from the content (worth an audit note).
    pub declared_type_differs: bool,
}

/// Why a file was refused; the message is the one shown beside the file field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    /// The file has no bytes.
    #[error("The selected file is empty")]
    Empty,
    /// The file is over [`MAX_ATTACHMENT_BYTES`].
    #[error("The selected file must be smaller than 5MB")]
    TooLarge,
    /// The content is not JPEG, PNG or PDF, whatever its name says.
    #[error("The selected file must be a JPG, PNG or PDF")]
    NotAllowedType,
    /// The request already has [`MAX_ATTACHMENTS`] files.
    #[error("You can attach up to 10 files")]
    TooMany,
}

impl AttachmentError {
    /// The error as a form field error on [`ATTACHMENT_FIELD`].
    pub fn to_field_error(self) -> FieldError {
        FieldError {
            field: ATTACHMENT_FIELD.into(),
            message: self.to_string(),
        }
    }
}

/// Checks one uploaded file by its content, and makes a safe name to show for it.
///
/// `declared_type` (the browser's Content-Type) never decides anything; it is compared with the
/// content only to report a mismatch.
pub fn check_attachment(
    file_name: &str,
    declared_type: Option<&str>,
    bytes: &[u8],
) -> Result<CheckedAttachment, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooLarge);
    }
    let kind = AttachmentKind::sniff(bytes).ok_or(AttachmentError::NotAllowedType)?;
    let declared_type_differs = declared_type.is_some_and(|d| {
        let d = d
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let d = if d == "image/jpg" || d == "image/pjpeg" {
            "image/jpeg".to_owned()
        } else {
            d
        };
        d != kind.mime_type()
    });
    Ok(CheckedAttachment {
        kind,
        file_name: display_file_name(file_name, kind),
        size_bytes: bytes.len(),
        declared_type_differs,
    })
}

/// Checks that one more file may be attached to a request that has `existing` already.
pub fn check_attachment_count(existing: usize) -> Result<(), AttachmentError> {
    if existing >= MAX_ATTACHMENTS {
        Err(AttachmentError::TooMany)
    } else {
        Ok(())
    }
}

/// A file name safe to show and to offer on download.
///
/// Keeps only the last path part (browsers on Windows may send `C:\fakepath\x.jpg`), drops
/// control and invisible formatting characters (a right-to-left override can disguise
/// `gpj.exe` as `exe.jpg`), folds runs of spaces, strips leading dots, and gives the name an
/// extension that fits the content (replacing a wrong image or PDF extension, otherwise adding
/// one). At most [`MAX_FILE_NAME_CHARS`] characters, the extension kept when shortening.
pub fn display_file_name(file_name: &str, kind: AttachmentKind) -> String {
    let last = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    let visible: String = last
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    let folded = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = folded
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext.to_ascii_lowercase())),
        _ => (name, None),
    };
    let stem = match ext.as_deref() {
        Some(e) if kind.accepts_extension(e) => return shorten(stem, e),
        Some("jpg" | "jpeg" | "png" | "pdf") => stem.to_owned(),
        Some(_) => name.to_owned(),
        None => stem.to_owned(),
    };
    let stem = if stem.trim().is_empty() {
        "attachment".to_owned()
    } else {
        stem
    };
    shorten(&stem, kind.extension())
}

/// `stem.ext`, the stem cut so the whole is at most [`MAX_FILE_NAME_CHARS`] characters.
fn shorten(stem: &str, ext: &str) -> String {
    let room = MAX_FILE_NAME_CHARS - 1 - ext.chars().count();
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{ext}", stem.trim_end())
}

/// Zero-width and bidirectional formatting characters, which can hide a file's real extension.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// The content address of a file: its SHA-256 as lowercase hex (64 characters).
pub fn content_address(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF";
    const HTML: &[u8] = b"<!DOCTYPE html><html><script>alert(1)</script></html>";

    #[test]
    fn jpeg_png_and_pdf_are_recognised_by_content() {
        for (bytes, kind) in [
            (JPEG, AttachmentKind::Jpeg),
            (PNG, AttachmentKind::Png),
            (PDF, AttachmentKind::Pdf),
        ] {
            let ok = check_attachment("file", None, bytes).unwrap();
            assert_eq!(ok.kind, kind);
            assert_eq!(ok.size_bytes, bytes.len());
            assert_eq!(AttachmentKind::from_mime_type(kind.mime_type()), Some(kind));
        }
        assert_eq!(AttachmentKind::Pdf.mime_type(), "application/pdf");
        assert_eq!(AttachmentKind::Jpeg.extension(), "jpg");
    }

    #[test]
    fn a_jpg_name_cannot_hide_an_executable_or_a_web_page() {
        for bytes in [
            EXE,
            HTML,
            b"GIF89a\x01\x00".as_slice(),
            b"just text".as_slice(),
        ] {
            let err = check_attachment("photo.jpg", Some("image/jpeg"), bytes).unwrap_err();
            assert_eq!(err, AttachmentError::NotAllowedType);
            assert_eq!(
                err.to_string(),
                "The selected file must be a JPG, PNG or PDF"
            );
        }
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        assert_eq!(
            check_attachment("a.pdf", None, &[])
                .unwrap_err()
                .to_string(),
            "The selected file is empty"
        );
        let mut big = PDF.to_vec();
        big.resize(MAX_ATTACHMENT_BYTES, b' ');
        assert!(check_attachment("a.pdf", None, &big).is_ok());
        big.push(b' ');
        let err = check_attachment("a.pdf", None, &big).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The selected file must be smaller than 5MB"
        );
        assert_eq!(
            err.to_field_error(),
            FieldError {
                field: "attachment".into(),
                message: "The selected file must be smaller than 5MB".into()
            }
        );
    }

    #[test]
    fn a_declared_type_is_compared_but_never_trusted() {
        let png_as_jpeg = check_attachment("scan.jpg", Some("image/jpeg"), PNG).unwrap();
        assert_eq!(png_as_jpeg.kind, AttachmentKind::Png);
        assert!(png_as_jpeg.declared_type_differs);
        assert_eq!(png_as_jpeg.file_name, "scan.png");
        let honest = check_attachment("x.jpeg", Some("image/JPG; q=1"), JPEG).unwrap();
        assert!(!honest.declared_type_differs);
        assert!(
            !check_attachment("x", None, PDF)
                .unwrap()
                .declared_type_differs
        );
    }

    #[test]
    fn at_most_ten_files_per_request() {
        assert!(check_attachment_count(9).is_ok());
        assert_eq!(
            check_attachment_count(10).unwrap_err().to_string(),
            "You can attach up to 10 files"
        );
    }

    #[test]
    fn displayed_names_lose_paths_control_characters_and_disguises() {
        use AttachmentKind::*;
        let n = display_file_name;
        assert_eq!(n(r"C:\fakepath\rash photo.JPEG", Jpeg), "rash photo.jpeg");
        assert_eq!(n("../../etc/passwd", Pdf), "passwd.pdf");
        assert_eq!(n("a\u{0}b\r\n\tc.pdf", Pdf), "ab c.pdf");
        assert_eq!(n("report\u{202E}fdp.exe", Pdf), "reportfdp.exe.pdf");
        assert_eq!(n("...hidden", Png), "hidden.png");
        assert_eq!(n("", Png), "attachment.png");
        assert_eq!(n(".pdf", Pdf), "pdf.pdf");
        assert_eq!(n("   ", Jpeg), "attachment.jpg");
        assert_eq!(n("letter.png", Pdf), "letter.pdf");
        assert_eq!(n("results.v2", Pdf), "results.v2.pdf");
        let long = n(&format!("{}.pdf", "x".repeat(300)), Pdf);
        assert_eq!(long.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(long.ends_with("x.pdf"));
        let long_unicode = n(&"é".repeat(300), Jpeg);
        assert_eq!(long_unicode.chars().count(), MAX_FILE_NAME_CHARS);
    }

    #[test]
    fn the_content_address_is_lowercase_hex_sha256() {
        assert_eq!(
            content_address(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(content_address(&[]).len(), 64);
    }
}
