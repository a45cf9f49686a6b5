//! The areas of joinedup, which roles see each in their navigation and home page, and the honest
//! "not available yet" page for areas that later work will build.

use crate::app::AppState;
use crate::chrome;
use crate::error::{AppError, Result};
use crate::page::PageContext;
use crate::session::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::routing::get;
use joinedup_core::people::Role;

/// One area: where it lives, what it is for, and who sees it.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// Its path.
    pub href: &'static str,
    /// Its name in navigation and on home-page cards.
    pub label: &'static str,
    /// One sentence on what it is for.
    pub description: &'static str,
    /// Roles that see it.
    pub roles: &'static [Role],
    /// False until the area is built: its page then says so plainly.
    pub available: bool,
}

use Role::*;

/// Every area, in navigation order.
pub const AREAS: &[Area] = &[
    Area {
        href: "/patients",
        label: "Find a patient",
        description: "Find a patient registered at your practice by NHS number, or by name and date of birth.",
        roles: &[Gp, PracticeStaff],
        available: true,
    },
    Area {
        href: "/my-record",
        label: "Your record",
        description: "See your record summary, and the records of people you care for.",
        roles: &[Patient],
        available: true,
    },
    Area {
        href: "/advice",
        label: "Advice and guidance",
        description: "Ask a specialist service a question and get an answer within a set time, often without a referral.",
        roles: &[Gp, PracticeStaff, Specialist, Secretary],
        available: true,
    },
    Area {
        href: "/advice/figures",
        label: "Advice and guidance figures",
        description: "How many advice requests each service had, how fast it answered, and which requests are overdue now.",
        roles: &[InterfaceTeam],
        available: true,
    },
    Area {
        href: "/letters",
        label: "Letters",
        description: "Clinic letters and discharge summaries written to the patient, with a clear list of actions for the GP.",
        roles: &[Gp, PracticeStaff, Specialist, Secretary, Patient],
        available: true,
    },
    Area {
        href: "/letters/figures",
        label: "Letters figures",
        description: "How many letters each trust, service and practice sent on time, how fast practices acknowledged them, and what happened to the GP's actions.",
        roles: &[InterfaceTeam],
        available: true,
    },
    Area {
        href: "/shared-care",
        label: "Shared care",
        description: "The traffic-light formulary, shared care agreements and the blood tests each one needs.",
        roles: &[Gp, PracticeStaff, Specialist, Pharmacist, Patient],
        available: false,
    },
    Area {
        href: "/contacts",
        label: "Ways to get in touch",
        description: "Whom to contact about a referral, a result, an appointment or a medicine, and what to expect.",
        roles: &[
            Gp,
            PracticeStaff,
            Specialist,
            Secretary,
            Pharmacist,
            Patient,
            InterfaceTeam,
        ],
        available: false,
    },
    Area {
        href: "/concerns",
        label: "Interface concerns",
        description: "Report where care between the GP and the hospital did not join up.",
        roles: &[
            Gp,
            PracticeStaff,
            Specialist,
            Secretary,
            Pharmacist,
            InterfaceTeam,
        ],
        available: false,
    },
    Area {
        href: "/dashboard",
        label: "Programme dashboard",
        description: "Every figure of the interface programme on one page, by borough, trust and practice.",
        roles: &[InterfaceTeam],
        available: false,
    },
    Area {
        href: "/conversation",
        label: "Join the conversation",
        description: "Public discussions on how GPs and hospitals work together.",
        roles: &[Patient, Moderator, InterfaceTeam],
        available: false,
    },
    Area {
        href: "/moderation",
        label: "Moderation",
        description: "Review held and reported comments in the public conversation.",
        roles: &[Moderator],
        available: false,
    },
    Area {
        href: "/admin",
        label: "Administration",
        description: "Manage organisations, services, users and their roles.",
        roles: &[Admin],
        available: true,
    },
];

/// The areas a role sees.
pub fn for_role(role: Role) -> impl Iterator<Item = &'static Area> {
    AREAS.iter().filter(move |a| a.roles.contains(&role))
}

/// Routes for the areas not built yet.
pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for a in AREAS.iter().filter(|a| !a.available) {
        r = r.route(a.href, get(not_available));
    }
    r
}

/// The "not available yet" page.
#[derive(Template, WebTemplate)]
#[template(path = "areas/not_available.html")]
pub struct NotAvailableTemplate {
    /// Layout context.
    pub ctx: PageContext,
    /// The area.
    pub area: Area,
}

async fn not_available(
    State(state): State<AppState>,
    acting: Acting,
    OriginalUri(uri): OriginalUri,
) -> Result<NotAvailableTemplate> {
    let area = *AREAS
        .iter()
        .find(|a| a.href == uri.path())
        .ok_or(AppError::NotFound)?;
    if !area.roles.contains(&acting.actor.role) {
        return Err(AppError::NotFound);
    }
    let ctx = chrome::context(&state, &acting.session, Some(&acting.actor), uri.path()).await?;
    Ok(NotAvailableTemplate { ctx, area })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_at_least_one_area_and_hrefs_are_unique() {
        for role in Role::ALL {
            assert!(for_role(role).count() >= 1, "{role}");
        }
        let mut hrefs: Vec<_> = AREAS.iter().map(|a| a.href).collect();
        hrefs.sort();
        hrefs.dedup();
        assert_eq!(hrefs.len(), AREAS.len());
    }
}
