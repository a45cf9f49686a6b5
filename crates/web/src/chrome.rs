//! Builds the layout context for a page from the session: who is signed in, whom they act for,
//! their navigation and the CSRF token.

use crate::app::AppState;
use crate::error::AppError;
use crate::page::{NavItem, PageContext};
use crate::{areas, csrf, session};
use joinedup_store::people::ActorContext;
use tower_sessions::Session;

/// The layout context for the page at `path`.
pub async fn context(
    state: &AppState,
    session: &Session,
    actor: Option<&ActorContext>,
    path: &str,
) -> Result<PageContext, AppError> {
    let csrf_token = csrf::token(session).await?;
    let mut ctx = PageContext {
        csrf_token,
        demo: state.demo,
        ..Default::default()
    };
    if let Some(a) = actor {
        ctx.signed_in = true;
        ctx.user_name = Some(a.display_name.clone());
        ctx.role_label = Some(a.role.label().to_owned());
        ctx.acting_for = a.acting_for_label();
        ctx.can_change_organisation = a.membership_count > 1;
        // Read with the session when it was loaded; a session begun in this request has none.
        ctx.unread_notifications = match session.get::<u64>(session::keys::UNREAD).await? {
            Some(n) => n,
            None => {
                joinedup_store::platform::notifications::unread_count(&state.store, a.user_id)
                    .await?
            }
        };
        ctx.nav = std::iter::once(NavItem::new("Home", "/home", path))
            .chain(areas::for_role(a.role).map(|area| NavItem::new(area.label, area.href, path)))
            .collect();
    }
    Ok(ctx)
}
