//! Tests for rendering letters as PDFs: read back with lopdf, and the layout checked directly.

use super::*;
use lopdf::{Document, Object};

fn letter(sections: &[(&str, &[&str])]) -> PrintedLetter {
    let strings = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect();
    let section = |(h, b): &(&str, &[&str])| PrintedSection {
        heading: (*h).to_owned(),
        blocks: strings(b),
    };
    PrintedLetter {
        title: "Clinic letter".to_owned(),
        header_lines: strings(&["From: Diabetes clinic", "NHS number: 943 476 5919"]),
        sections: sections.iter().map(section).collect(),
        footer: "LT-1A2B-3C4D-5E6F".to_owned(),
    }
}

/// Renders, checks the bytes are a PDF that lopdf reads, and returns it with each page's text.
fn parse(letter: &PrintedLetter) -> (Document, Vec<String>) {
    let bytes = render(letter);
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let text = |n: &u32| doc.extract_text(&[*n]).expect("text extracts");
    let pages = doc.get_pages().keys().map(text).collect();
    (doc, pages)
}

/// How many of the document's dictionaries have `key` set to the name `value`.
fn count_named(doc: &Document, key: &[u8], value: &[u8]) -> usize {
    let named = |o: &Object| {
        o.as_dict()
            .ok()?
            .get(key)
            .ok()?
            .as_name()
            .ok()
            .map(|n| n == value)
    };
    doc.objects
        .values()
        .filter(|o| named(o) == Some(true))
        .count()
}

fn numbered(n: usize) -> Vec<String> {
    (1..=n)
        .map(|i| format!("Paragraph {i} of the plan."))
        .collect()
}

#[test]
fn a_letter_renders_as_a_pdf_with_its_headings() {
    let bullets: &[&str] = &["• Start metformin 500 mg twice daily", "• Stop gliclazide"];
    let (_, pages) = parse(&letter(&[
        ("Diagnosis", &["Type 2 diabetes, well controlled."]),
        ("Medication changes", bullets),
    ]));
    assert_eq!(pages.len(), 1);
    for text in [
        "Clinic letter",
        "NHS number: 943 476 5919",
        "Diagnosis",
        "Medication changes",
    ] {
        assert!(
            pages[0].contains(text),
            "{text:?} missing from {:?}",
            pages[0]
        );
    }
    assert!(pages[0].contains("Stop gliclazide\nLT-1A2B-3C4D-5E6F · page 1 of 1"));
}

#[test]
fn headings_are_bold_and_body_text_is_regular_helvetica() {
    let letter = letter(&[("Diagnosis", &["Asthma."])]);
    let (doc, _) = parse(&letter);
    assert_eq!(count_named(&doc, b"BaseFont", b"Helvetica-Bold"), 1);
    assert_eq!(count_named(&doc, b"BaseFont", b"Helvetica"), 1);
    let layout = lay_out(&letter);
    let bold = |wanted: &[u8]| {
        let is_wanted = |op: &&Op| matches!(op, Op::Text(.., text, _) if text == wanted);
        let op = layout.pages[0].iter().find(is_wanted);
        op.map(|op| matches!(op, Op::Text(style, ..) if style.bold))
    };
    assert_eq!(bold(b"Clinic letter"), Some(true));
    assert_eq!(bold(b"Diagnosis"), Some(true));
    assert_eq!(bold(b"Asthma."), Some(false));
}

#[test]
fn a_long_letter_breaks_across_pages_with_numbered_footers() {
    let blocks = numbered(80);
    let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
    let (_, pages) = parse(&letter(&[("Plan", &blocks)]));
    // A one-line paragraph takes 21 pt of the 721 pt a page holds: 29 fit under the title
    // block and heading on page 1, 34 on page 2, and the last 17 go on page 3.
    assert_eq!(pages.len(), 3);
    for (i, text) in pages.iter().enumerate() {
        let footer = format!("LT-1A2B-3C4D-5E6F · page {} of 3", i + 1);
        assert!(text.contains(&footer), "{footer:?} missing from {text:?}");
    }
    assert!(pages[0].contains("Paragraph 29 of") && pages[1].contains("Paragraph 30 of"));
    assert!(pages[1].contains("Paragraph 63 of") && pages[2].contains("Paragraph 64 of"));
}

#[test]
fn a_heading_is_never_left_alone_at_the_foot_of_a_page() {
    // 32 bullets (18 pt each) leave room for the next heading but not for its text too.
    let filler: Vec<String> = numbered(32).iter().map(|p| format!("• {p}")).collect();
    let filler: Vec<&str> = filler.iter().map(String::as_str).collect();
    let letter = letter(&[("Filler", &filler), ("Follow-up", &["Review in clinic."])]);
    let layout = lay_out(&letter);
    let on = |page: usize, wanted: &[u8]| {
        let is_wanted = |op: &Op| matches!(op, Op::Text(.., text, _) if text == wanted);
        layout.pages[page].iter().any(is_wanted)
    };
    assert!(on(0, b"Paragraph 32 of the plan.") && on(1, b"Follow-up"));
    assert!(on(1, b"Review in clinic."));
}

#[test]
fn the_pdf_is_tagged_with_its_headings_paragraphs_and_lists() {
    let bullets: &[&str] = &["• Salbutamol as needed", "• Beclometasone twice daily"];
    let (doc, _) = parse(&letter(&[
        ("Diagnosis", &["Asthma."]),
        ("Medication", bullets),
    ]));
    let roles = ["Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody"];
    let counts = roles.map(|role| count_named(&doc, b"S", role.as_bytes()));
    assert_eq!(counts, [1, 1, 2, 3, 1, 2, 2, 2]);
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.has(b"StructTreeRoot") && catalog.has(b"MarkInfo"));
}

#[test]
fn unusual_characters_do_not_break_the_pdf() {
    let names = "“Quoted” £20 µg 5 μg ≤ 7 Łukasz Dvořák Ștefan";
    let odd: &[&str] = &["\u{0}\u{7}tab\there\r\nnext", "e\u{301}\u{ad}", "• ", "  "];
    let long_word = "x".repeat(5000);
    let mut letter = letter(&[
        ("Notes 😀 漢字", odd),
        ("", &[]),
        ("Medicines", &[&long_word]),
    ]);
    letter.title = "Discharge summary – Zoë O’Brien".to_owned();
    letter.header_lines = vec![names.to_owned(), String::new()];
    letter.sections[2]
        .blocks
        .push("β-blocker ↑ dose → 5 mg".to_owned());
    letter.footer = "ref ".repeat(200);
    let (_, pages) = parse(&letter);
    let all = pages.concat();
    for text in [
        "Discharge summary – Zoë O’Brien",
        "“Quoted” £20 µg 5 µg <= 7 Lukasz Dvorák Stefan",
        "Notes ? ??",
        "tab here\nnext",
        "beta-blocker up dose -> 5 mg",
    ] {
        assert!(all.contains(text), "{text:?} missing from {all:?}");
    }
    // The 5,000-letter word is cut across lines and spills onto a second page.
    assert_eq!(pages.len(), 2);
    assert!(
        pages[1].contains("ref ref ref r… · page 2 of 2"),
        "{}",
        pages[1]
    );
}

#[test]
fn characters_outside_win_ansi_become_close_forms_or_a_question_mark() {
    assert_eq!(encode("Zoë – “µg”"), b"Zo\xEB \x96 \x93\xB5g\x94");
    assert_eq!(encode("Łódź Ş ≥ 2 ℃ β"), b"L\xF3dz S >= 2 \xB0C beta");
    assert_eq!(encode("e\u{301}\u{200b}\u{0}\u{ad}"), b"e");
    assert_eq!(encode("漢 😀"), b"? ?");
    assert_eq!((LATIN_EXTENDED_A.len(), fallback('ſ')), (128, "s"));
}

#[test]
fn long_words_are_broken_and_no_line_is_wider_than_the_text() {
    let lines = wrap(
        &format!("short {} words after", "A".repeat(300)),
        BODY,
        TEXT_W,
    );
    assert!(lines.len() >= 4 && lines.iter().all(|l| width(l, BODY) <= TEXT_W));
    assert_eq!(lines.concat().iter().filter(|&&b| b == b'A').count(), 300);
    assert_eq!(lines.first().map(Vec::as_slice), Some(&b"short"[..]));
    assert!(lines.last().is_some_and(|l| l.ends_with(b"A words after")));
}

#[test]
fn widths_follow_the_helvetica_metrics() {
    // From the AFM files: "H" 722, "i" 222 and "l" 222 units in Helvetica; "i" 278 in bold.
    assert!((width(b"Hil", BODY) - 1166.0 * 11.0 / 1000.0).abs() < 0.001);
    assert!((width(b"i", HEADING) - 278.0 * 13.0 / 1000.0).abs() < 0.001);
}

#[test]
fn an_empty_letter_is_still_one_valid_page() {
    let (_, pages) = parse(&PrintedLetter {
        title: String::new(),
        header_lines: vec![],
        sections: vec![],
        footer: String::new(),
    });
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("page 1 of 1"));
}
