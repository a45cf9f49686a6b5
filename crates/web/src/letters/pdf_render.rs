//! Renders a structured clinic letter or discharge summary as an A4 PDF for GP practice
//! systems that file PDFs, keeping its structure: headings print in bold, and the PDF is tagged
//! (title `H1`, a `Sect` per section with an `H2` heading, paragraphs `P`, bullets `L`/`LI`),
//! so screen readers and text extraction see the headings too.
//!
//! It uses `pdf-writer` (the small, dependency-light writer behind Typst): it writes exactly
//! the objects asked for, and text uses the standard PDF fonts Helvetica and Helvetica-Bold,
//! so no font file is shipped or embedded. Those fonts use WinAnsi encoding; characters outside
//! it become a close form ("Ł" → "L", "≤" → "<=", "β" → "beta") or "?". Lines are wrapped with
//! the fonts' AFM widths, tabled at the end of this file.

use pdf_writer::types::StructRole;
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A letter laid out for print: title block, then headed sections of paragraphs and lists.
pub struct PrintedLetter {
    /// e.g. "Clinic letter" or "Discharge summary"
    pub title: String,
    /// Lines under the title: reference, from (service, trust), to (patient / GP), dates, NHS number.
    pub header_lines: Vec<String>,
    /// Sections in reading order.
    pub sections: Vec<PrintedSection>,
    /// Footer line printed on every page, e.g. "LT-1A2B-3C4D-5E6F"; " · page N of M" is added.
    pub footer: String,
}

/// One headed section.
pub struct PrintedSection {
    /// The section's heading, printed in bold.
    pub heading: String,
    /// Each block is a paragraph; a block starting with "• " is a bullet item.
    pub blocks: Vec<String>,
}

/// Renders the letter as PDF bytes (A4, headings in bold, text wrapped, page breaks as needed,
/// page numbers in the footer). Never panics on any input text (long words, empty sections,
/// non-ASCII such as "Zoë", "–", "“ ”", "µg").
pub fn render(letter: &PrintedLetter) -> Vec<u8> {
    write(letter, &lay_out(letter))
}

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7;
const BODY_BOTTOM: f32 = 64.0;
const FOOTER_Y: f32 = 34.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN;
const BULLET_INDENT: f32 = 16.0;
const BULLET: u8 = 0x95;
const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const REGULAR: Ref = Ref::new(3);
const BOLD: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const STRUCT_ROOT: Ref = Ref::new(6);

/// A text style: bold or regular Helvetica, size and line height in points.
#[derive(Clone, Copy)]
struct Style {
    bold: bool,
    size: f32,
    leading: f32,
}

const fn style(bold: bool, size: f32, leading: f32) -> Style {
    Style {
        bold,
        size,
        leading,
    }
}

const TITLE: Style = style(true, 20.0, 25.0);
const HEADER: Style = style(false, 10.5, 14.0);
const HEADING: Style = style(true, 13.0, 18.0);
const BODY: Style = style(false, 11.0, 15.0);
const FOOTER: Style = style(false, 9.0, 11.0);

/// One thing drawn on a page.
enum Op {
    /// A line of WinAnsi text: its style, baseline start (x, y), bytes and structure element.
    Text(Style, f32, f32, Vec<u8>, usize),
    /// A rule across the text width at this y (decoration, so an artifact).
    Rule(f32),
}

/// A structure element: its role and its parent's index (`usize::MAX` for the document,
/// element 0, whose parent is the structure tree root).
struct Elem(StructRole, usize);

/// The letter laid out: pages of drawing operations, the cursor and structure elements.
struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
    elems: Vec<Elem>,
}

impl Layout {
    fn new() -> Self {
        let (pages, elems) = (
            vec![Vec::new()],
            vec![Elem(StructRole::Document, usize::MAX)],
        );
        Self {
            pages,
            y: PAGE_H - MARGIN,
            elems,
        }
    }

    /// Adds a structure element under `parent` and returns its index.
    fn elem(&mut self, role: StructRole, parent: usize) -> usize {
        self.elems.push(Elem(role, parent));
        self.elems.len() - 1
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    /// Starts a new page unless `height` more points fit above the bottom margin.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BODY_BOTTOM && !self.page_is_empty() {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN;
        }
    }

    /// Moves down by `gap` points, except at the top of a page.
    fn gap(&mut self, gap: f32) {
        if !self.page_is_empty() {
            self.y -= gap;
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Puts one line at `x` on the current line, without moving down.
    fn put(&mut self, style: Style, x: f32, text: Vec<u8>, elem: usize) {
        self.push(Op::Text(style, x, self.y - style.size, text, elem));
    }

    /// Sets `text` wrapped to the text width less `indent`, as lines of the element `elem`.
    fn text(&mut self, style: Style, indent: f32, text: &str, elem: usize) {
        for line in wrap(text, style, TEXT_W - indent) {
            self.ensure(style.leading);
            self.put(style, MARGIN + indent, line, elem);
            self.y -= style.leading;
        }
    }

    /// Sets a bullet item of the list `list`: the marker as its label, the text indented.
    fn bullet(&mut self, text: &str, list: usize) {
        let item = self.elem(StructRole::LI, list);
        let label = self.elem(StructRole::Lbl, item);
        let body = self.elem(StructRole::LBody, item);
        self.ensure(BODY.leading);
        self.put(BODY, MARGIN + 4.0, vec![BULLET], label);
        self.text(BODY, BULLET_INDENT, text, body);
    }
}

/// Lays out the title block, a rule, then each section.
fn lay_out(letter: &PrintedLetter) -> Layout {
    let mut layout = Layout::new();
    if !letter.title.trim().is_empty() {
        let title = layout.elem(StructRole::H1, 0);
        layout.text(TITLE, 0.0, letter.title.trim(), title);
        layout.gap(6.0);
    }
    for line in non_blank(&letter.header_lines) {
        let p = layout.elem(StructRole::P, 0);
        layout.text(HEADER, 0.0, line, p);
    }
    if !layout.page_is_empty() {
        layout.gap(8.0);
        layout.push(Op::Rule(layout.y));
        layout.gap(4.0);
    }
    for section in &letter.sections {
        lay_out_section(&mut layout, section);
    }
    layout
}

/// Lays out one section: its heading, kept with the start of its text, then its blocks.
fn lay_out_section(layout: &mut Layout, section: &PrintedSection) {
    let heading = section.heading.trim();
    let blocks = non_blank(&section.blocks).filter(|b| *b != "•"); // skip empty bullets
    if heading.is_empty() && blocks.clone().next().is_none() {
        return;
    }
    let sect = layout.elem(StructRole::Sect, 0);
    layout.gap(12.0);
    if !heading.is_empty() {
        layout.ensure(HEADING.leading + 2.0 * BODY.leading);
        let h2 = layout.elem(StructRole::H2, sect);
        layout.text(HEADING, 0.0, heading, h2);
        layout.gap(3.0);
    }
    let mut list = None;
    for block in blocks {
        if let Some(item) = block.strip_prefix('•') {
            let list = *list.get_or_insert_with(|| layout.elem(StructRole::L, sect));
            layout.bullet(item.trim_start(), list);
            layout.gap(3.0);
        } else {
            if list.take().is_some() {
                layout.gap(3.0);
            }
            let p = layout.elem(StructRole::P, sect);
            layout.text(BODY, 0.0, block, p);
            layout.gap(6.0);
        }
    }
}

/// The trimmed strings that are not blank.
fn non_blank(strings: &[String]) -> impl Iterator<Item = &str> + Clone {
    strings.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// Wraps text into WinAnsi lines no wider than `max` points, keeping its line breaks and
/// breaking words longer than a line. Always returns at least one (maybe empty) line.
fn wrap(text: &str, style: Style, max: f32) -> Vec<Vec<u8>> {
    let space = width(b" ", style);
    let mut lines = Vec::new();
    for hard_line in text.lines() {
        let mut line: Vec<u8> = Vec::new();
        let encoded = encode(hard_line);
        for word in encoded.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() && width(&line, style) + space + width(word, style) <= max {
                line.push(b' ');
                line.extend_from_slice(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word; // a word wider than a line is cut where it fills one
            let mut cut = fitting_prefix(rest, style, max);
            while cut < rest.len() {
                lines.push(rest[..cut].to_vec());
                rest = &rest[cut..];
                cut = fitting_prefix(rest, style, max);
            }
            line.extend_from_slice(rest);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// The length of the longest start of `text` no wider than `max` points, but at least 1.
fn fitting_prefix(text: &[u8], style: Style, max: f32) -> usize {
    let mut used = 0.0;
    for (i, &byte) in text.iter().enumerate() {
        used += width(&[byte], style);
        if used > max {
            return i.max(1);
        }
    }
    text.len()
}

/// The width in points of WinAnsi `text` set in `style`.
fn width(text: &[u8], style: Style) -> f32 {
    let table = [&HELVETICA, &HELVETICA_BOLD][usize::from(style.bold)];
    let glyph = |b: u8| u32::from(table[usize::from(b.saturating_sub(32))]);
    text.iter().map(|&b| glyph(b)).sum::<u32>() as f32 * style.size / 1000.0
}

/// The footer of page `page` of `pages`: the letter's footer, shortened with "…" to fit one
/// line, then " · page N of M".
fn footer_line(footer: &str, page: usize, pages: usize) -> Vec<u8> {
    let numbers = encode(&format!("page {page} of {pages}"));
    let mut text = encode(&footer.split_whitespace().collect::<Vec<_>>().join(" "));
    let room = TEXT_W - width(&numbers, FOOTER) - width(b" \xB7 \x85", FOOTER);
    if width(&text, FOOTER) > room {
        text.truncate(fitting_prefix(&text, FOOTER, room));
        text.push(0x85);
    }
    if !text.is_empty() {
        text.extend_from_slice(b" \xB7 ");
    }
    text.extend_from_slice(&numbers);
    text
}

/// Object numbers of the PDF's objects that come one per page or structure element.
struct Ids {
    page: Vec<Ref>,
    content: Vec<Ref>,
    parents: Vec<Ref>,
    elems: Vec<Ref>,
}

/// Writes the laid-out letter as a tagged PDF.
fn write(letter: &PrintedLetter, layout: &Layout) -> Vec<u8> {
    let mut next = Ref::new(STRUCT_ROOT.get() + 1);
    let mut refs = |n: usize| (0..n).map(|_| next.bump()).collect::<Vec<_>>();
    let n = layout.pages.len();
    let (page, content, parents) = (refs(n), refs(n), refs(n));
    let elems = refs(layout.elems.len());
    let ids = Ids {
        page,
        content,
        parents,
        elems,
    };
    let mut pdf = Pdf::new();
    let mut marks = vec![Vec::new(); layout.elems.len()];
    for index in 0..n {
        let footer = footer_line(&letter.footer, index + 1, n);
        write_page(&mut pdf, &ids, layout, index, &footer, &mut marks);
    }
    for (id, base) in [(REGULAR, "Helvetica"), (BOLD, "Helvetica-Bold")] {
        let mut font = pdf.type1_font(id);
        font.base_font(Name(base.as_bytes()));
        font.encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    write_structure(&mut pdf, &ids, layout, &marks);
    let mut catalog = pdf.catalog(CATALOG);
    catalog.pages(PAGES).lang(TextStr("en-GB"));
    catalog.pair(Name(b"StructTreeRoot"), STRUCT_ROOT);
    catalog.mark_info().marked(true);
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();
    pdf.pages(PAGES)
        .kids(ids.page.iter().copied())
        .count(count(n));
    let mut info = pdf.document_info(INFO);
    info.title(TextStr(letter.title.trim()))
        .producer(TextStr("joinedup"));
    info.finish();
    pdf.finish()
}

/// A count or index as a PDF integer.
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Writes page `index` with its footer: each text line is marked content of its structure
/// element, whose (page, marked-content id) is added to `marks`; the rest are artifacts.
fn write_page(
    pdf: &mut Pdf,
    ids: &Ids,
    layout: &Layout,
    index: usize,
    footer: &[u8],
    marks: &mut [Vec<(usize, i32)>],
) {
    let mut content = Content::new();
    let mut owners = Vec::new();
    for op in &layout.pages[index] {
        match op {
            Op::Text(style, x, y, text, elem) => {
                let mcid = count(owners.len());
                owners.push(ids.elems[*elem]);
                marks[*elem].push((index, mcid));
                let tag = layout.elems[*elem].0.to_name();
                content
                    .begin_marked_content_with_properties(tag)
                    .properties()
                    .identify(mcid);
                show(&mut content, *style, *x, *y, text);
                content.end_marked_content();
            }
            Op::Rule(y) => {
                content.begin_marked_content(Name(b"Artifact")).save_state();
                content
                    .set_stroke_rgb(0.0, 0.369, 0.722)
                    .set_line_width(1.0); // NHS blue
                content.move_to(MARGIN, *y).line_to(PAGE_W - MARGIN, *y);
                content.stroke().restore_state().end_marked_content();
            }
        }
    }
    let x = (PAGE_W - width(footer, FOOTER)) / 2.0;
    content.begin_marked_content(Name(b"Artifact")).save_state();
    content.set_fill_gray(0.3);
    show(&mut content, FOOTER, x, FOOTER_Y, footer);
    content.restore_state().end_marked_content();
    let mut page = pdf.page(ids.page[index]);
    page.parent(PAGES).contents(ids.content[index]);
    page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
    page.struct_parents(count(index));
    page.resources()
        .fonts()
        .pair(Name(b"F1"), REGULAR)
        .pair(Name(b"F2"), BOLD);
    page.finish();
    pdf.stream(ids.content[index], content.finish().as_slice());
    pdf.indirect(ids.parents[index]).array().items(owners);
}

/// Shows one line of WinAnsi text with its baseline starting at (`x`, `y`).
fn show(content: &mut Content, style: Style, x: f32, y: f32, text: &[u8]) {
    let font = Name(if style.bold { b"F2" } else { b"F1" });
    content.begin_text().set_font(font, style.size);
    content.next_line(x, y).show(Str(text)).end_text();
}

/// Writes the structure tree: its root, the parent tree (page → elements by marked-content
/// id), and every element with its children in reading order.
fn write_structure(pdf: &mut Pdf, ids: &Ids, layout: &Layout, marks: &[Vec<(usize, i32)>]) {
    let mut root = pdf.indirect(STRUCT_ROOT).start::<StructTreeRoot>();
    root.child(ids.elems[0]);
    let mut tree = root.parent_tree();
    let mut nums = tree.nums();
    for (key, &array) in (0..).zip(&ids.parents) {
        nums.insert(key, array);
    }
    nums.finish();
    tree.finish();
    root.parent_tree_next_key(count(ids.parents.len()));
    root.finish();
    let mut children = vec![Vec::new(); layout.elems.len()];
    for (index, elem) in layout.elems.iter().enumerate().skip(1) {
        children[elem.1].push(ids.elems[index]);
    }
    for (index, elem) in layout.elems.iter().enumerate() {
        let mut element = pdf.struct_element(ids.elems[index]);
        element.kind(elem.0);
        element.parent(ids.elems.get(elem.1).copied().unwrap_or(STRUCT_ROOT));
        let mut kids = element.children();
        for &child in &children[index] {
            kids.struct_element(child);
        }
        for &(page, mcid) in &marks[index] {
            kids.marked_content_ref()
                .page(ids.page[page])
                .marked_content_id(mcid);
        }
    }
}

/// Encodes text as WinAnsi bytes, replacing what WinAnsi lacks (see [`fallback`]).
fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match win_ansi(c) {
            Some(byte) => out.push(byte),
            None => out.extend(fallback(c).chars().map(|f| win_ansi(f).unwrap_or(b'?'))),
        }
    }
    out
}

/// WinAnsi's characters at 0x80–0x9F ('\0' where it has none).
const WIN_ANSI_80: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', //
    '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The WinAnsi byte for a printable character, if WinAnsi has it.
fn win_ansi(c: char) -> Option<u8> {
    match u32::from(c) {
        0xAD => None, // a soft hyphen is dropped rather than printed
        code @ (0x20..=0x7E | 0xA0..=0xFF) => u8::try_from(code).ok(),
        0..=0x1F | 0x7F..=0x9F => None,
        _ => WIN_ANSI_80
            .iter()
            .position(|&w| w == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Base letters of Latin Extended-A (U+0100–U+017F), for names such as "Łukasz Dvořák".
const LATIN_EXTENDED_A: &str = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlL\
                                lLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/// Close forms of other characters that clinical letters use.
#[rustfmt::skip]
const CLOSE_FORMS: &[(char, &str)] = &[
    ('\u{2010}', "-"), ('\u{2011}', "-"), ('\u{2012}', "-"), ('\u{2212}', "-"), ('\u{2015}', "—"),
    ('\u{2032}', "'"), ('\u{2033}', "\""), ('\u{201B}', "'"), ('\u{201F}', "\""), ('\u{2044}', "/"),
    ('\u{2215}', "/"), ('\u{2023}', "•"), ('\u{2219}', "•"), ('\u{25AA}', "•"), ('\u{25CF}', "•"),
    ('\u{25E6}', "•"), ('←', "<-"), ('→', "->"), ('↑', "up"), ('↓', "down"), ('≈', "~"),
    ('≤', "<="), ('≥', ">="), ('≠', "=/="), ('℃', "°C"), ('№', "No."), ('Ș', "S"), ('ș', "s"),
    ('Ț', "T"), ('ț', "t"), ('α', "alpha"), ('β', "beta"), ('γ', "gamma"), ('δ', "delta"),
    ('κ', "kappa"), ('μ', "µ"), ('Ω', "ohm"),
];

/// A close form, in WinAnsi characters, of a character WinAnsi lacks; "?" if there is none.
fn fallback(c: char) -> &'static str {
    let offset = (u32::from(c) as usize).wrapping_sub(0x100); // huge below U+0100
    if let Some(base) = LATIN_EXTENDED_A.get(offset..=offset) {
        return base;
    }
    match c {
        '\t' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{AD}' | '\u{300}'..='\u{36F}' => "",
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        _ => CLOSE_FORMS
            .iter()
            .find(|(from, _)| *from == c)
            .map_or("?", |(_, to)| to),
    }
}

/// Helvetica advance widths (1/1000 em) for WinAnsi codes 32–255, from its AFM metrics.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold advance widths (1/1000 em) for WinAnsi codes 32–255, from its AFM metrics.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
#[path = "pdf_render_tests.rs"]
mod tests;
