//! Administration on every backend: organisations, services, users, memberships, API tokens
//! and a user's own sessions, each change checked and audited.

use joinedup_core::people::{OrganisationKind, Role};
use joinedup_store::audit::entity::audit_log;
use joinedup_store::demo::{self, DEMO_PASSWORD, Scale};
use joinedup_store::people::admin::{
    self, Checked, FieldError, NewMembership, NewUser, OrganisationInput, OrganisationQuery,
    ServiceInput, UserEdit,
};
use joinedup_store::people::entity::{organisation, service, user};
use joinedup_store::people::{self, ActorContext, SignInOutcome, ThrottlePolicy, sessions, tokens};
use joinedup_store::testing::{TestDatabase, backends, fresh};
use joinedup_store::{Store, StoreError};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

async fn seeded() -> Vec<TestDatabase> {
    let mut out = vec![];
    for b in backends() {
        let db = fresh(b).await.expect("fresh database");
        demo::seed(&db.store, Scale::Small, |_| {})
            .await
            .expect("seed");
        out.push(db);
    }
    out
}

async fn actor(store: &Store, local: &str) -> ActorContext {
    let u = user_by_email(store, &format!("{local}@demo.joinedup.test")).await;
    let choices = people::memberships_of(store, u.id).await.unwrap();
    people::actor_for_membership(store, u.id, choices[0].membership_id)
        .await
        .unwrap()
        .unwrap()
}

async fn user_by_email(store: &Store, email: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(store.db())
        .await
        .unwrap()
        .unwrap()
}

async fn org_by_ods(store: &Store, ods: &str) -> organisation::Model {
    organisation::Entity::find()
        .filter(organisation::Column::OdsCode.eq(ods))
        .one(store.db())
        .await
        .unwrap()
        .unwrap()
}

/// The audit actions recorded about one record, oldest first.
async fn audited(store: &Store, id: Uuid) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::RecordId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(store.db())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn fields(errors: &[FieldError]) -> Vec<&'static str> {
    errors.iter().map(|e| e.field).collect()
}

/// The field problems of a change that must be refused.
fn rejected<T: std::fmt::Debug>(r: Result<Checked<T>, StoreError>) -> Vec<FieldError> {
    r.expect("no store error").expect_err("refused")
}

/// The result of a change that must be accepted.
fn accepted<T>(r: Result<Checked<T>, StoreError>) -> T {
    r.expect("no store error")
        .unwrap_or_else(|e| panic!("refused: {e:?}"))
}

fn practice(ods: &str, name: &str) -> OrganisationInput {
    OrganisationInput {
        kind: "gp_practice".into(),
        ods_code: ods.into(),
        name: name.into(),
        borough: "lambeth".into(),
        ..Default::default()
    }
}

fn new_user(email: &str, name: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: name.into(),
        password: "a long enough password".into(),
    }
}

const PLENTY: ThrottlePolicy = ThrottlePolicy {
    window: time::Duration::minutes(15),
    per_account: 100,
    per_address: 100,
};

async fn signs_in(store: &Store, email: &str, password: &str) -> bool {
    matches!(
        people::sign_in(store, email, password, "10.1.1.1", PLENTY)
            .await
            .unwrap(),
        SignInOutcome::SignedIn { .. }
    )
}

#[tokio::test]
async fn a_non_administrator_gets_not_found_from_every_administration_use_case() {
    for db in seeded().await {
        let s = &db.store;
        let admin_user = user_by_email(s, "admin@demo.joinedup.test").await;
        let some_org = org_by_ods(s, "G99101").await;
        for local in ["gp", "icb", "moderator", "patient"] {
            let ctx = actor(s, local).await;
            let nf = |r: Result<(), StoreError>| matches!(r, Err(StoreError::NotFound));
            let q = OrganisationQuery::default();
            assert!(
                nf(admin::list_organisations(s, &ctx, &q).await.map(drop)),
                "{local}"
            );
            assert!(nf(admin::organisation(s, &ctx, some_org.id)
                .await
                .map(drop)));
            let made = admin::create_organisation(s, &ctx, &practice("G12345", "X")).await;
            assert!(nf(made.map(drop)));
            assert!(nf(admin::set_organisation_active(
                s,
                &ctx,
                some_org.id,
                false
            )
            .await));
            assert!(nf(admin::list_users(s, &ctx, "", 1).await.map(drop)));
            assert!(nf(admin::user(s, &ctx, admin_user.id).await.map(drop)));
            let made = admin::create_user(s, &ctx, &new_user("x@example.org", "X")).await;
            assert!(nf(made.map(drop)));
            let off = admin::set_user_active(s, &ctx, admin_user.id, false).await;
            assert!(nf(off.map(drop)));
            let reset = admin::reset_password(s, &ctx, admin_user.id, "another long one").await;
            assert!(nf(reset.map(drop)));
            let m = NewMembership {
                role: "admin".into(),
                organisation_ods: "QKK".into(),
                ..Default::default()
            };
            assert!(nf(admin::add_membership(s, &ctx, ctx.user_id, &m)
                .await
                .map(drop)));
            assert!(nf(tokens::list_for_user(s, &ctx, ctx.user_id)
                .await
                .map(drop)));
        }
        assert!(admin_user.active, "nothing was changed");
        assert!(org_by_ods(s, "G99101").await.active);
    }
}

#[tokio::test]
async fn an_organisation_is_checked_created_changed_and_disabled_with_each_change_audited() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let before = organisation::Entity::find().count(s.db()).await.unwrap();

        let bad = rejected(
            admin::create_organisation(s, &admin, &practice("GG5001", "Bad Surgery")).await,
        );
        assert_eq!(fields(&bad), vec!["ods_code"]);
        assert!(
            bad[0].message.contains("letter followed by 5 digits"),
            "{bad:?}"
        );
        let taken = rejected(
            admin::create_organisation(s, &admin, &practice("g99101", "Copy Surgery")).await,
        );
        assert_eq!(fields(&taken), vec!["ods_code"]);
        assert!(taken[0].message.contains("already used"), "{taken:?}");
        let mut no_borough = practice("G12345", "Nowhere Surgery");
        no_borough.borough.clear();
        let errs = rejected(admin::create_organisation(s, &admin, &no_borough).await);
        assert_eq!(fields(&errs), vec!["borough"]);
        let site = OrganisationInput {
            kind: "trust_site".into(),
            ods_code: "RJZ09".into(),
            name: "Orphan Hospital".into(),
            ..Default::default()
        };
        let errs = rejected(admin::create_organisation(s, &admin, &site).await);
        assert_eq!(fields(&errs), vec!["parent_id"]);
        assert_eq!(
            organisation::Entity::find().count(s.db()).await.unwrap(),
            before,
            "nothing half-written"
        );

        let id = accepted(
            admin::create_organisation(s, &admin, &practice(" g12345 ", "Brixton Hill Surgery"))
                .await,
        );
        let made = admin::organisation(s, &admin, id).await.unwrap();
        assert_eq!(made.ods_code, "G12345");
        assert_eq!(made.kind, OrganisationKind::GpPractice);
        assert!(made.active);

        let mut change = practice("G12345", "Brixton Hill Medical Centre");
        change.kind = "trust".into(); // the kind cannot change
        accepted(admin::update_organisation(s, &admin, id, &change).await);
        let clash =
            rejected(admin::update_organisation(s, &admin, id, &practice("G99101", "X")).await);
        assert_eq!(fields(&clash), vec!["ods_code"]);
        let changed = admin::organisation(s, &admin, id).await.unwrap();
        assert_eq!(changed.name, "Brixton Hill Medical Centre");
        assert_eq!(changed.kind, OrganisationKind::GpPractice);

        admin::set_organisation_active(s, &admin, id, false)
            .await
            .unwrap();
        assert!(!admin::organisation(s, &admin, id).await.unwrap().active);
        admin::set_organisation_active(s, &admin, id, true)
            .await
            .unwrap();
        assert_eq!(
            audited(s, id).await,
            vec![
                "organisation.create",
                "organisation.update",
                "organisation.disable",
                "organisation.enable"
            ]
        );
    }
}

#[tokio::test]
async fn organisations_are_searched_by_name_or_code_ignoring_case_and_accents_a_page_at_a_time() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let all = organisation::Entity::find().count(s.db()).await.unwrap();
        let first = admin::list_organisations(s, &admin, &OrganisationQuery::default())
            .await
            .unwrap();
        assert_eq!(first.total, all);
        assert_eq!(first.items.len() as u64, admin::PAGE_SIZE);
        let last_page = all.div_ceil(admin::PAGE_SIZE);
        assert_eq!(first.pages(), last_page);
        let last = admin::list_organisations(
            s,
            &admin,
            &OrganisationQuery {
                page: last_page,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            last.items.len() as u64,
            all - (last_page - 1) * admin::PAGE_SIZE
        );
        assert!(!last.has_next());
        assert!(
            first.items.windows(2).all(|w| w[0].name <= w[1].name),
            "by name"
        );

        let id = accepted(
            admin::create_organisation(s, &admin, &practice("G77777", "Crèche Lane Surgery")).await,
        );
        for text in ["creche", "CRÈCHE lane", "g77777", "lane crèche"] {
            let found = admin::list_organisations(
                s,
                &admin,
                &OrganisationQuery {
                    text: text.into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(found.total, 1, "{text}");
            assert_eq!(found.items[0].id, id);
        }
        let pharmacies = admin::list_organisations(
            s,
            &admin,
            &OrganisationQuery {
                kind: Some(OrganisationKind::Pharmacy),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(pharmacies.total > 0);
        assert!(
            pharmacies
                .items
                .iter()
                .all(|o| o.kind == OrganisationKind::Pharmacy)
        );
    }
}

#[tokio::test]
async fn services_are_created_renamed_and_disabled_for_one_trust() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let kings = org_by_ods(s, "RJZ").await;
        let before = admin::list_services(s, &admin, kings.id).await.unwrap();
        assert!(before.iter().any(|x| x.name == "Rheumatology"));
        let input = |name: &str| ServiceInput {
            name: name.into(),
            specialty: "Cardiology".into(),
            ..Default::default()
        };
        let dup =
            rejected(admin::create_service(s, &admin, kings.id, &input("rheumatology")).await);
        assert_eq!(fields(&dup), vec!["name"]);
        let id = accepted(admin::create_service(s, &admin, kings.id, &input("Cardiology")).await);
        let made = admin::service(s, &admin, id).await.unwrap();
        assert_eq!(made.specialty, "cardiology");
        accepted(admin::update_service(s, &admin, id, &input("Heart failure")).await);
        admin::set_service_active(s, &admin, id, false)
            .await
            .unwrap();
        let after = admin::list_services(s, &admin, kings.id).await.unwrap();
        assert_eq!(after.len(), before.len() + 1);
        assert!(after.iter().any(|x| x.name == "Heart failure" && !x.active));
        let practice = org_by_ods(s, "G99101").await;
        assert!(matches!(
            admin::list_services(s, &admin, practice.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            audited(s, id).await,
            vec!["service.create", "service.update", "service.disable"]
        );
    }
}

#[tokio::test]
async fn a_services_advice_standard_switch_and_lead_are_checked_and_kept() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let service_id = actor(s, "specialist").await.service_id.unwrap();
        let current = admin::service(s, &admin, service_id).await.unwrap();
        assert!(current.takes_advice_requests);
        let with = |days: &str, takes: &str, lead: &str| ServiceInput {
            advice_standard_days: days.into(),
            takes_advice_requests: takes.into(),
            lead_email: lead.into(),
            ..ServiceInput::from_row(&current)
        };
        for (input, field) in [
            (with("0", "yes", ""), "advice_standard_days"),
            (with("three", "yes", ""), "advice_standard_days"),
            (with("21", "yes", ""), "advice_standard_days"),
            (with("5", "maybe", ""), "takes_advice_requests"),
            (with("5", "yes", "gp@demo.joinedup.test"), "lead_email"),
            (with("5", "yes", "nobody@example.org"), "lead_email"),
        ] {
            let errs = rejected(admin::update_service(s, &admin, service_id, &input).await);
            assert_eq!(fields(&errs), vec![field], "{input:?}");
        }
        accepted(
            admin::update_service(
                s,
                &admin,
                service_id,
                &with("5", "no", " Specialist@demo.joinedup.test "),
            )
            .await,
        );
        let saved = admin::service(s, &admin, service_id).await.unwrap();
        assert_eq!(saved.advice_standard_days, 5);
        assert!(!saved.takes_advice_requests);
        assert_eq!(
            saved.lead_email.as_deref(),
            Some("specialist@demo.joinedup.test")
        );
        let offered = joinedup_store::advice::services_taking_requests(s, "")
            .await
            .unwrap();
        assert!(
            offered.iter().all(|o| o.id != service_id),
            "{:?}",
            db.backend
        );
    }
}

#[tokio::test]
async fn a_user_is_created_with_a_unique_lower_case_email_and_a_long_password() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let before = user::Entity::find().count(s.db()).await.unwrap();
        let dup = rejected(
            admin::create_user(s, &admin, &new_user(" GP@demo.joinedup.test ", "Dup")).await,
        );
        assert_eq!(fields(&dup), vec!["email"]);
        let mut short = new_user("new@example.org", "");
        short.password = "too short".into();
        let errs = rejected(admin::create_user(s, &admin, &short).await);
        assert_eq!(fields(&errs), vec!["display_name", "password"]);
        let errs = rejected(admin::create_user(s, &admin, &new_user("not an email", "X")).await);
        assert_eq!(fields(&errs), vec!["email"]);
        assert_eq!(user::Entity::find().count(s.db()).await.unwrap(), before);

        let id = accepted(
            admin::create_user(s, &admin, &new_user("New.Person@Example.org", "New Person")).await,
        );
        let detail = admin::user(s, &admin, id).await.unwrap();
        assert_eq!(detail.user.email, "new.person@example.org");
        assert!(detail.memberships.is_empty());
        assert!(signs_in(s, "new.person@example.org", "a long enough password").await);

        let taken = UserEdit {
            email: "admin@demo.joinedup.test".into(),
            display_name: "New Person".into(),
        };
        let clash = rejected(admin::update_user(s, &admin, id, &taken).await);
        assert_eq!(fields(&clash), vec!["email"]);
        let renamed = UserEdit {
            email: "renamed@example.org".into(),
            display_name: "Renamed Person".into(),
        };
        accepted(admin::update_user(s, &admin, id, &renamed).await);
        assert_eq!(audited(s, id).await, vec!["user.create", "user.update"]);
    }
}

#[tokio::test]
async fn users_are_searched_by_name_or_email_ignoring_accents_a_page_at_a_time() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let seeded_accounts = user::Entity::find().count(s.db()).await.unwrap();
        for i in 0..23 {
            let locum = new_user(
                &format!("locum{i}@example.org"),
                &format!("Locum Doctor {i:02}"),
            );
            accepted(admin::create_user(s, &admin, &locum).await);
        }
        let zoe = accepted(
            admin::create_user(s, &admin, &new_user("zoe@example.org", "Zoë Ọkafọr")).await,
        );
        let first = admin::list_users(s, &admin, "locum doctor", 1)
            .await
            .unwrap();
        assert_eq!(first.total, 23);
        assert_eq!(first.items.len(), 20);
        assert!(first.has_next());
        let second = admin::list_users(s, &admin, "LOCUM", 2).await.unwrap();
        assert_eq!(second.items.len(), 3);
        assert_eq!(second.items[2].display_name, "Locum Doctor 22");
        for text in ["zoe okafor", "ZOË", "Ọkafọr", "zoe@example"] {
            let found = admin::list_users(s, &admin, text, 1).await.unwrap();
            assert_eq!(
                found.items.iter().map(|u| u.id).collect::<Vec<_>>(),
                vec![zoe],
                "{text}"
            );
        }
        let demo_users = admin::list_users(s, &admin, "demo.joinedup.test", 1)
            .await
            .unwrap();
        assert_eq!(
            demo_users.total, seeded_accounts,
            "every seeded account is at the demo domain"
        );
        assert!(demo_users.total >= demo::demo_accounts().len() as u64);
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_at_once_and_refuses_sign_in() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let gp = user_by_email(s, "gp@demo.joinedup.test").await;
        let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        for cookie in ["phone", "desktop"] {
            sessions::create(s.db(), cookie, Some(gp.id), "{}".into(), later)
                .await
                .unwrap();
        }
        assert_eq!(
            sessions::list_for_user(s.db(), gp.id).await.unwrap().len(),
            2
        );
        accepted(admin::set_user_active(s, &admin, gp.id, false).await);
        assert!(
            sessions::list_for_user(s.db(), gp.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(sessions::load(s, "phone").await.unwrap().is_none());
        assert!(!signs_in(s, "gp@demo.joinedup.test", DEMO_PASSWORD).await);
        accepted(admin::set_user_active(s, &admin, gp.id, true).await);
        assert!(signs_in(s, "gp@demo.joinedup.test", DEMO_PASSWORD).await);

        let own = rejected(admin::set_user_active(s, &admin, admin.user_id, false).await);
        assert_eq!(fields(&own), vec!["active"]);
        assert_eq!(audited(s, gp.id).await, vec!["user.disable", "user.enable"]);
    }
}

#[tokio::test]
async fn a_password_reset_lets_the_new_password_in_and_keeps_the_old_one_out() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let gp = user_by_email(s, "gp@demo.joinedup.test").await;
        let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        sessions::create(s.db(), "tablet", Some(gp.id), "{}".into(), later)
            .await
            .unwrap();
        let short = rejected(admin::reset_password(s, &admin, gp.id, "short").await);
        assert_eq!(fields(&short), vec!["password"]);
        assert!(signs_in(s, "gp@demo.joinedup.test", DEMO_PASSWORD).await);
        accepted(admin::reset_password(s, &admin, gp.id, "a brand new passphrase").await);
        assert!(!signs_in(s, "gp@demo.joinedup.test", DEMO_PASSWORD).await);
        assert!(signs_in(s, "gp@demo.joinedup.test", "a brand new passphrase").await);
        assert!(sessions::load(s, "tablet").await.unwrap().is_none());
        assert_eq!(audited(s, gp.id).await, vec!["user.reset_password"]);
    }
}

#[tokio::test]
async fn memberships_pair_each_role_with_the_right_kind_of_organisation() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let id = accepted(
            admin::create_user(s, &admin, &new_user("multi@example.org", "Multi Role")).await,
        );
        let rheum = service::Entity::find()
            .filter(service::Column::Name.eq("Rheumatology"))
            .all(s.db())
            .await
            .unwrap();
        let kings = org_by_ods(s, "RJZ").await;
        let kings_rheum = rheum
            .iter()
            .find(|x| x.organisation_id == kings.id)
            .unwrap()
            .id
            .to_string();
        let m = |role: &str, ods: &str, svc: &str| NewMembership {
            role: role.into(),
            organisation_ods: ods.into(),
            service_id: svc.into(),
        };
        let refused = [
            (m("", "G99101", ""), "role"),
            (m("gp", "RJZ", ""), "organisation_ods"),
            (m("gp", "", ""), "organisation_ods"),
            (m("gp", "Z00000", ""), "organisation_ods"),
            (m("specialist", "RJZ", ""), "service_id"),
            (m("specialist", "RJ1", &kings_rheum), "organisation_ods"),
            (m("admin", "RJ1", ""), "organisation_ods"),
            (m("pharmacist", "G99101", ""), "organisation_ods"),
            (m("patient", "G99101", ""), "organisation_ods"),
            (m("practice_staff", "G99101", &kings_rheum), "service_id"),
        ];
        for (input, field) in &refused {
            let errs = rejected(admin::add_membership(s, &admin, id, input).await);
            assert_eq!(fields(&errs), vec![*field], "{input:?}");
        }
        assert!(
            admin::user(s, &admin, id)
                .await
                .unwrap()
                .memberships
                .is_empty()
        );

        let gp = accepted(admin::add_membership(s, &admin, id, &m("gp", "g99101", "")).await);
        for ok in [
            m("specialist", "", &kings_rheum),
            m("secretary", "RJZ", &kings_rheum),
            m("admin", "QKK", ""),
            m("pharmacist", "RJ1", ""),
            m("patient", "", ""),
        ] {
            accepted(admin::add_membership(s, &admin, id, &ok).await);
        }
        let twice = rejected(admin::add_membership(s, &admin, id, &m("gp", "G99101", "")).await);
        assert_eq!(fields(&twice), vec!["role"]);
        let detail = admin::user(s, &admin, id).await.unwrap();
        assert_eq!(detail.memberships.len(), 6);
        let spec = detail
            .memberships
            .iter()
            .find(|x| x.role == Role::Specialist)
            .unwrap();
        assert_eq!(spec.organisation_id, Some(kings.id));
        let acting = people::actor_for_membership(s, id, gp)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(acting.role, Role::Gp);

        accepted(admin::remove_membership(s, &admin, id, gp).await);
        assert!(
            people::actor_for_membership(s, id, gp)
                .await
                .unwrap()
                .is_none()
        );
        let own =
            rejected(admin::remove_membership(s, &admin, admin.user_id, admin.membership_id).await);
        assert_eq!(fields(&own), vec!["memberships"]);
        assert!(matches!(
            admin::remove_membership(s, &admin, admin.user_id, spec.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            audited(s, gp).await,
            vec!["membership.add", "membership.remove"]
        );
    }
}

#[tokio::test]
async fn an_api_token_authenticates_until_it_is_revoked_and_both_are_audited() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let practice = actor(s, "practice").await;
        let (info, secret) = tokens::issue(
            s,
            &admin,
            practice.user_id,
            practice.membership_id,
            "GP system",
        )
        .await
        .unwrap();
        assert!(secret.starts_with(tokens::TOKEN_PREFIX));
        let (token_id, acting) = tokens::authenticate(s, &secret).await.unwrap().unwrap();
        assert_eq!(token_id, info.id);
        assert_eq!(acting.role, Role::PracticeStaff);
        let listed = tokens::list_for_user(s, &admin, practice.user_id)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert!(secret.starts_with(&listed[0].prefix));

        tokens::revoke(s, &admin, info.id).await.unwrap();
        assert!(tokens::authenticate(s, &secret).await.unwrap().is_none());
        assert_eq!(
            audited(s, info.id).await,
            vec!["api_token.issue", "api_token.revoke"]
        );

        // Removing the membership takes its tokens with it.
        let (other, secret) =
            tokens::issue(s, &admin, practice.user_id, practice.membership_id, "Again")
                .await
                .unwrap();
        accepted(
            admin::remove_membership(s, &admin, practice.user_id, practice.membership_id).await,
        );
        assert!(tokens::authenticate(s, &secret).await.unwrap().is_none());
        assert_eq!(
            audited(s, other.id).await,
            vec!["api_token.issue", "api_token.delete"]
        );
    }
}

#[tokio::test]
async fn a_token_stops_acting_once_its_user_organisation_or_service_is_disabled() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let gp = actor(s, "gp").await;
        let specialist = actor(s, "specialist").await;
        let by = &admin;
        let issue = |who: ActorContext| async move {
            tokens::issue(s, by, who.user_id, who.membership_id, "System")
                .await
                .unwrap()
                .1
        };
        let (gp_secret, specialist_secret) =
            (issue(gp.clone()).await, issue(specialist.clone()).await);
        let acts = |secret: String| async move {
            tokens::authenticate(s, &secret)
                .await
                .unwrap()
                .map(|(_, a)| a)
        };
        let acting = acts(gp_secret.clone()).await.expect("a live token acts");
        assert_eq!(
            acting.organisation_ods, gp.organisation_ods,
            "{:?}",
            db.backend
        );
        assert_eq!(acting.membership_count, gp.membership_count);
        let acting = acts(specialist_secret.clone())
            .await
            .expect("a live token acts");
        assert_eq!(acting.service_name, specialist.service_name);
        assert!(acts("jdu_not-a-token".into()).await.is_none());

        accepted(admin::set_user_active(s, &admin, gp.user_id, false).await);
        assert!(acts(gp_secret.clone()).await.is_none(), "a disabled user");
        accepted(admin::set_user_active(s, &admin, gp.user_id, true).await);
        assert!(acts(gp_secret.clone()).await.is_some(), "enabled again");
        admin::set_organisation_active(s, &admin, gp.organisation_id.unwrap(), false)
            .await
            .unwrap();
        assert!(acts(gp_secret).await.is_none(), "a disabled practice");

        admin::set_service_active(s, &admin, specialist.service_id.unwrap(), false)
            .await
            .unwrap();
        assert!(
            acts(specialist_secret).await.is_none(),
            "a disabled service"
        );
    }
}

#[tokio::test]
async fn signing_out_everywhere_else_keeps_only_the_current_session() {
    for db in seeded().await {
        let s = &db.store;
        let me = actor(s, "icb").await;
        let someone = actor(s, "moderator").await;
        let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        for cookie in ["here", "phone", "laptop"] {
            sessions::create(s.db(), cookie, Some(me.user_id), "{}".into(), later)
                .await
                .unwrap();
        }
        sessions::create(s.db(), "theirs", Some(someone.user_id), "{}".into(), later)
            .await
            .unwrap();
        let theirs = sessions::key_for("theirs");
        assert!(matches!(
            sessions::sign_out_session(s, &me, &theirs).await,
            Err(StoreError::NotFound)
        ));
        sessions::sign_out_session(s, &me, &sessions::key_for("phone"))
            .await
            .unwrap();
        assert_eq!(
            sessions::list_for_user(s.db(), me.user_id)
                .await
                .unwrap()
                .len(),
            2
        );
        let ended = sessions::sign_out_everywhere_else(s, &me, "here")
            .await
            .unwrap();
        assert_eq!(ended, 1);
        let left = sessions::list_for_user(s.db(), me.user_id).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].key, sessions::key_for("here"));
        assert!(sessions::load(s, "theirs").await.unwrap().is_some());
        assert_eq!(
            audited(s, me.user_id).await,
            vec!["session.end", "session.end_others"]
        );
    }
}

#[tokio::test]
async fn disabling_an_organisation_or_a_service_ends_its_members_sessions_at_once() {
    for db in seeded().await {
        let s = &db.store;
        let admin = actor(s, "admin").await;
        let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let practice_staff = actor(s, "practice").await;
        let specialist = actor(s, "specialist").await;
        let icb = actor(s, "icb").await;
        for (cookie, who) in [("p", &practice_staff), ("s", &specialist), ("i", &icb)] {
            sessions::create(s.db(), cookie, Some(who.user_id), "{}".into(), later)
                .await
                .unwrap();
        }
        admin::set_organisation_active(s, &admin, practice_staff.organisation_id.unwrap(), false)
            .await
            .unwrap();
        assert!(
            sessions::load(s, "p").await.unwrap().is_none(),
            "{:?}",
            db.backend
        );
        assert!(sessions::load(s, "s").await.unwrap().is_some());
        admin::set_service_active(s, &admin, specialist.service_id.unwrap(), false)
            .await
            .unwrap();
        assert!(sessions::load(s, "s").await.unwrap().is_none());
        assert!(
            sessions::load(s, "i").await.unwrap().is_some(),
            "others keep theirs"
        );
    }
}
