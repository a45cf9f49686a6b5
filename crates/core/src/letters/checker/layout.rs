//! Splitting a letter into headings, list items and sentences.
//!
//! The rules, line by line:
//! - A blank line ends a paragraph. Lines of one paragraph are joined (wrapped prose).
//! - A line starting with a bullet (`-`, `*`, `•`, `–`, `·`, `1.`, `1)`, `a)`, `(a)`, `(ii)`)
//!   starts a list item; an indented or lower-case line after an unfinished item continues it.
//! - At the start of a paragraph, a line that does not end in `.`, `?` or `!` and has at most
//!   8 words, ends with `:`, or starts with a short label and a colon ("Diagnosis: asthma") is a
//!   heading: salutations, addresses, signatures and section titles. Headings are not
//!   sentences, so readability ignores them, but they are still checked for jargon.
//! - Within a paragraph, a sentence ends at `.`, `?` or `!` followed by a space or the end
//!   (closing quotes and brackets allowed in between) — except when the next word starts in
//!   lower case, when the full stop closes a title or common abbreviation (`Dr.`, `Mr.`,
//!   `e.g.`, `i.e.`, `approx.`, `vs.`, month names), an initial (`J. Smith`) or a dotted
//!   abbreviation (`b.d.`, `a.m.`). A full stop inside a number (`2.5 mg`) never ends one.

/// What a piece of the letter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A sentence of prose.
    Sentence,
    /// A list item, or a sentence within one; counts as a sentence.
    ListItem,
    /// A heading, salutation, address or label line; not a sentence.
    Heading,
}

/// One sentence, list item or heading: a byte range of the letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the piece is.
    pub kind: UnitKind,
    /// The paragraph (block) it belongs to, counting from 0; a heading is a block of its own.
    pub block: usize,
}

impl Unit {
    /// The unit's text within `letter` (line breaks inside a sentence are kept).
    pub fn text<'a>(&self, letter: &'a str) -> &'a str {
        &letter[self.start..self.end]
    }

    /// True for sentences and list items, which readability counts.
    pub fn is_sentence(&self) -> bool {
        self.kind != UnitKind::Heading
    }
}

/// A paragraph being collected.
struct Para {
    start: usize,
    end: usize,
    list: bool,
    terminated: bool,
}

/// The state of the line-by-line split.
#[derive(Default)]
struct Splitter {
    out: Vec<Unit>,
    para: Option<Para>,
    block: usize,
}

/// Splits `text` into headings, list items and sentences, in order.
pub fn split(text: &str) -> Vec<Unit> {
    let mut s = Splitter::default();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        s.line(text, offset, raw.trim_end_matches(['\n', '\r']));
        offset += raw.len();
    }
    s.flush(text);
    s.out
}

impl Splitter {
    /// Reads one line (without its line break) starting at byte `line_start`.
    fn line(&mut self, text: &str, line_start: usize, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.flush(text);
            return;
        }
        let lead = line.len() - line.trim_start().len();
        let start = line_start + lead;
        let end = start + trimmed.len();
        let terminated = ends_terminal(trimmed);
        if let Some(marker) = bullet_len(trimmed) {
            self.flush(text);
            let item = &trimmed[marker..];
            let skip = item.len() - item.trim_start().len();
            let start = start + marker + skip;
            self.para = Some(Para {
                start,
                end,
                list: true,
                terminated,
            });
            return;
        }
        if let Some(p) = self.para.as_mut() {
            let continues = if p.terminated {
                !p.list && !is_heading_like(trimmed)
            } else if p.list {
                lead > 0 || trimmed.starts_with(|c: char| c.is_lowercase())
            } else {
                true
            };
            if continues {
                p.end = end;
                p.terminated = terminated;
                return;
            }
            self.flush(text);
        }
        if !is_heading_like(trimmed) {
            self.para = Some(Para {
                start,
                end,
                list: false,
                terminated,
            });
        } else if trimmed.chars().any(char::is_alphanumeric) {
            let block = self.block;
            self.out.push(Unit {
                start,
                end,
                kind: UnitKind::Heading,
                block,
            });
            self.block += 1;
        }
    }

    fn flush(&mut self, text: &str) {
        flush(text, self.para.take(), &mut self.block, &mut self.out);
    }
}

/// Splits a finished paragraph into sentences.
fn flush(text: &str, para: Option<Para>, block: &mut usize, out: &mut Vec<Unit>) {
    let Some(p) = para else { return };
    let kind = if p.list {
        UnitKind::ListItem
    } else {
        UnitKind::Sentence
    };
    let bytes = text.as_bytes();
    let mut from = p.start;
    let mut i = p.start;
    while i < p.end {
        let b = bytes[i];
        if !matches!(b, b'.' | b'?' | b'!') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < p.end && matches!(bytes[j], b'.' | b'?' | b'!') {
            j += 1;
        }
        j = skip_closers(text, j, p.end);
        let spaced = j >= p.end || bytes[j].is_ascii_whitespace();
        if spaced && (b != b'.' || full_stop_ends(text, from, i, j, p.end)) {
            push(text, from, j, kind, *block, out);
            from = j;
        }
        i = j;
    }
    push(text, from, p.end, kind, *block, out);
    *block += 1;
}

/// Skips closing brackets and quotes after a sentence-ending mark.
fn skip_closers(text: &str, mut j: usize, end: usize) -> usize {
    while j < end {
        let rest = &text[j..end];
        match rest.chars().next() {
            Some(c @ (')' | ']' | '"' | '\'' | '’' | '”')) => j += c.len_utf8(),
            _ => break,
        }
    }
    j
}

/// Pushes the trimmed range as a unit if it holds any letter or digit.
fn push(text: &str, from: usize, to: usize, kind: UnitKind, block: usize, out: &mut Vec<Unit>) {
    let s = &text[from..to];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push(Unit {
            start: from + lead,
            end: from + lead + trimmed.len(),
            kind,
            block,
        });
    }
}

/// Words whose full stop does not end a sentence (lower case, without the stop).
const NO_END: &[&str] = &[
    "al", "approx", "apr", "aug", "cf", "co", "dec", "dept", "dr", "eg", "ext", "feb", "fig", "ie",
    "inc", "jan", "jul", "jun", "mar", "mr", "mrs", "ms", "mx", "no", "nos", "nov", "oct", "prof",
    "ref", "rev", "sep", "sept", "st", "tel", "vs",
];

/// Decides whether the full stop at `dot` (with the mark run ending at `after`) ends the
/// sentence that began at `from`.
fn full_stop_ends(text: &str, from: usize, dot: usize, after: usize, end: usize) -> bool {
    if let Some(next) = text[after..end].trim_start().chars().next()
        && next.is_lowercase()
    {
        return false;
    }
    let before = &text[from..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let word = before[word_start..].trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let word = word.trim_end_matches('.');
    if word.is_empty() {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false; // an initial: "J. Smith"
    }
    if word.contains('.') && word.split('.').all(|s| s.len() <= 2) {
        return false; // "e.g", "i.e", "b.d", "a.m"
    }
    let lower = word.to_ascii_lowercase();
    !NO_END.contains(&lower.as_str())
}

/// True when a line ends with `.`, `?` or `!` (before closing quotes or brackets).
fn ends_terminal(line: &str) -> bool {
    line.trim_end_matches([')', ']', '"', '\'', '’', '”', ' '])
        .ends_with(['.', '?', '!'])
}

/// True for a line that stands alone as a heading, salutation, address or label line.
pub(crate) fn is_heading_like(line: &str) -> bool {
    let t = line.trim();
    if ends_terminal(t) {
        return false;
    }
    if t.ends_with(':') || t.split_whitespace().count() <= 8 {
        return true;
    }
    match t.find(':') {
        Some(colon) => {
            let label = &t[..colon];
            !label.trim().is_empty() && label.split_whitespace().count() <= 4
        }
        None => false,
    }
}

/// The length of a bullet or list number at the start of `t`, including the space after it.
fn bullet_len(t: &str) -> Option<usize> {
    for marker in ["- ", "* ", "• ", "– ", "— ", "· ", "▪ ", "○ ", "> "] {
        if t.starts_with(marker) {
            return Some(marker.len());
        }
    }
    let b = t.as_bytes();
    let digits = b.iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    let at = |i: usize| b.get(i).copied();
    if (1..=2).contains(&digits)
        && matches!(at(digits), Some(b'.' | b')'))
        && at(digits + 1) == Some(b' ')
    {
        return Some(digits + 2);
    }
    if at(0).is_some_and(|c| c.is_ascii_lowercase()) && at(1) == Some(b')') && at(2) == Some(b' ') {
        return Some(3);
    }
    if at(0) == Some(b'(') {
        let close = b.iter().take(6).position(|&c| c == b')')?;
        let inner = &b[1..close];
        let ok = !inner.is_empty() && inner.iter().all(|c| c.is_ascii_alphanumeric());
        if ok && inner.len() <= 4 && at(close + 1) == Some(b' ') {
            return Some(close + 2);
        }
    }
    None
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
