//! How fast the plain-English checker reads a 300-word clinic letter (goal: over 2,000
//! letters a second on one core). Run: `cargo bench -p joinedup-core --bench letters_checker`.

use criterion::{Criterion, criterion_group, criterion_main};
use joinedup_core::letters::checker::Checker;
use std::hint::black_box;

/// A 300-word cardiology clinic letter to the GP, with jargon, a long sentence, GP requests in
/// the prose and an action list: every part of the checker has work to do.
const LETTER: &str = "Cardiology Outpatient Clinic
Re: Mr Daniel Osei, DOB 14/03/1958, NHS number 999 123 4567

Dear Dr Rahman,

Diagnoses:
1. HFrEF, LVEF 35% on TTE
2. Paroxysmal AF, CHA2DS2-VASc 3
3. T2DM, CKD stage 3a

Thank you for referring this 67-year-old gentleman, who I saw in clinic today with \
increasing SOBOE and bilateral ankle oedema over the last 3/12. He denies CP, orthopnoea or \
PND. O/E he was euvolaemic, HR 88 irregular, BP 142/86, and his chest was clear. His ECG \
showed AF with a controlled ventricular rate and LBBB, and his NT-proBNP was 2,400.

I have increased his bisoprolol to 5 mg OD and started dapagliflozin 10 mg OD, and I would \
be grateful if you could check his U&Es and eGFR in 2/52, because his renal function has been \
borderline and we need to be sure it has not dropped after the change in his medicines. \
Please could you also refer him to the community heart failure nurses. He should continue \
apixaban 5 mg BD and furosemide 40 mg OM.

He lives with his wife in a ground floor flat and still works part time as a bus driver. \
He stopped smoking ten years ago and drinks about six units of alcohol a week. He walks his \
dog every morning but now has to stop twice on the way back up the hill.

We will repeat the echocardiogram in 6/12 to see whether his LV function has improved on \
treatment. If he does not attend, please re-refer him. His results will be sent to you to \
action. He was given 5 days' supply of the new tablets.

Actions for GP:
- Check U&Es and eGFR in 2 weeks
- Up-titrate ramipril if BP remains above 140/90

I will see him again in clinic in 3/12.

Yours sincerely,

Dr Ama Mensah
Consultant Cardiologist
";

fn bench_check(c: &mut Criterion) {
    let checker = Checker::standard();
    let words = LETTER.split_whitespace().count();
    assert!((280..=330).contains(&words), "the letter has {words} words");
    c.bench_function("check a 300-word letter", |b| {
        b.iter(|| checker.check(black_box(LETTER)))
    });
    c.bench_function("build the standard checker", |b| b.iter(Checker::standard));
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
