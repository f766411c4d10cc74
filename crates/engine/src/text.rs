//! Text helpers with no VM in sight: shortening, Python's str repr, and CPython's
//! traceback trimming. A leaf: it imports nothing from the engine.

/// Cuts `s` to at most `max` characters, with an ellipsis.
pub(crate) fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Shortens a traceback as CPython does: an entry repeated more than 3 times in a row is
/// shown 3 times, then "[Previous line repeated N more times]". Whatever is still very long
/// (mutual recursion) keeps its two ends.
pub(crate) fn trim_recursion(lines: Vec<String>) -> Vec<String> {
    let single = lines.iter().filter(|l| l.starts_with("Traceback")).count() == 1;
    let mut out = if single {
        collapse_repeats(lines)
    } else {
        lines
    };
    const KEEP: usize = 25;
    if out.len() > 2 * KEEP + 1 {
        let hidden = out.len() - 2 * KEEP;
        let end = out.split_off(out.len() - KEEP);
        out.truncate(KEEP);
        out.push(format!("  [... {hidden} more lines ...]"));
        out.extend(end);
    }
    out
}

/// CPython's repeat rule over the entries (a `File` line and the lines under it) of one
/// traceback; the header and the exception line stay as they are.
fn collapse_repeats(lines: Vec<String>) -> Vec<String> {
    let mut head = Vec::new();
    let mut entries: Vec<Vec<String>> = Vec::new();
    let mut tail = Vec::new();
    for line in lines {
        if line.trim_start().starts_with("File \"") {
            entries.push(vec![line]);
        } else if entries.is_empty() {
            head.push(line);
        } else if line.starts_with("    ") && tail.is_empty() {
            entries.last_mut().expect("not empty").push(line);
        } else {
            tail.push(line);
        }
    }
    let mut out = head;
    let mut i = 0;
    while i < entries.len() {
        let mut run = 1;
        while i + run < entries.len() && entries[i + run] == entries[i] {
            run += 1;
        }
        for e in &entries[i..i + run.min(3)] {
            out.extend(e.iter().cloned());
        }
        if run > 3 {
            let n = run - 3;
            let s = if n == 1 { "" } else { "s" };
            out.push(format!("  [Previous line repeated {n} more time{s}]"));
        }
        i += run;
    }
    out.extend(tail);
    out
}

/// Python's `repr()` of a str, as CPython writes it (the quote it picks, the escapes).
pub(crate) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
