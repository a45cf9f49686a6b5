//! Sending requests, drafts and who may see what.

use crate::support::*;
use joinedup_core::advice::{ClockFacts, Outcome, ResponseStandard, Status};
use joinedup_core::calendar::Calendar;
use joinedup_core::people::Role;
use joinedup_store::StoreError;
use joinedup_store::advice::entity::{advice_message, advice_request};
use joinedup_store::advice::{self, InboxFilter, Submission};
use joinedup_store::people;
use joinedup_store::people::entity::service;
use joinedup_store::platform::entity::job;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[tokio::test]
async fn a_gp_sends_a_request_for_their_own_patient_and_the_clock_starts() {
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let r = row(s, id).await;
        assert_eq!(r.status, Status::Sent.as_str(), "{:?}", w.db.backend);
        assert_eq!(r.practice_id, w.gp.organisation_id.unwrap());
        assert_eq!(r.sent_by, Some(w.gp.user_id));
        assert_eq!(r.standard_days, Some(2));
        let sent_at = r.sent_at.unwrap();
        assert_eq!(r.clock_started_at, Some(sent_at));
        let calendar = Calendar::england_and_wales();
        assert_eq!(r.due_at, Some(calendar.due(sent_at, 2)));
        assert_eq!(r.version, 2, "created, then sent");

        let thread = messages(s, id).await;
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].kind, "sent");
        assert_eq!(thread[0].author_user_id, Some(w.gp.user_id));
        assert!(thread[0].body.starts_with("Raised CRP"));

        let log = audit_of(s, id).await;
        assert_eq!(
            log,
            vec![(
                "advice.send".into(),
                "success".into(),
                Some(w.own.nhs_number.clone())
            )]
        );

        let queued: Vec<job::Model> = job::Entity::find()
            .filter(job::Column::Payload.contains(id.to_string()))
            .all(s.db())
            .await
            .unwrap();
        let mut kinds: Vec<&str> = queued.iter().map(|j| j.kind.as_str()).collect();
        kinds.sort();
        assert_eq!(kinds, vec![advice::ESCALATE_JOB, advice::REMIND_JOB]);
        let clock = ClockFacts::start(sent_at, ResponseStandard::default());
        let escalate = queued
            .iter()
            .find(|j| j.kind == advice::ESCALATE_JOB)
            .unwrap();
        assert_eq!(
            escalate.run_at,
            clock.due_at(&calendar) + Duration::seconds(1)
        );
        let remind = queued
            .iter()
            .find(|j| j.kind == advice::REMIND_JOB)
            .unwrap();
        assert_eq!(Some(remind.run_at), clock.reminder_at(&calendar));
    }
}

#[tokio::test]
async fn practice_staff_may_save_a_draft_but_only_a_gp_sends_it() {
    for w in worlds().await {
        let s = w.store();
        let mut input = request_to(w.rheumatology, false);
        input.referral_authorised = None;
        let draft = Submission::Draft(input.parse_draft().unwrap());
        let id = advice::submit(s, &w.staff, w.own.id, None, &draft, None, no_idempotency)
            .await
            .unwrap();
        let saved = row(s, id).await;
        assert_eq!(saved.status, Status::Draft.as_str());
        assert_eq!(saved.created_by, w.staff.user_id);
        assert!(saved.due_at.is_none() && saved.sent_at.is_none());

        let sendable = Submission::Send(
            request_to(w.rheumatology, true)
                .parse_for_sending()
                .unwrap(),
        );
        let refused = advice::submit(
            s,
            &w.staff,
            w.own.id,
            Some((id, saved.version)),
            &sendable,
            None,
            no_idempotency,
        )
        .await;
        assert!(
            matches!(refused, Err(StoreError::Forbidden(_))),
            "{refused:?}"
        );
        assert_eq!(row(s, id).await.status, Status::Draft.as_str());
        // The service cannot see a draft.
        assert!(matches!(
            advice::view(s, &w.specialist, id).await,
            Err(StoreError::NotFound)
        ));

        advice::submit(
            s,
            &w.gp,
            w.own.id,
            Some((id, saved.version)),
            &sendable,
            None,
            no_idempotency,
        )
        .await
        .unwrap();
        let sent = row(s, id).await;
        assert_eq!(sent.status, Status::Sent.as_str());
        assert_eq!(
            (sent.created_by, sent.sent_by),
            (w.staff.user_id, Some(w.gp.user_id))
        );
        assert_eq!(sent.referral_authorised, Some(true));
        let actions: Vec<(String, String)> = audit_of(s, id)
            .await
            .into_iter()
            .map(|e| (e.0, e.1))
            .collect();
        let expected = [
            ("advice.draft", "success"),
            ("advice.view", "denied"),
            ("advice.send", "success"),
        ]
        .map(|(a, o)| (a.to_owned(), o.to_owned()));
        assert_eq!(
            actions, expected,
            "the service's refused look is audited too"
        );
    }
}

#[tokio::test]
async fn a_patient_of_another_practice_is_refused_and_nothing_is_written() {
    for w in worlds().await {
        let s = w.store();
        let requests = advice_request::Entity::find().count(s.db()).await.unwrap();
        let thread = advice_message::Entity::find().count(s.db()).await.unwrap();
        let jobs_before = job::Entity::find().count(s.db()).await.unwrap();
        let sendable = request_to(w.rheumatology, false)
            .parse_for_sending()
            .unwrap();
        let refused = advice::submit(
            s,
            &w.gp,
            w.other.id,
            None,
            &Submission::Send(sendable),
            None,
            no_idempotency,
        )
        .await;
        assert_eq!(
            invalid_fields(refused),
            vec!["patient"],
            "{:?}",
            w.db.backend
        );
        assert_eq!(
            advice_request::Entity::find().count(s.db()).await.unwrap(),
            requests
        );
        assert_eq!(
            advice_message::Entity::find().count(s.db()).await.unwrap(),
            thread
        );
        assert_eq!(
            job::Entity::find().count(s.db()).await.unwrap(),
            jobs_before
        );
        // The attempt is audited as a refusal about that patient.
        let log = audit_of(s, w.other.id).await;
        assert_eq!(
            log,
            vec![(
                "advice.create".into(),
                "denied".into(),
                Some(w.other.nhs_number.clone())
            )]
        );
        // A patient id that does not exist is refused the same way.
        let sendable = request_to(w.rheumatology, false)
            .parse_for_sending()
            .unwrap();
        let unknown = advice::submit(
            s,
            &w.gp,
            Uuid::now_v7(),
            None,
            &Submission::Send(sendable),
            None,
            no_idempotency,
        )
        .await;
        assert_eq!(invalid_fields(unknown), vec!["patient"]);
    }
}

#[tokio::test]
async fn a_service_that_does_not_take_requests_is_refused() {
    for w in worlds().await {
        let s = w.store();
        service::Entity::update_many()
            .col_expr(service::Column::TakesAdviceRequests, Expr::value(false))
            .filter(service::Column::Id.eq(w.dermatology))
            .exec(s.db())
            .await
            .unwrap();
        let requests = advice_request::Entity::find().count(s.db()).await.unwrap();
        let sendable = request_to(w.dermatology, false)
            .parse_for_sending()
            .unwrap();
        let refused = advice::submit(
            s,
            &w.gp,
            w.own.id,
            None,
            &Submission::Send(sendable),
            None,
            no_idempotency,
        )
        .await;
        assert_eq!(
            invalid_fields(refused),
            vec!["service"],
            "{:?}",
            w.db.backend
        );
        let draft = request_to(w.dermatology, false).parse_draft().unwrap();
        let as_draft = advice::submit(
            s,
            &w.staff,
            w.own.id,
            None,
            &Submission::Draft(draft),
            None,
            no_idempotency,
        )
        .await;
        assert_eq!(invalid_fields(as_draft), vec!["service"]);
        assert_eq!(
            advice_request::Entity::find().count(s.db()).await.unwrap(),
            requests
        );
        let listed = advice::services_taking_requests(s, "").await.unwrap();
        assert!(listed.iter().all(|c| c.id != w.dermatology));
        assert!(listed.iter().any(|c| c.id == w.rheumatology));
    }
}

#[tokio::test]
async fn the_inbox_lists_only_the_services_unanswered_requests_soonest_due_first() {
    for w in worlds().await {
        let s = w.store();
        let mine = send(&w, w.own.id, w.rheumatology, false).await;
        let elsewhere = send(&w, w.own.id, w.dermatology, false).await;
        let answered = send(&w, w.own.id, w.rheumatology, false).await;
        advice::reply(
            s,
            &w.specialist,
            answered,
            &reply_input(Outcome::AdviceGiven, 2),
        )
        .await
        .unwrap();

        let mut rows = vec![];
        for page in 1.. {
            let filter = InboxFilter {
                page,
                ..Default::default()
            };
            let p = advice::inbox(s, &w.specialist, &filter).await.unwrap();
            let more = p.has_next();
            rows.extend(p.items);
            if !more {
                break;
            }
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        assert!(ids.contains(&mine), "{:?}", w.db.backend);
        assert!(!ids.contains(&elsewhere) && !ids.contains(&answered));
        for r in &rows {
            assert!(matches!(
                r.status,
                Status::Sent | Status::AwaitingInformation
            ));
            assert_eq!(r.service_name.as_deref(), Some("Rheumatology"));
            let stored = row(s, r.id).await;
            assert_eq!(stored.service_id, Some(w.rheumatology));
        }
        let dues: Vec<OffsetDateTime> = rows.iter().map(|r| r.due_at.unwrap()).collect();
        assert!(dues.windows(2).all(|p| p[0] <= p[1]), "soonest due first");

        // A specialist of another service learns nothing about the request, and the attempt
        // is refused.
        let outsider = staff_member(s, "Dr Outside", Role::Specialist, w.dermatology).await;
        assert!(matches!(
            advice::view(s, &outsider, mine).await,
            Err(StoreError::NotFound)
        ));
        let inbox = advice::inbox(s, &outsider, &InboxFilter::default())
            .await
            .unwrap();
        assert!(inbox.items.iter().all(|r| r.id != mine));
        assert!(inbox.items.iter().any(|r| r.id == elsewhere));
        // The GP's practice list has all three.
        let listed = advice::practice_requests(s, &w.gp, &InboxFilter::default())
            .await
            .unwrap();
        for id in [mine, elsewhere, answered] {
            assert!(listed.items.iter().any(|r| r.id == id));
        }
    }
}

/// A refusal is audited even though the use case writes nothing else (the entry once rolled
/// back with the refused transaction).
#[tokio::test]
async fn a_refused_view_is_audited_as_denied() {
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let outsider = staff_member(s, "Dr Outside", Role::Specialist, w.dermatology).await;
        assert!(advice::view(s, &outsider, id).await.is_err());
        let log = audit_of(s, id).await;
        assert!(
            log.iter().any(|e| e.0 == "advice.view" && e.1 == "denied"),
            "{log:?}"
        );
    }
}

#[tokio::test]
async fn a_specialist_may_open_the_record_of_a_patient_their_service_was_asked_about() {
    for w in worlds().await {
        let s = w.store();
        assert!(matches!(
            people::patient_summary(s, &w.specialist, w.own.id).await,
            Err(StoreError::NotFound)
        ));
        // A draft does not involve the service yet.
        let draft = request_to(w.rheumatology, false).parse_draft().unwrap();
        advice::submit(
            s,
            &w.gp,
            w.own.id,
            None,
            &Submission::Draft(draft),
            None,
            no_idempotency,
        )
        .await
        .unwrap();
        assert!(
            advice::services_involved_with(s.db(), w.own.id)
                .await
                .unwrap()
                .is_empty()
        );
        send(&w, w.own.id, w.rheumatology, false).await;
        assert_eq!(
            advice::services_involved_with(s.db(), w.own.id)
                .await
                .unwrap(),
            vec![w.rheumatology]
        );
        let summary = people::patient_summary(s, &w.specialist, w.own.id)
            .await
            .unwrap();
        assert_eq!(summary.id, w.own.id, "{:?}", w.db.backend);
        let secretary = actor(s, "secretary@demo.joinedup.test").await;
        assert!(
            people::patient_summary(s, &secretary, w.own.id)
                .await
                .is_ok()
        );
        // Another service still may not.
        let outsider = staff_member(s, "Dr Outside", Role::Specialist, w.dermatology).await;
        assert!(matches!(
            people::patient_summary(s, &outsider, w.own.id).await,
            Err(StoreError::NotFound)
        ));
    }
}
