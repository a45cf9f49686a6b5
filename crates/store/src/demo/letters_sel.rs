//! A year of clinic letters and discharge summaries at south east London volume for the `sel`
//! scale: about 2,000,000 clinic letters and 600,000 discharge summaries in the 12 months
//! before now (`DOMAIN.md`), scaled with the number of patients.
//!
//! Patients are picked as they are generated ([`LetterSampler`]), each with the same chance, so
//! every practice gets letters in proportion to its list. Each pick is an episode of care: a
//! patient under one service, which writes one or more clinic letters, or a discharge summary
//! (sometimes two) and perhaps clinic letters after it. The episode puts the patient on the
//! service's caseload, as a referral or an admission, before its first letter. Services are
//! chosen by how much each specialty writes, children only by the children's services, older
//! people by the memory service and not the adult mental health ones.
//!
//! How each letter went is told in [`super::letters_sel_story`]; its body comes from
//! [`super::letters_sel_text`]. Rows are written chunk by chunk in the seeding transaction
//! (caseloads, letters, then their GP actions), so memory holds only the picks, 22 bytes
//! per episode.

use super::Progress;
use super::letters_curated::LetterRows;
use super::letters_sel_story::Generator;
use super::rows::ServiceMade;
use super::writer::{BulkWriter, Encoded};
use crate::Result;
use crate::letters::entity::{letter, letter_action};
use crate::people::entity::service_patient;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::DatabaseBackend;
use std::collections::HashSet;
use time::OffsetDateTime;
use uuid::Uuid;

/// South east London's registered patients, whom the yearly volumes below are for.
const SEL_PATIENTS: f64 = 2_000_000.0;

/// Clinic letters a year per registered patient: 2 million for south east London.
pub(super) const CLINIC_LETTERS_PER_PATIENT_YEAR: f64 = 2_000_000.0 / SEL_PATIENTS;

/// Discharge summaries a year per registered patient: 600,000 for south east London.
pub(super) const DISCHARGE_SUMMARIES_PER_PATIENT_YEAR: f64 = 600_000.0 / SEL_PATIENTS;

/// Clinic letters in an outpatient episode: one, and each follow-up with these chances.
const FOLLOW_UPS: [f64; 4] = [0.40, 0.40, 0.15, 0.05];

/// Clinic letters after an admission, with these chances (0, 1, 2).
const AFTER_ADMISSION: [f64; 3] = [0.60, 0.30, 0.10];

/// The share of admissions followed by a second one (a readmission) in the year.
const READMITTED: f64 = 0.10;

/// Mean clinic letters of an outpatient episode.
const CLINIC_PER_OUTPATIENT: f64 = 1.0 + 0.40 + 2.0 * 0.15 + 3.0 * 0.05;

/// Mean clinic letters after an admission.
const CLINIC_PER_ADMISSION: f64 = 0.30 + 2.0 * 0.10;

/// Admissions (episodes with discharge summaries) per patient a year.
const ADMISSIONS_PER_PATIENT: f64 = DISCHARGE_SUMMARIES_PER_PATIENT_YEAR / (1.0 + READMITTED);

/// Outpatient episodes per patient a year: what the clinic letters after admissions leave.
const OUTPATIENT_PER_PATIENT: f64 = (CLINIC_LETTERS_PER_PATIENT_YEAR
    - ADMISSIONS_PER_PATIENT * CLINIC_PER_ADMISSION)
    / CLINIC_PER_OUTPATIENT;

/// The tables the year fills, whose indexes are built once at the end (see
/// [`BulkWriter::set_aside`]).
const LOADED: [&str; 3] = ["service_patients", "letters", "letter_actions"];

/// One patient's time under one service in the year, as picked.
#[derive(Debug, Clone, Copy)]
pub(super) struct Episode {
    /// The patient.
    pub patient: Uuid,
    /// Their practice's index in the practice list.
    pub practice: u16,
    /// Their age in years.
    pub age: u8,
    /// Clinic letters.
    pub clinic: u8,
    /// Discharge summaries (0 for an outpatient episode).
    pub discharges: u8,
}

/// Picks episodes of care as the patients are generated.
pub(super) struct LetterSampler {
    rng: StdRng,
    /// The episodes picked so far, a patient's together.
    pub episodes: Vec<Episode>,
    /// The letters they will write.
    pub letters: u64,
}

impl LetterSampler {
    /// A sampler expecting about `patients` patients.
    pub fn new(patients: u64) -> Self {
        let per_patient = ADMISSIONS_PER_PATIENT + OUTPATIENT_PER_PATIENT;
        let expected = (patients as f64 * per_patient * 1.01) as usize;
        Self {
            rng: StdRng::seed_from_u64(20_260_604),
            episodes: Vec::with_capacity(expected),
            letters: 0,
        }
    }

    /// Offers one patient of practice `practice`, aged `age`: picks their episodes, if any.
    pub fn offer(&mut self, patient: Uuid, practice: usize, age: u8) {
        let practice = u16::try_from(practice).expect("fewer than 65,536 practices");
        let admissions = poisson(&mut self.rng, ADMISSIONS_PER_PATIENT);
        let outpatient = poisson(&mut self.rng, OUTPATIENT_PER_PATIENT);
        for admitted in (0..admissions)
            .map(|_| true)
            .chain((0..outpatient).map(|_| false))
        {
            let (clinic, discharges) = if admitted {
                let again = u8::from(self.rng.random::<f64>() < READMITTED);
                (pick(&mut self.rng, &AFTER_ADMISSION), 1 + again)
            } else {
                (1 + pick(&mut self.rng, &FOLLOW_UPS), 0)
            };
            self.letters += u64::from(clinic + discharges);
            self.episodes.push(Episode {
                patient,
                practice,
                age,
                clinic,
                discharges,
            });
        }
    }
}

/// A draw from a Poisson distribution with mean `mean` (Knuth's method: means here are small).
fn poisson(rng: &mut StdRng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let (mut k, mut p) = (0, rng.random::<f64>());
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// An index drawn with the chances in `weights` (which sum to 1).
pub(super) fn pick(rng: &mut StdRng, weights: &[f64]) -> u8 {
    let mut x: f64 = rng.random();
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i as u8;
        }
        x -= w;
    }
    (weights.len() - 1) as u8
}

/// A practice as letters reach it: its id and who acknowledges letters and works GP actions.
pub(super) struct LetterPractice {
    /// The practice.
    pub id: Uuid,
    /// Its GP and practice staff accounts.
    pub readers: Vec<Uuid>,
}

/// A service as it writes letters.
pub(super) struct LetterService {
    /// The service.
    pub made: ServiceMade,
    /// Its specialist, who signs: user id and name.
    pub signer: (Uuid, String),
    /// Its medical secretary, who types most letters from dictation.
    pub secretary: Uuid,
}

/// Who writes and who receives the letters.
pub(super) struct SelLetterCast {
    /// Each practice, in the order the sampler numbers them.
    pub practices: Vec<LetterPractice>,
    /// Each service.
    pub services: Vec<LetterService>,
    /// (service, patient) pairs already on a caseload (the hand-written letters').
    pub on_caseload: HashSet<(Uuid, Uuid)>,
}

/// One batch of generated rows, encoded for the database on the generator's thread.
struct Batch {
    caseload: Encoded,
    letters: Encoded,
    actions: Encoded,
    /// How many letters it holds.
    count: u64,
}

/// Writes the letters of every episode, reporting progress; returns how many. The rows are
/// made and encoded on a thread of their own, a batch or two ahead, so that the database
/// (SQLite's worker thread, or the PostgreSQL server) is kept busy rather than waiting for
/// each next batch: on two cores, the difference between one core's work and two.
pub(super) async fn write_year(
    w: &mut BulkWriter,
    cast: SelLetterCast,
    sampler: LetterSampler,
    now: OffsetDateTime,
    progress: &mut impl FnMut(Progress),
) -> Result<u64> {
    let set_aside = w.set_aside(&LOADED).await?;
    let (total, batch_rows, backend) = (sampler.letters, w.batch_rows(), w.backend());
    let (tx, mut rx) = tokio::sync::mpsc::channel(2);
    let generating = tokio::task::spawn_blocking(move || {
        generate(&cast, sampler.episodes, now, (backend, batch_rows), &tx)
    });
    let mut done = 0u64;
    while let Some(batch) = rx.recv().await {
        let batch: Batch = batch?;
        w.insert_encoded::<service_patient::ActiveModel>(batch.caseload)
            .await?;
        w.insert_encoded::<letter::ActiveModel>(batch.letters)
            .await?;
        w.insert_encoded::<letter_action::ActiveModel>(batch.actions)
            .await?;
        done += batch.count;
        progress(Progress {
            step: "letters",
            done,
            total,
        });
    }
    generating.await.map_err(anyhow::Error::from)?;
    progress(Progress {
        step: "letter indexes",
        done: 0,
        total: 1,
    });
    w.restore(set_aside).await?;
    progress(Progress {
        step: "letter indexes",
        done: 1,
        total: 1,
    });
    Ok(done)
}

/// Makes the rows of every episode and sends them to `tx` in batches of about `batch_rows`
/// letters, encoded for `backend`; stops early if the writer has stopped listening.
fn generate(
    cast: &SelLetterCast,
    episodes: Vec<Episode>,
    now: OffsetDateTime,
    (backend, batch_rows): (DatabaseBackend, usize),
    tx: &tokio::sync::mpsc::Sender<Result<Batch>>,
) {
    let mut g = Generator::new(cast, now);
    let mut out = LetterRows::default();
    let encode = |rows: LetterRows| -> Result<Batch> {
        Ok(Batch {
            count: rows.letters.len() as u64,
            caseload: Encoded::new(backend, rows.caseload)?,
            letters: Encoded::new(backend, rows.letters)?,
            actions: Encoded::new(backend, rows.actions)?,
        })
    };
    let mut episodes = episodes.into_iter().peekable();
    while episodes.peek().is_some() {
        for e in episodes.by_ref() {
            g.episode(&e, &mut out);
            if out.letters.len() >= batch_rows {
                break;
            }
        }
        if tx.blocking_send(encode(std::mem::take(&mut out))).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episodes_give_about_ten_clinic_letters_for_three_discharge_summaries() {
        let mut s = LetterSampler::new(200_000);
        for i in 0..200_000 {
            s.offer(Uuid::nil(), i % 20, 40);
        }
        let clinic: u64 = s.episodes.iter().map(|e| u64::from(e.clinic)).sum();
        let discharges: u64 = s.episodes.iter().map(|e| u64::from(e.discharges)).sum();
        assert_eq!(clinic + discharges, s.letters);
        let per = |n: u64| n as f64 / 200_000.0;
        assert!((per(clinic) - 1.0).abs() < 0.02, "{}", per(clinic));
        assert!((per(discharges) - 0.3).abs() < 0.01, "{}", per(discharges));
        assert_eq!(std::mem::size_of::<Episode>(), 22);
    }
}
