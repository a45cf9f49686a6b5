//! Who may see what: the one place where access rules live.
//!
//! Store queries scope by the same facts, and then check each row they load against
//! [`may_view_patient`], so a rule is written once and tested here as a table.

use super::Role;
use uuid::Uuid;

/// A signed-in user acting in one role for one organisation (or as a patient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user.
    pub user_id: Uuid,
    /// The role of the membership they act in.
    pub role: Role,
    /// The organisation acted for (practice, trust, ICB, pharmacy); `None` for patients.
    pub organisation_id: Option<Uuid>,
    /// The specialist service acted for, for specialists and secretaries.
    pub service_id: Option<Uuid>,
    /// Patient records the user may see as that patient or as a consented carer.
    pub linked_patient_ids: Vec<Uuid>,
}

/// What a patient record's access depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientFacts {
    /// The record.
    pub patient_id: Uuid,
    /// The GP practice the patient is registered with.
    pub registered_practice_id: Uuid,
    /// Services that have sent or received work about this patient (advice, letters, shared care).
    pub involved_service_ids: Vec<Uuid>,
}

/// Things a role may do, independent of any one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Search the patients registered at the practice acted for.
    FindPatients,
    /// Register a patient at the practice acted for.
    RegisterPatients,
    /// See a patient's own record (and the records they care for).
    ViewOwnRecord,
    /// See programme figures (never identifiable records).
    ViewFigures,
    /// Moderate the public conversation.
    Moderate,
    /// Manage organisations, services and users.
    Administer,
}

/// True when the actor's role grants the capability.
pub fn can(actor: &Actor, capability: Capability) -> bool {
    use Capability::*;
    use Role::*;
    match capability {
        FindPatients | RegisterPatients => {
            matches!(actor.role, Gp | PracticeStaff) && actor.organisation_id.is_some()
        }
        ViewOwnRecord => actor.role == Patient,
        ViewFigures => matches!(actor.role, InterfaceTeam),
        Moderate => actor.role == Moderator,
        Administer => actor.role == Admin,
    }
}

/// True when the actor may see this patient's record.
///
/// GPs and practice staff see patients registered at the practice they act for; specialists
/// and secretaries see patients whose work was sent to or by their service; patients and
/// carers see their own and linked records; every other role sees no identifiable record.
pub fn may_view_patient(actor: &Actor, facts: &PatientFacts) -> bool {
    match actor.role {
        Role::Gp | Role::PracticeStaff => {
            actor.organisation_id == Some(facts.registered_practice_id)
        }
        Role::Specialist | Role::Secretary => actor
            .service_id
            .is_some_and(|s| facts.involved_service_ids.contains(&s)),
        Role::Patient => actor.linked_patient_ids.contains(&facts.patient_id),
        Role::Pharmacist | Role::InterfaceTeam | Role::Moderator | Role::Admin => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN_PRACTICE: Uuid = Uuid::from_u128(1);
    const OTHER_PRACTICE: Uuid = Uuid::from_u128(2);
    const OWN_SERVICE: Uuid = Uuid::from_u128(3);
    const OTHER_SERVICE: Uuid = Uuid::from_u128(4);
    const TRUST: Uuid = Uuid::from_u128(5);
    const ICB: Uuid = Uuid::from_u128(6);
    const PATIENT: Uuid = Uuid::from_u128(7);

    fn actor(role: Role) -> Actor {
        let (org, service) = match role {
            Role::Gp | Role::PracticeStaff => (Some(OWN_PRACTICE), None),
            Role::Specialist | Role::Secretary => (Some(TRUST), Some(OWN_SERVICE)),
            Role::Pharmacist => (Some(Uuid::from_u128(8)), None),
            Role::Patient => (None, None),
            Role::InterfaceTeam | Role::Moderator | Role::Admin => (Some(ICB), None),
        };
        Actor {
            user_id: Uuid::from_u128(100),
            role,
            organisation_id: org,
            service_id: service,
            linked_patient_ids: if role == Role::Patient {
                vec![PATIENT]
            } else {
                vec![]
            },
        }
    }

    /// A record whose practice and services are the actor's own (`own`) or another's.
    fn record(own: bool) -> PatientFacts {
        PatientFacts {
            patient_id: if own { PATIENT } else { Uuid::from_u128(9) },
            registered_practice_id: if own { OWN_PRACTICE } else { OTHER_PRACTICE },
            involved_service_ids: vec![if own { OWN_SERVICE } else { OTHER_SERVICE }],
        }
    }

    #[test]
    fn patient_records_follow_the_access_table() {
        // role, may view a record of their own organisation/service/link, may view another's
        let table = [
            (Role::Gp, true, false),
            (Role::PracticeStaff, true, false),
            (Role::Specialist, true, false),
            (Role::Secretary, true, false),
            (Role::Pharmacist, false, false),
            (Role::Patient, true, false),
            (Role::InterfaceTeam, false, false),
            (Role::Moderator, false, false),
            (Role::Admin, false, false),
        ];
        assert_eq!(table.len(), Role::ALL.len());
        for (role, own, other) in table {
            let a = actor(role);
            assert_eq!(may_view_patient(&a, &record(true)), own, "{role} own");
            assert_eq!(may_view_patient(&a, &record(false)), other, "{role} other");
        }
    }

    #[test]
    fn capabilities_follow_the_access_table() {
        use Capability::*;
        let table = [
            (Role::Gp, [true, false, false, false, false]),
            (Role::PracticeStaff, [true, false, false, false, false]),
            (Role::Specialist, [false, false, false, false, false]),
            (Role::Secretary, [false, false, false, false, false]),
            (Role::Pharmacist, [false, false, false, false, false]),
            (Role::Patient, [false, true, false, false, false]),
            (Role::InterfaceTeam, [false, false, true, false, false]),
            (Role::Moderator, [false, false, false, true, false]),
            (Role::Admin, [false, false, false, false, true]),
        ];
        let caps = [
            FindPatients,
            ViewOwnRecord,
            ViewFigures,
            Moderate,
            Administer,
        ];
        for (role, expected) in table {
            for (cap, want) in caps.iter().zip(expected) {
                assert_eq!(can(&actor(role), *cap), want, "{role} {cap:?}");
            }
        }
    }

    #[test]
    fn a_practice_role_without_an_organisation_finds_no_one() {
        let mut a = actor(Role::Gp);
        a.organisation_id = None;
        assert!(!can(&a, Capability::FindPatients));
        assert!(!may_view_patient(&a, &record(true)));
    }

    #[test]
    fn a_carer_sees_only_linked_records() {
        let mut carer = actor(Role::Patient);
        let cared_for = Uuid::from_u128(42);
        carer.linked_patient_ids = vec![cared_for];
        let mut facts = record(false);
        facts.patient_id = cared_for;
        assert!(may_view_patient(&carer, &facts));
        assert!(!may_view_patient(&carer, &record(true)));
    }
}
