//! The advice state machine, tested as a whole table.

use super::*;
use Status::*;

fn ctx(role: Role, claim: Claim) -> Context {
    Context { role, claim }
}

/// Every event worth its own row; `Reply` once per outcome.
fn events() -> Vec<Event> {
    let mut all = vec![
        Event::SaveDraft,
        Event::Send,
        Event::Claim,
        Event::Release,
        Event::GpRespond,
        Event::PostMessage,
        Event::Close,
    ];
    all.extend(Outcome::ALL.into_iter().map(Event::Reply));
    all
}

/// The roles that may ever do the event.
fn permitted_roles(event: Event) -> &'static [Role] {
    match event {
        Event::SaveDraft => &[Role::Gp, Role::PracticeStaff],
        Event::Send | Event::GpRespond | Event::Close => &[Role::Gp],
        Event::Claim | Event::Release | Event::Reply(_) => &[Role::Specialist],
        Event::PostMessage => &[
            Role::Gp,
            Role::PracticeStaff,
            Role::Specialist,
            Role::Secretary,
        ],
    }
}

/// The status after the event from each status (in `Status::ALL` order), for a permitted role;
/// `None` where the status forbids it. Claims are unclaimed, except release (claimed by the actor).
fn expected(event: Event) -> [Option<Status>; 5] {
    match event {
        Event::SaveDraft => [Some(Draft), None, None, None, None],
        Event::Send => [Some(Sent), None, None, None, None],
        Event::Claim | Event::Release => [None, Some(Sent), None, None, None],
        Event::Reply(o) => {
            let to = Some(o.resulting_status());
            [None, to, None, to.filter(|_| o.is_final()), None]
        }
        Event::GpRespond => [None, None, Some(Sent), None, None],
        Event::PostMessage => [
            None,
            Some(Sent),
            Some(AwaitingInformation),
            Some(Answered),
            None,
        ],
        Event::Close => [None, None, None, Some(Closed), None],
    }
}

#[test]
fn every_role_event_and_status_follows_the_table() {
    let mut checked = 0;
    for event in events() {
        let claim = if event == Event::Release {
            Claim::ByActor
        } else {
            Claim::Unclaimed
        };
        for role in Role::ALL {
            let permitted = permitted_roles(event).contains(&role);
            for (status, want) in Status::ALL.into_iter().zip(expected(event)) {
                let got = transition(status, event, ctx(role, claim));
                match (permitted, want) {
                    (false, _) => assert!(
                        matches!(got, Err(TransitionError::NotPermitted(_))),
                        "{role} {event:?} from {status:?}: {got:?}"
                    ),
                    (true, Some(next)) => {
                        assert_eq!(got, Ok(next), "{role} {event:?} from {status:?}")
                    }
                    (true, None) => assert!(
                        matches!(got, Err(TransitionError::WrongState(_))),
                        "{role} {event:?} from {status:?}: {got:?}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 13 * 9 * 5);
}

#[test]
fn practice_staff_may_draft_but_a_gp_must_send() {
    let staff = ctx(Role::PracticeStaff, Claim::Unclaimed);
    assert_eq!(transition(Draft, Event::SaveDraft, staff), Ok(Draft));
    let refused = transition(Draft, Event::Send, staff).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Only a GP can send an advice request. Save it as a draft for a GP to check and send"
    );
    assert_eq!(
        transition(Draft, Event::Send, ctx(Role::Gp, Claim::Unclaimed)),
        Ok(Sent)
    );
}

#[test]
fn a_secretary_may_post_messages_but_not_claim_or_reply() {
    let sec = ctx(Role::Secretary, Claim::Unclaimed);
    assert_eq!(transition(Sent, Event::PostMessage, sec), Ok(Sent));
    assert_eq!(
        transition(Sent, Event::Claim, sec).unwrap_err().message(),
        "Only a specialist can claim a request"
    );
    assert_eq!(
        transition(Sent, Event::Reply(Outcome::AdviceGiven), sec)
            .unwrap_err()
            .message(),
        "Only a specialist can give an outcome"
    );
}

#[test]
fn claims_belong_to_one_specialist_at_a_time() {
    let me = |claim| ctx(Role::Specialist, claim);
    assert_eq!(
        transition(Sent, Event::Claim, me(Claim::ByOther)),
        Err(TransitionError::WrongState(
            "Another specialist has already claimed this request"
        ))
    );
    assert_eq!(
        transition(Sent, Event::Claim, me(Claim::ByActor)),
        Err(TransitionError::WrongState(
            "You have already claimed this request"
        ))
    );
    assert_eq!(
        transition(Sent, Event::Release, me(Claim::Unclaimed)),
        Err(TransitionError::WrongState("This request is not claimed"))
    );
    // A colleague may free a request left claimed by someone who is away.
    assert_eq!(
        transition(Sent, Event::Release, me(Claim::ByOther)),
        Ok(Sent)
    );
    assert_eq!(
        transition(Sent, Event::Reply(Outcome::AdviceGiven), me(Claim::ByOther))
            .unwrap_err()
            .message(),
        "Another specialist has claimed this request. Ask them to release it first"
    );
    assert_eq!(
        transition(Sent, Event::Reply(Outcome::AdviceGiven), me(Claim::ByActor)),
        Ok(Answered)
    );
}

#[test]
fn the_service_may_change_an_outcome_until_the_gp_closes() {
    let spec = ctx(Role::Specialist, Claim::Unclaimed);
    let changed = transition(Answered, Event::Reply(Outcome::ConvertedToReferral), spec);
    assert_eq!(changed, Ok(Answered));
    for not_final in [Outcome::Redirected, Outcome::MoreInformationNeeded] {
        assert!(matches!(
            transition(Answered, Event::Reply(not_final), spec),
            Err(TransitionError::WrongState(_))
        ));
    }
    assert_eq!(
        transition(Closed, Event::Reply(Outcome::AdviceGiven), spec),
        Err(TransitionError::WrongState("This request is closed"))
    );
}

#[test]
fn more_information_pauses_until_the_gp_responds() {
    let spec = ctx(Role::Specialist, Claim::ByActor);
    let gp = ctx(Role::Gp, Claim::Unclaimed);
    let paused = transition(Sent, Event::Reply(Outcome::MoreInformationNeeded), spec).unwrap();
    assert_eq!(paused, AwaitingInformation);
    assert!(!paused.clock_running());
    assert!(matches!(
        transition(paused, Event::Reply(Outcome::AdviceGiven), spec),
        Err(TransitionError::WrongState(_))
    ));
    assert_eq!(
        transition(
            paused,
            Event::GpRespond,
            ctx(Role::PracticeStaff, Claim::Unclaimed)
        )
        .unwrap_err()
        .message(),
        "Only a GP can send the information the specialist asked for"
    );
    assert_eq!(transition(paused, Event::GpRespond, gp), Ok(Sent));
}

#[test]
fn closed_and_draft_requests_take_no_messages() {
    let gp = ctx(Role::Gp, Claim::Unclaimed);
    assert_eq!(
        transition(Closed, Event::PostMessage, gp)
            .unwrap_err()
            .message(),
        "This request is closed, so no more messages can be added"
    );
    assert_eq!(
        transition(Draft, Event::PostMessage, gp)
            .unwrap_err()
            .message(),
        "Messages can be added once the request has been sent"
    );
}

#[test]
fn roles_outside_the_exchange_are_refused_before_the_status_is_revealed() {
    for role in [
        Role::Patient,
        Role::Pharmacist,
        Role::InterfaceTeam,
        Role::Moderator,
        Role::Admin,
    ] {
        for event in events() {
            for status in Status::ALL {
                assert!(!is_allowed(status, event, ctx(role, Claim::Unclaimed)));
                assert!(matches!(
                    transition(status, event, ctx(role, Claim::Unclaimed)),
                    Err(TransitionError::NotPermitted(_))
                ));
            }
        }
    }
}
