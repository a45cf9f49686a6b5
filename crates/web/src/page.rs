//! The page chrome shared by every template: header, navigation, organisation acted for.
//!
//! Every page struct has a `ctx: PageContext` field and its template starts with
//! `{% extends "layout.html" %}`. The small structs below are what the component
//! macros in `templates/components/` take as lists (error summary, radios,
//! summary list, breadcrumbs).

/// One entry in the header navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// The link text.
    pub label: String,
    /// Where the link goes.
    pub href: String,
    /// True on the entry for the page being shown (`aria-current="page"`).
    pub current: bool,
}

impl NavItem {
    /// An entry that is current when `current_path` is `href` or lies under it.
    pub fn new(label: impl Into<String>, href: impl Into<String>, current_path: &str) -> Self {
        let href = href.into();
        let current = current_path == href
            || (href != "/"
                && current_path
                    .strip_prefix(href.as_str())
                    .is_some_and(|rest| rest.starts_with('/')));
        Self {
            label: label.into(),
            href,
            current,
        }
    }
}

/// What every page's layout needs: who is signed in, whom they act for, navigation and the CSRF token.
#[derive(Debug, Clone, Default)]
pub struct PageContext {
    /// Whether someone is signed in (shows the account area and navigation).
    pub signed_in: bool,
    /// The signed-in person's name.
    pub user_name: Option<String>,
    /// Their role, e.g. "GP".
    pub role_label: Option<String>,
    /// The organisation they act for, e.g. "Camberwell Green Surgery (G99012)".
    pub acting_for: Option<String>,
    /// Shows a "Change" link to `/choose-organisation` (people with several organisations).
    pub can_change_organisation: bool,
    /// Header navigation, shown when signed in.
    pub nav: Vec<NavItem>,
    /// The session's CSRF token, for the sign-out form.
    pub csrf_token: String,
    /// Shows a "Demonstration data only" phase banner.
    pub demo: bool,
    /// The page shows form errors: the layout prefixes the title with "Error: ".
    pub has_errors: bool,
    /// Unread notifications, shown beside the Notifications link in the header.
    pub unread_notifications: u64,
}

/// One problem with a form, for the error summary: links to `#field` and is shown beside it.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    /// The id of the input the message is about (for a date input, `<id>-day`).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ErrorItem {
    /// An error on the field with id `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The message for `field` among `errors`, or "" (which the form macros read as "no error").
pub fn error_for<'a>(errors: &'a [ErrorItem], field: &str) -> &'a str {
    errors
        .iter()
        .find(|e| e.field == field)
        .map_or("", |e| e.message.as_str())
}

/// One option in a set of radios or checkboxes.
#[derive(Debug, Clone)]
pub struct RadioItem {
    /// The submitted value.
    pub value: String,
    /// The visible label.
    pub label: String,
    /// Optional hint under the label ("" for none).
    pub hint: String,
    /// Whether it is selected.
    pub checked: bool,
}

impl RadioItem {
    /// An option without a hint, selected when `value == selected`.
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: &str) -> Self {
        let value = value.into();
        Self {
            checked: value == selected,
            value,
            label: label.into(),
            hint: String::new(),
        }
    }

    /// The same option with a hint under its label.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

/// The id of the `index`th (from 1) radio or checkbox in a group: `prefix`, then
/// `prefix-2`, `prefix-3`..., as nhsuk-frontend numbers them (the first one is what
/// the error summary links to).
pub fn option_id(prefix: &str, index: usize) -> String {
    if index <= 1 {
        prefix.to_owned()
    } else {
        format!("{prefix}-{index}")
    }
}

/// One row of a summary list: a key, its value and an optional action link.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    /// What the row is, e.g. "NHS number".
    pub key: String,
    /// Its value.
    pub value: String,
    /// An optional link such as "Change".
    pub action: Option<SummaryAction>,
}

impl SummaryRow {
    /// A row without an action.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
            action: None,
        }
    }

    /// The same row with a "Change" link; screen readers hear "Change <key>".
    pub fn with_change(mut self, href: impl Into<String>) -> Self {
        self.action = Some(SummaryAction {
            text: "Change".to_owned(),
            href: href.into(),
            visually_hidden_text: self.key.to_lowercase(),
        });
        self
    }
}

/// Whether any row has an action: then rows without one get nhsuk's `--no-actions` modifier.
pub fn summary_has_actions(rows: &[SummaryRow]) -> bool {
    rows.iter().any(|row| row.action.is_some())
}

/// A link at the end of a summary-list row.
#[derive(Debug, Clone)]
pub struct SummaryAction {
    /// The visible link text, e.g. "Change".
    pub text: String,
    /// Where it goes.
    pub href: String,
    /// Extra words for screen readers, e.g. "date of birth".
    pub visually_hidden_text: String,
}

/// One step in a breadcrumb trail; the last one also becomes the "Back to …" link on mobile.
#[derive(Debug, Clone)]
pub struct Breadcrumb {
    /// The link text.
    pub label: String,
    /// Where it goes.
    pub href: String,
}

impl Breadcrumb {
    /// A breadcrumb step.
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: href.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;

    /// A page using every component macro (templates/components/_preview.html).
    #[derive(Template)]
    #[template(path = "components/_preview.html")]
    struct PreviewTemplate {
        ctx: PageContext,
        errors: Vec<ErrorItem>,
        nhs_number: String,
        radio_items: Vec<RadioItem>,
        rows: Vec<SummaryRow>,
        table_rows: Vec<Vec<String>>,
        crumbs: Vec<Breadcrumb>,
        groups: Vec<PreviewGroup>,
    }

    /// A record with its own summary list, as on a page listing several.
    struct PreviewGroup {
        rows: Vec<SummaryRow>,
    }

    fn signed_in() -> PageContext {
        PageContext {
            signed_in: true,
            user_name: Some("Dr Asha Patel".to_owned()),
            role_label: Some("GP".to_owned()),
            acting_for: Some("Camberwell Green Surgery (G99012)".to_owned()),
            can_change_organisation: true,
            nav: vec![
                NavItem::new("Home", "/", "/advice/42"),
                NavItem::new("Advice", "/advice", "/advice/42"),
                NavItem::new("Letters", "/letters", "/advice/42"),
            ],
            csrf_token: "token-123".to_owned(),
            demo: true,
            has_errors: true,
            unread_notifications: 2,
        }
    }

    fn preview(ctx: PageContext) -> String {
        PreviewTemplate {
            ctx,
            errors: vec![
                ErrorItem::new("nhs_number", "Enter a 10 digit NHS number"),
                ErrorItem::new("date-of-birth-day", "Date of birth must be in the past"),
                ErrorItem::new("urgency", "Select how urgent this is"),
            ],
            nhs_number: "123 <456>".to_owned(),
            radio_items: vec![
                RadioItem::new("routine", "Routine", "urgent"),
                RadioItem::new("urgent", "Urgent", "urgent")
                    .with_hint("Reply within 1 working day"),
            ],
            rows: vec![
                SummaryRow::new("NHS number", "943 476 5919").with_change("/patients/1/edit"),
                SummaryRow::new("Address", "1 High Street\nLondon <SE5>"),
            ],
            table_rows: vec![
                vec![
                    "Camberwell Green".to_owned(),
                    "12".to_owned(),
                    "3".to_owned(),
                ],
                vec!["Peckham Rye".to_owned(), "8".to_owned(), "0".to_owned()],
            ],
            crumbs: vec![
                Breadcrumb::new("Home", "/"),
                Breadcrumb::new("Advice", "/advice"),
            ],
            groups: vec![PreviewGroup {
                rows: vec![SummaryRow::new("Relationship", "Carer")],
            }],
        }
        .render()
        .expect("preview renders")
    }

    fn assert_contains(html: &str, needles: &[&str]) {
        for needle in needles {
            assert!(html.contains(needle), "missing {needle:?} in:\n{html}");
        }
    }

    #[test]
    fn the_layout_follows_the_nhsuk_page_template() {
        let html = preview(signed_in());
        assert_contains(
            &html,
            &[
                "<!DOCTYPE html>",
                r#"<html lang="en" class="nhsuk-template">"#,
                "<title>Error: Component preview – joinedup – NHS South East London</title>",
                r#"<link rel="stylesheet" href="/assets/css/app.css">"#,
                r#"<link rel="icon" href="/assets/images/favicon.svg" sizes="any" type="image/svg+xml">"#,
                r#"<link rel="apple-touch-icon" href="/assets/images/nhsuk-icon-180.png">"#,
                r#"<script type="module" src="/assets/js/init.mjs"></script>"#,
                r#"<body class="nhsuk-template__body">"#,
                r##"<a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">Skip to main content</a>"##,
                r#"<header class="nhsuk-header" data-module="nhsuk-header" role="banner">"#,
                r#"<a class="nhsuk-header__service-logo" href="/" aria-label="NHS joinedup homepage">"#,
                r#"<span class="nhsuk-header__service-name">joinedup</span>"#,
                r#"<main class="nhsuk-main-wrapper" id="maincontent" role="main">"#,
                r#"<footer class="nhsuk-footer" role="contentinfo">"#,
                r#"<a class="nhsuk-footer__list-item-link" href="/accessibility">Accessibility statement</a>"#,
                r#"<a class="nhsuk-footer__list-item-link" href="/privacy">Privacy</a>"#,
                "© NHS South East London",
            ],
        );
        // The CSP allows no inline script: the only <script> is the external module.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("js-enabled"), "set by init.mjs, not inline");
        assert!(!html.contains("style="), "no inline styles either");
    }

    #[test]
    fn a_signed_in_header_shows_the_person_their_organisation_navigation_and_sign_out() {
        let html = preview(signed_in());
        assert_contains(
            &html,
            &[
                r#"<nav class="nhsuk-header__account" aria-label="Account">"#,
                "Dr Asha Patel (GP)",
                "Acting for Camberwell Green Surgery (G99012)",
                r#"<a class="nhsuk-header__account-link" href="/choose-organisation">Change<span class="nhsuk-u-visually-hidden"> organisation</span></a>"#,
                r#"<form class="nhsuk-header__account-form" action="/sign-out" method="post" novalidate>"#,
                r#"<input type="hidden" name="csrf_token" value="token-123">"#,
                r#"<button class="nhsuk-header__account-button">"#,
                r#"<nav class="nhsuk-header__navigation" aria-label="Menu">"#,
                r#"<li class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current">"#,
                r#"<a class="nhsuk-header__navigation-link" href="/advice" aria-current="page"><strong class="nhsuk-header__navigation-item-current-fallback">Advice</strong></a>"#,
                r#"<a class="nhsuk-header__navigation-link" href="/">Home</a>"#,
                r#"<a class="nhsuk-header__navigation-link" href="/letters">Letters</a>"#,
                "Demonstration data only",
            ],
        );
        assert_eq!(html.matches(r#"aria-current="page""#).count(), 1);
        assert!(!html.contains(r#"href="/sign-in""#));
    }

    #[test]
    fn a_visitor_sees_sign_in_and_no_navigation() {
        let html = preview(PageContext::default());
        assert_contains(
            &html,
            &[
                r#"<a class="nhsuk-header__account-link" href="/sign-in">"#,
                "<title>Component preview – joinedup",
            ],
        );
        for absent in [
            "/sign-out",
            "nhsuk-header__navigation",
            "Acting for",
            "Demonstration data only",
            "/choose-organisation",
        ] {
            assert!(!html.contains(absent), "{absent} shown to a visitor");
        }
    }

    #[test]
    fn form_macros_render_nhsuk_markup_with_errors_linked_to_fields() {
        let html = preview(signed_in());
        assert_contains(
            &html,
            &[
                // error summary
                r#"<div class="nhsuk-error-summary" data-module="nhsuk-error-summary">"#,
                r#"<div role="alert">"#,
                "There is a problem",
                r##"<a href="#nhs_number">"##,
                r##"<a href="#date-of-birth-day">"##,
                r##"<a href="#urgency">"##,
                // input with hint, error and escaping
                r#"<div class="nhsuk-form-group nhsuk-form-group--error">"#,
                r#"<span class="nhsuk-error-message" id="nhs_number-error">"#,
                r#"<span class="nhsuk-u-visually-hidden">Error: </span>Enter a 10 digit NHS number"#,
                r#"<input class="nhsuk-input nhsuk-input--code nhsuk-input--error nhsuk-input--width-10" id="nhs_number" name="nhs_number" type="text" spellcheck="false" value="123 &#60;456&#62;" aria-describedby="nhs_number-hint nhs_number-error" inputmode="numeric">"#,
                r#"<input class="nhsuk-input nhsuk-u-width-two-thirds" id="email" name="email" type="email" autocomplete="email">"#,
                r#"<label class="nhsuk-label" for="email">"#,
                // textarea
                r#"<textarea class="nhsuk-textarea" id="question" name="question" rows="5" aria-describedby="question-hint">Line one</textarea>"#,
                // date input
                r#"<fieldset class="nhsuk-fieldset" role="group" aria-describedby="date-of-birth-hint date-of-birth-error">"#,
                r#"<div class="nhsuk-date-input" id="date-of-birth">"#,
                r#"<input class="nhsuk-input nhsuk-input--error nhsuk-input--width-2 nhsuk-date-input__input" id="date-of-birth-day" name="birth_day" type="text" value="5" inputmode="numeric">"#,
                r#"<input class="nhsuk-input nhsuk-input--error nhsuk-input--width-4 nhsuk-date-input__input" id="date-of-birth-year" name="birth_year" type="text" value="1984" inputmode="numeric">"#,
                // radios and checkboxes
                r#"<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"#,
                r#"<div class="nhsuk-radios" data-module="nhsuk-radios">"#,
                r#"<input class="nhsuk-radios__input" id="urgency" name="urgency" type="radio" value="routine">"#,
                r#"<input class="nhsuk-radios__input" id="urgency-2" name="urgency" type="radio" value="urgent" checked aria-describedby="urgency-2-item-hint">"#,
                r#"<div class="nhsuk-hint nhsuk-radios__hint" id="urgency-2-item-hint">"#,
                r#"<label class="nhsuk-label nhsuk-radios__label" for="urgency">"#,
                r#"<div class="nhsuk-checkboxes nhsuk-checkboxes--small" data-module="nhsuk-checkboxes">"#,
                r#"<input class="nhsuk-checkboxes__input" id="topics" name="topics" type="checkbox" value="routine">"#,
                // buttons
                r#"<button class="nhsuk-button" data-module="nhsuk-button" data-prevent-double-click="true" type="submit">"#,
                r#"<button class="nhsuk-button nhsuk-button--warning" name="action" data-module="nhsuk-button" type="submit" value="delete">"#,
                r#"<a class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" href="/advice" role="button" draggable="false">"#,
            ],
        );
    }

    #[test]
    fn content_macros_render_nhsuk_markup() {
        let html = preview(signed_in());
        assert_contains(
            &html,
            &[
                // breadcrumb and back link
                r#"<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">"#,
                r#"<a class="nhsuk-breadcrumb__link" href="/advice">"#,
                r#"<span class="nhsuk-u-visually-hidden">Back to </span>Advice"#,
                r#"<a class="nhsuk-back-link" href="/advice">"#,
                // notification banners and panel
                r#"<div class="nhsuk-notification-banner nhsuk-notification-banner--success" data-module="nhsuk-notification-banner" role="alert" aria-labelledby="nhsuk-notification-banner-title">"#,
                r#"<div class="nhsuk-notification-banner" data-module="nhsuk-notification-banner" role="region" aria-labelledby="closing-title">"#,
                r#"<h2 class="nhsuk-notification-banner__title" id="closing-title">"#,
                r#"<div class="nhsuk-panel">"#,
                r#"<h1 class="nhsuk-panel__heading">"#,
                // summary list, with a Change link and escaped line breaks
                r#"<dl class="nhsuk-summary-list">"#,
                r#"<dt class="nhsuk-summary-list__key">"#,
                r#"<a class="nhsuk-link" href="/patients/1/edit">Change<span class="nhsuk-u-visually-hidden"> nhs number</span></a>"#,
                r#"<div class="nhsuk-summary-list__row nhsuk-summary-list__row--no-actions">"#,
                r#"<dl class="nhsuk-summary-list nhsuk-summary-list--no-border">"#,
                "1 High Street<br/>London &#60;SE5&#62;",
                // tables
                r#"<table class="nhsuk-table">"#,
                r#"<caption class="nhsuk-table__caption nhsuk-table__caption--m">"#,
                r#"<th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">"#,
                r#"<th class="nhsuk-table__header" scope="row">"#,
                r#"<td class="nhsuk-table__cell nhsuk-table__cell--numeric">"#,
                r#"<td class="nhsuk-table__cell"><a href="/advice/1">Request 1</a></td>"#,
                // tags, inset text, warning callout
                r#"<strong class="nhsuk-tag nhsuk-tag--red">"#,
                r#"<strong class="nhsuk-tag">"#,
                r#"<div class="nhsuk-inset-text">"#,
                "<p>Replies are due within 2 working days.</p>",
                r#"<p>Read the <a href="/protocols">protocol</a>.</p>"#,
                r#"<div class="nhsuk-card nhsuk-card--warning">"#,
                r#"<span class="nhsuk-u-visually-hidden">Important: </span>Amber drug"#,
                r#"<p class="nhsuk-card__description">Custom body</p>"#,
                // cards
                r#"<div class="nhsuk-card nhsuk-card--clickable">"#,
                r#"<h2 class="nhsuk-card__heading nhsuk-heading-m">"#,
                r#"<a class="nhsuk-card__link" href="/advice">Advice and guidance</a>"#,
                r#"<p class="nhsuk-card__description">Ask a specialist</p>"#,
                r#"<div class="nhsuk-card nhsuk-card--clickable nhsuk-card--primary">"#,
                // pagination
                r#"<nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">"#,
                r#"<a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href="/advice?page=1" rel="prev">"#,
                r#"<span class="nhsuk-pagination__page">Page 1</span>"#,
                r#"<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="/advice?page=3" rel="next">"#,
            ],
        );
    }

    #[test]
    fn ids_on_the_preview_page_are_unique() {
        let html = preview(signed_in());
        let mut ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').expect("closing quote")])
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids in the preview page");
    }

    #[test]
    fn helpers_pick_errors_option_ids_and_current_navigation() {
        let errors = vec![ErrorItem::new("email", "Enter an email address")];
        assert_eq!(error_for(&errors, "email"), "Enter an email address");
        assert_eq!(error_for(&errors, "name"), "");
        assert_eq!(option_id("urgency", 1), "urgency");
        assert_eq!(option_id("urgency", 3), "urgency-3");
        assert!(NavItem::new("Advice", "/advice", "/advice").current);
        assert!(NavItem::new("Advice", "/advice", "/advice/7/reply").current);
        assert!(!NavItem::new("Advice", "/advice", "/advice-and-guidance").current);
        assert!(!NavItem::new("Home", "/", "/advice").current);
        assert!(NavItem::new("Home", "/", "/").current);
        let rows = [SummaryRow::new("Name", "A")];
        assert!(!summary_has_actions(&rows));
    }
}

/// A record id from the path; anything else is a page that does not exist.
pub fn parse_id(id: &str) -> crate::error::Result<uuid::Uuid> {
    id.parse().map_err(|_| crate::error::AppError::NotFound)
}

/// Field problems as page errors, linked to the fields of the same names.
pub fn page_errors(errors: Vec<joinedup_core::people::patient::FieldError>) -> Vec<ErrorItem> {
    errors
        .into_iter()
        .map(|e| ErrorItem::new(e.field, e.message))
        .collect()
}

/// A refusal to show on the page: field problems (422), a role that may not (403) or someone
/// else's change or the record's state (409), the last two linked to `anchor`. Anything else
/// (not found, a database failure) stays an error page.
pub fn refusal(
    e: joinedup_store::StoreError,
    anchor: &str,
) -> crate::error::Result<(axum::http::StatusCode, Vec<ErrorItem>)> {
    use axum::http::StatusCode;
    use joinedup_store::StoreError;
    match e {
        StoreError::Invalid(errors) => Ok((StatusCode::UNPROCESSABLE_ENTITY, page_errors(errors))),
        StoreError::Forbidden(m) => Ok((StatusCode::FORBIDDEN, vec![ErrorItem::new(anchor, m)])),
        StoreError::Conflict(m) => Ok((StatusCode::CONFLICT, vec![ErrorItem::new(anchor, m)])),
        other => Err(other.into()),
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::*;
    use axum::http::StatusCode;
    use joinedup_store::StoreError;

    #[test]
    fn refusals_the_person_can_act_on_stay_on_the_page() {
        let (status, errors) = refusal(StoreError::Conflict("Changed".into()), "outcome").unwrap();
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(errors[0].field, "outcome");
        let (status, _) = refusal(StoreError::Forbidden("No".into()), "actions").unwrap();
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(refusal(StoreError::NotFound, "x").is_err());
    }
}
