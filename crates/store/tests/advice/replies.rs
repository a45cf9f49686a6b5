//! Claims, replies and their clock: conflicts, authorisation, pauses and redirects.

use crate::support::*;
use joinedup_core::advice::{GpActionInput, MessageInput, Outcome, ReplyInput, Status};
use joinedup_core::calendar::{Calendar, london_date};
use joinedup_core::people::Role;
use joinedup_store::advice;
use joinedup_store::advice::entity::advice_request;
use joinedup_store::platform::entity::job;
use joinedup_store::{StoreError, now};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use time::Duration;

#[tokio::test]
async fn a_request_claimed_by_one_specialist_cannot_be_answered_by_another() {
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let colleague = staff_member(s, "Dr Colleague", Role::Specialist, w.rheumatology).await;
        advice::claim(s, &w.specialist, id, 2).await.unwrap();
        assert_eq!(row(s, id).await.claimed_by, Some(w.specialist.user_id));
        let refused = advice::reply(s, &colleague, id, &reply_input(Outcome::AdviceGiven, 3)).await;
        match refused {
            Err(StoreError::Conflict(m)) => assert!(m.contains("Another specialist"), "{m}"),
            other => panic!("{:?}: {other:?}", w.db.backend),
        }
        let again = advice::claim(s, &colleague, id, 3).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))));
        // A secretary may not claim at all.
        let secretary = actor(s, "secretary@demo.joinedup.test").await;
        assert!(matches!(
            advice::claim(s, &secretary, id, 3).await,
            Err(StoreError::Forbidden(_))
        ));
        // A colleague may release a claim left by someone away, then answer.
        advice::release(s, &colleague, id, 3).await.unwrap();
        advice::reply(s, &colleague, id, &reply_input(Outcome::AdviceGiven, 4))
            .await
            .unwrap();
        let r = row(s, id).await;
        assert_eq!(r.answered_by, Some(colleague.user_id));
        let kinds: Vec<String> = messages(s, id).await.into_iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec!["sent", "claimed", "released", "reply"]);
    }
}

#[tokio::test]
async fn two_replies_on_the_same_version_leave_exactly_one_answer() {
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let colleague = staff_member(s, "Dr Colleague", Role::Specialist, w.rheumatology).await;
        let version = row(s, id).await.version;
        let first = reply_input(Outcome::AdviceGiven, version);
        let mut second = reply_input(Outcome::ReferralRecommended, version);
        second.advice = "Please refer to the early arthritis clinic.".into();
        let (a, b) = tokio::join!(
            advice::reply(s, &w.specialist, id, &first),
            advice::reply(s, &colleague, id, &second)
        );
        let oks = [a.is_ok(), b.is_ok()];
        assert_eq!(oks.iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
        let loser = if a.is_ok() { b } else { a };
        assert!(matches!(loser, Err(StoreError::Conflict(_))), "{loser:?}");
        let replies: Vec<_> = messages(s, id)
            .await
            .into_iter()
            .filter(|m| m.kind == "reply")
            .collect();
        assert_eq!(replies.len(), 1, "{:?}: one reply only", w.db.backend);
        let r = row(s, id).await;
        assert_eq!(r.version, version + 1);
        assert_eq!(r.outcome, replies[0].outcome);
        let replied = audit_of(s, id)
            .await
            .into_iter()
            .filter(|e| e.0 == "advice.reply")
            .count();
        assert_eq!(replied, 1);
    }
}

#[tokio::test]
async fn converting_to_a_referral_needs_the_gps_authorisation() {
    for w in worlds().await {
        let s = w.store();
        let unauthorised = send(&w, w.own.id, w.rheumatology, false).await;
        let refused = advice::reply(
            s,
            &w.specialist,
            unauthorised,
            &reply_input(Outcome::ConvertedToReferral, 2),
        )
        .await;
        assert_eq!(
            invalid_fields(refused),
            vec!["outcome"],
            "{:?}",
            w.db.backend
        );
        let r = row(s, unauthorised).await;
        assert_eq!((r.status.as_str(), r.version), ("sent", 2));

        let authorised = send(&w, w.own.id, w.rheumatology, true).await;
        advice::reply(
            s,
            &w.specialist,
            authorised,
            &reply_input(Outcome::ConvertedToReferral, 2),
        )
        .await
        .unwrap();
        let r = row(s, authorised).await;
        assert_eq!(r.outcome.as_deref(), Some("converted_to_referral"));
        assert_eq!(r.status, "answered");
        // Closing a converted request needs no note of what the GP did.
        advice::close(s, &w.gp, authorised, &GpActionInput::default(), 3)
            .await
            .unwrap();
        assert_eq!(row(s, authorised).await.gp_action, None);
    }
}

#[tokio::test]
async fn more_information_pauses_the_clock_and_the_gps_answer_resumes_it() {
    let calendar = Calendar::england_and_wales();
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let mut ask = reply_input(Outcome::MoreInformationNeeded, 2);
        ask.advice = "Please send a recent X-ray report of both hands.".into();
        ask.patient_summary = String::new();
        advice::reply(s, &w.specialist, id, &ask).await.unwrap();
        let paused = row(s, id).await;
        assert_eq!(paused.status, Status::AwaitingInformation.as_str());
        assert!(paused.paused_since.is_some());
        assert!(paused.answered_at.is_none());
        let gp_told = notifications_for(s, w.gp.user_id).await;
        assert_eq!(
            gp_told.last().unwrap().title,
            "A specialist needs more information"
        );
        // The service cannot answer while it waits for the GP.
        let early =
            advice::reply(s, &w.specialist, id, &reply_input(Outcome::AdviceGiven, 3)).await;
        assert!(matches!(early, Err(StoreError::Conflict(_))));

        // As if the request was sent a day before a pause that began 3 working days ago.
        let today = london_date(now());
        let pause_day = working_days_back(&calendar, today, 3);
        let since = midday(pause_day);
        let started = since - Duration::days(1);
        set_times(
            s,
            id,
            &[
                (advice_request::Column::SentAt, Some(started)),
                (advice_request::Column::ClockStartedAt, Some(started)),
                (advice_request::Column::PausedSince, Some(since)),
            ],
        )
        .await;
        // Practice staff may not answer for the GP.
        let info = MessageInput {
            message: "X-ray: periarticular erosions at two MCP joints.".into(),
        };
        assert!(matches!(
            advice::gp_respond(s, &w.staff, id, &info, 3).await,
            Err(StoreError::Forbidden(_))
        ));
        let responding = now();
        advice::gp_respond(s, &w.gp, id, &info, 3).await.unwrap();
        let resumed = row(s, id).await;
        assert_eq!(resumed.status, Status::Sent.as_str(), "{:?}", w.db.backend);
        assert_eq!(resumed.paused_since, None);
        assert_eq!(resumed.paused_days, 3);
        assert_eq!(
            resumed.paused_days as u32,
            calendar.pause_extension(since, resumed.updated_at)
        );
        assert_eq!(resumed.due_at, Some(calendar.due(started, 2 + 3)));
        assert!(resumed.paused_working_seconds >= 2 * 86_400);
        let kinds: Vec<String> = messages(s, id).await.into_iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec!["sent", "reply", "gp_response"]);
        // Fresh deadline jobs for the moved due time.
        let due = resumed.due_at.unwrap().unix_timestamp().to_string();
        let fresh: Vec<String> = job::Entity::find()
            .filter(job::Column::Payload.contains(id.to_string()))
            .filter(job::Column::CreatedAt.gte(responding))
            .order_by_asc(job::Column::Kind)
            .all(s.db())
            .await
            .unwrap()
            .into_iter()
            .inspect(|j| assert!(j.payload.contains(&due), "{}", j.payload))
            .map(|j| j.kind)
            .collect();
        assert_eq!(fresh, vec![advice::ESCALATE_JOB, advice::REMIND_JOB]);

        // The answer's response time leaves out the pause.
        advice::reply(s, &w.specialist, id, &reply_input(Outcome::AdviceGiven, 4))
            .await
            .unwrap();
        let answered = row(s, id).await;
        let at = answered.answered_at.unwrap();
        let expected =
            calendar.working_seconds_between(started, at) - resumed.paused_working_seconds;
        assert_eq!(answered.response_working_seconds, Some(expected.max(0)));
        assert_eq!(answered.within_standard, Some(true));
    }
}

#[tokio::test]
async fn a_redirect_moves_the_request_to_the_new_service_with_a_fresh_clock() {
    let calendar = Calendar::england_and_wales();
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let before = row(s, id).await;
        let mut redirect = reply_input(Outcome::Redirected, 2);
        redirect.advice = "The rash is the main problem; dermatology are better placed.".into();
        redirect.patient_summary = String::new();
        redirect.redirect_service_id = Some(w.rheumatology);
        let same = advice::reply(s, &w.specialist, id, &redirect).await;
        assert_eq!(invalid_fields(same), vec!["redirect_service"]);
        redirect.redirect_service_id = Some(w.dermatology);
        advice::reply(s, &w.specialist, id, &redirect)
            .await
            .unwrap();

        let r = row(s, id).await;
        assert_eq!(r.service_id, Some(w.dermatology), "{:?}", w.db.backend);
        assert_eq!(r.status, Status::Sent.as_str());
        assert_eq!(r.outcome.as_deref(), Some("redirected"));
        assert_eq!(r.sent_at, before.sent_at, "first sent keeps its time");
        let started = r.clock_started_at.unwrap();
        assert!(started >= before.clock_started_at.unwrap());
        assert_eq!(r.standard_days, Some(5));
        assert_eq!(r.due_at, Some(calendar.due(started, 5)));
        assert_eq!((r.paused_days, r.claimed_by), (0, None));
        assert_eq!(
            notifications_for(s, w.gp.user_id)
                .await
                .last()
                .unwrap()
                .title,
            "Your advice request was redirected"
        );

        // The first service no longer sees it; the new one sees the whole thread.
        assert!(matches!(
            advice::view(s, &w.specialist, id).await,
            Err(StoreError::NotFound)
        ));
        let dermatologist = staff_member(s, "Dr Skin", Role::Specialist, w.dermatology).await;
        let seen = advice::view(s, &dermatologist, id).await.unwrap();
        let kinds: Vec<&str> = seen.messages.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, vec!["sent", "reply"]);
        assert!(
            seen.messages[1]
                .body
                .starts_with("Redirected to Dermatology")
        );
        assert!(!seen.overdue);
        advice::reply(
            s,
            &dermatologist,
            id,
            &reply_input(Outcome::AdviceGiven, r.version),
        )
        .await
        .unwrap();
        let answered = row(s, id).await;
        assert_eq!(answered.answered_by, Some(dermatologist.user_id));
        assert_eq!(answered.within_standard, Some(true));
    }
}

#[tokio::test]
async fn a_final_reply_records_the_response_time_and_tells_the_gp() {
    let calendar = Calendar::england_and_wales();
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let told_before = notifications_for(s, w.gp.user_id).await.len();
        let missing = ReplyInput {
            patient_summary: String::new(),
            ..reply_input(Outcome::AdviceGiven, 2)
        };
        let refused = advice::reply(s, &w.specialist, id, &missing).await;
        assert_eq!(invalid_fields(refused), vec!["patient_summary"]);

        let outcome = advice::reply(s, &w.specialist, id, &reply_input(Outcome::AdviceGiven, 2))
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::AdviceGiven);
        let r = row(s, id).await;
        let at = r.answered_at.expect("answered_at");
        assert_eq!(r.status, Status::Answered.as_str(), "{:?}", w.db.backend);
        assert_eq!(r.answered_by, Some(w.specialist.user_id));
        assert_eq!(r.claimed_by, Some(w.specialist.user_id));
        assert_eq!(r.within_standard, Some(true));
        let started = r.clock_started_at.unwrap();
        assert_eq!(
            r.response_working_seconds,
            Some(calendar.working_seconds_between(started, at))
        );
        assert!(r.patient_summary.is_some());
        let told = notifications_for(s, w.gp.user_id).await;
        assert_eq!(told.len(), told_before + 1);
        let last = told.last().unwrap();
        assert_eq!(last.title, "Specialist advice has arrived");
        assert!(last.body.contains(&advice::reference(id)));
        assert_eq!(last.link.as_deref(), Some(format!("/advice/{id}").as_str()));

        // Changing the outcome later keeps the first answer's time.
        advice::reply(
            s,
            &w.specialist,
            id,
            &reply_input(Outcome::ReferralRecommended, 3),
        )
        .await
        .unwrap();
        let changed = row(s, id).await;
        assert_eq!(changed.answered_at, Some(at));
        assert_eq!(changed.outcome.as_deref(), Some("referral_recommended"));
    }
}
