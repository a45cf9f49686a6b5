//! The GP's side after an answer, attachments and the patient's view.

use crate::support::*;
use joinedup_core::advice::{GpActionInput, MessageInput, Outcome, Status, check_attachment};
use joinedup_core::people::Role;
use joinedup_store::StoreError;
use joinedup_store::advice::entity::advice_attachment;
use joinedup_store::advice::{self, Submission};
use joinedup_store::platform::blobs::LocalBlobs;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

#[tokio::test]
async fn reading_and_closing_record_the_gps_action_and_end_the_thread() {
    for w in worlds().await {
        let s = w.store();
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        // Nothing to close before the specialist has answered.
        let early = advice::close(s, &w.gp, id, &GpActionInput::default(), 2).await;
        assert!(matches!(early, Err(StoreError::Conflict(_))));
        advice::reply(s, &w.specialist, id, &reply_input(Outcome::AdviceGiven, 2))
            .await
            .unwrap();
        assert!(matches!(
            advice::mark_read(s, &w.staff, id).await,
            Err(StoreError::Forbidden(_))
        ));
        advice::mark_read(s, &w.gp, id).await.unwrap();
        let read = row(s, id).await;
        let read_at = read.gp_read_at.expect("gp_read_at");
        advice::mark_read(s, &w.gp, id).await.unwrap();
        assert_eq!(
            row(s, id).await.gp_read_at,
            Some(read_at),
            "first reading only"
        );

        let blank = advice::close(s, &w.gp, id, &GpActionInput::default(), read.version).await;
        assert_eq!(invalid_fields(blank), vec!["action_taken"]);
        let action = GpActionInput {
            action_taken: "Requested anti-CCP; will review with the result.".into(),
        };
        assert!(matches!(
            advice::close(s, &w.staff, id, &action, read.version).await,
            Err(StoreError::Forbidden(_))
        ));
        advice::close(s, &w.gp, id, &action, read.version)
            .await
            .unwrap();
        let closed = row(s, id).await;
        assert_eq!(closed.status, Status::Closed.as_str(), "{:?}", w.db.backend);
        assert!(closed.closed_at.is_some());
        assert_eq!(closed.gp_read_at, Some(read_at));
        assert_eq!(
            closed.gp_action.as_deref(),
            Some("Requested anti-CCP; will review with the result.")
        );

        let thread = messages(s, id).await.len();
        let note = MessageInput {
            message: "One more thing".into(),
        };
        assert!(matches!(
            advice::post_message(s, &w.gp, id, &note).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            advice::post_message(s, &w.specialist, id, &note).await,
            Err(StoreError::Conflict(_))
        ));
        let late = reply_input(Outcome::AdviceGiven, closed.version);
        assert!(matches!(
            advice::reply(s, &w.specialist, id, &late).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(messages(s, id).await.len(), thread);
    }
}

/// A small valid PDF-looking file whose content differs by `n`.
fn pdf(n: usize) -> Vec<u8> {
    format!("%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n<< /Page {n} >>\nendobj\n").into_bytes()
}

#[tokio::test]
async fn attachments_round_trip_through_the_blob_store_and_stop_at_ten() {
    for w in worlds().await {
        let s = w.store();
        let dir = tempfile::tempdir().unwrap();
        let blobs = LocalBlobs::new(dir.path());
        let id = send(&w, w.own.id, w.rheumatology, false).await;
        let mut added = vec![];
        for n in 0..10 {
            let bytes = pdf(n);
            let checked =
                check_attachment(&format!("results {n}.pdf"), Some("application/pdf"), &bytes)
                    .unwrap();
            let a = advice::add_attachment(s, &blobs, &w.gp, id, &checked, &bytes)
                .await
                .unwrap();
            assert_eq!(a.content_type, "application/pdf");
            added.push((a, bytes));
        }
        let (first, bytes) = &added[0];
        let (meta, back) = advice::attachment(s, &blobs, &w.specialist, id, first.id)
            .await
            .unwrap();
        assert_eq!(&back, bytes, "{:?}", w.db.backend);
        assert_eq!(meta.file_name, "results 0.pdf");
        assert_eq!(meta.size_bytes as usize, bytes.len());

        let eleventh = pdf(11);
        let checked = check_attachment("one more.pdf", None, &eleventh).unwrap();
        let refused = advice::add_attachment(s, &blobs, &w.gp, id, &checked, &eleventh).await;
        assert_eq!(invalid_fields(refused), vec!["attachment"]);
        let stored = advice_attachment::Entity::find()
            .filter(advice_attachment::Column::RequestId.eq(id))
            .count(s.db())
            .await
            .unwrap();
        assert_eq!(stored, 10);
        // Someone who may not see the request cannot download its files.
        let outsider = staff_member(s, "Dr Outside", Role::Specialist, w.dermatology).await;
        assert!(matches!(
            advice::attachment(s, &blobs, &outsider, id, first.id).await,
            Err(StoreError::NotFound)
        ));
    }
}

#[tokio::test]
async fn the_patient_reads_plain_english_and_never_a_draft() {
    for w in worlds().await {
        let s = w.store();
        let jordan = w.patient.linked_patient_ids[0];
        let draft = request_to(w.rheumatology, false).parse_draft().unwrap();
        let draft_id = advice::submit(
            s,
            &w.gp,
            jordan,
            None,
            &Submission::Draft(draft),
            None,
            no_idempotency,
        )
        .await
        .unwrap();
        let waiting = send(&w, jordan, w.dermatology, false).await;
        let answered = send(&w, jordan, w.rheumatology, false).await;
        advice::reply(
            s,
            &w.specialist,
            answered,
            &reply_input(Outcome::AdviceGiven, 2),
        )
        .await
        .unwrap();

        let seen = advice::for_patient(s, &w.patient, jordan).await.unwrap();
        let by_ref = |id: Uuid| seen.iter().find(|a| a.reference == advice::reference(id));
        assert!(
            by_ref(draft_id).is_none(),
            "{:?}: drafts are not shown",
            w.db.backend
        );
        let w_seen = by_ref(waiting).expect("the waiting request");
        assert_eq!(w_seen.headline, "Your GP has asked a specialist for advice");
        assert_eq!(w_seen.summary, None);
        assert!(w_seen.service.contains("Dermatology at Guy's"));
        let a_seen = by_ref(answered).expect("the answered request");
        assert_eq!(a_seen.headline, Outcome::AdviceGiven.patient_label());
        assert_eq!(a_seen.next_steps, Outcome::AdviceGiven.patient_next_steps());
        assert_eq!(
            a_seen.summary.as_deref(),
            Some("Your GP will arrange a blood test and talk to you about the result.")
        );
        assert!(a_seen.answered_at.is_some());
        for a in &seen {
            assert!(!a.next_steps.contains("A&G") && !a.headline.contains("A&G"));
        }
        let log = audit_of(s, jordan).await;
        assert!(
            log.iter()
                .any(|e| e.0 == "advice.patient_view" && e.1 == "success")
        );

        // The carer is linked to two other people, not to Jordan; staff are not patients.
        for who in [&w.carer, &w.gp] {
            assert!(matches!(
                advice::for_patient(s, who, jordan).await,
                Err(StoreError::NotFound)
            ));
        }
    }
}
