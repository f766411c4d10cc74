//! Short texts shared by the narration, the diagram and the timeline: values, edge labels,
//! refcounts, sizes and source lines, always in the learner's words.

use refscope_trace::{EdgeLabel, Refcount, Size, Value};

/// The trimmed text of 1-based `line` of `source` ("" when out of range).
pub fn source_line(source: &str, line: u32) -> &str {
    if line == 0 {
        return "";
    }
    source
        .lines()
        .nth(line as usize - 1)
        .map(str::trim)
        .unwrap_or("")
}

/// How a value is shown inside a frame or a box: inline reprs as themselves, references as
/// a dot that an arrow leaves from.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Inline { repr, .. } => repr.clone(),
        Value::Ref { .. } => "•".to_owned(),
    }
}

/// The target of a value when it is a heap object.
pub fn value_target(value: &Value) -> Option<u32> {
    match value {
        Value::Ref { id } => Some(*id),
        Value::Inline { .. } => None,
    }
}

/// A slot label as it appears inside a box, e.g. `[0]`, `.name`, `['k']`.
pub fn edge_label(label: &EdgeLabel) -> String {
    match label {
        EdgeLabel::Index { index } => format!("[{index}]"),
        EdgeLabel::Key { key } => format!("[{key}]"),
        EdgeLabel::KeyObject { key } => format!("key {key}"),
        EdgeLabel::Member => "member".to_owned(),
        EdgeLabel::Attr { name } => format!(".{name}"),
        EdgeLabel::Cell { name } => format!("cell {name}"),
        EdgeLabel::Default { index } => format!("__defaults__[{index}]"),
        EdgeLabel::Bound { name } => name.clone(),
        EdgeLabel::GenLocal { name } => name.clone(),
        EdgeLabel::TbLocal { function, name } => format!("{function}: {name}"),
        EdgeLabel::TbNext => "tb_next".to_owned(),
        EdgeLabel::Traceback => "__traceback__".to_owned(),
        EdgeLabel::Referent => "referent".to_owned(),
        EdgeLabel::Callback => "callback".to_owned(),
        EdgeLabel::Other { name } => name.clone(),
    }
}

/// Appends a slot label to a path expression, as the Python that reaches the object:
/// `a` + `.other` = `a.other`, `f` + default 0 = `f.__defaults__[0]`, `gen` + local `n` =
/// `gen.gi_frame.f_locals['n']`. A set member and a closure cell have no such expression
/// and are said in words.
pub fn extend_path(path: &str, label: &EdgeLabel) -> String {
    // A local's "(in f)" stays at the end: `err.__traceback__ (in handled)`.
    if let Some(at) = path.rfind(" (in ").filter(|_| path.ends_with(')')) {
        let (name, place) = path.split_at(at);
        return format!("{}{place}", extend_path(name, label));
    }
    match label {
        EdgeLabel::Index { .. } | EdgeLabel::Key { .. } | EdgeLabel::Attr { .. } => {
            format!("{path}{}", edge_label(label))
        }
        EdgeLabel::Default { index } => format!("{path}.__defaults__[{index}]"),
        EdgeLabel::Bound { name } => format!("{path}.{name}"),
        EdgeLabel::GenLocal { name } => format!("{path}.gi_frame.f_locals['{name}']"),
        EdgeLabel::TbLocal { name, .. } => format!("{path}.tb_frame.f_locals['{name}']"),
        EdgeLabel::TbNext => format!("{path}.tb_next"),
        EdgeLabel::Traceback => format!("{path}.__traceback__"),
        EdgeLabel::Callback => format!("{path}.__callback__"),
        EdgeLabel::Referent => format!("{path}()"),
        EdgeLabel::Cell { name } => format!("{path}'s closure cell for {name}"),
        EdgeLabel::Member => format!("a member of {path}"),
        EdgeLabel::KeyObject { key } => format!("a key of {path} ({key})"),
        EdgeLabel::Other { name } => format!("{path}'s {name}"),
    }
}

/// The refcount badge text: the number, "≈" and the number when the engine cannot be
/// sure (see [`Refcount::Approximate`]), or "immortal".
pub fn refcount_text(refcount: &Refcount) -> String {
    match refcount {
        Refcount::Counted { count } => count.to_string(),
        Refcount::Immortal => "immortal".to_owned(),
        Refcount::Approximate { count } => format!("≈ {count}"),
    }
}

/// The counted refcount, if any.
pub fn refcount_value(refcount: &Refcount) -> Option<u32> {
    match refcount {
        Refcount::Counted { count } | Refcount::Approximate { count } => Some(*count),
        Refcount::Immortal => None,
    }
}

/// The size as shown: exact bytes, "≈" for approximate, "n/a" when not modelled.
pub fn size_text(size: &Size) -> String {
    match size {
        Size::Exact { bytes } => format!("{bytes} B"),
        Size::Approximate { bytes } => format!("≈ {bytes} B"),
        Size::NotModelled => "n/a".to_owned(),
    }
}

/// "1 reference" / "3 references".
pub fn references(n: u32) -> String {
    if n == 1 {
        "1 reference".to_owned()
    } else {
        format!("{n} references")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_lines_are_one_based_and_trimmed() {
        let src = "a = 1\n  b = a\n";
        assert_eq!(source_line(src, 2), "b = a");
        assert_eq!(source_line(src, 0), "");
        assert_eq!(source_line(src, 9), "");
    }

    #[test]
    fn sizes_say_when_they_are_not_exact() {
        assert_eq!(size_text(&Size::Exact { bytes: 28 }), "28 B");
        assert_eq!(size_text(&Size::Approximate { bytes: 72 }), "≈ 72 B");
        assert_eq!(size_text(&Size::NotModelled), "n/a");
    }

    #[test]
    fn paths_read_like_python() {
        let attr = EdgeLabel::Attr {
            name: "other".into(),
        };
        assert_eq!(extend_path("a", &attr), "a.other");
        assert_eq!(
            extend_path("items", &EdgeLabel::Index { index: 0 }),
            "items[0]"
        );
        assert_eq!(extend_path("s", &EdgeLabel::Member), "a member of s");
        assert_eq!(
            extend_path("err (in handled)", &EdgeLabel::Traceback),
            "err.__traceback__ (in handled)"
        );
        assert_eq!(
            extend_path("function #10", &EdgeLabel::Default { index: 0 }),
            "function #10.__defaults__[0]"
        );
        assert_eq!(
            extend_path(
                "method #16",
                &EdgeLabel::Bound {
                    name: "__func__".into()
                }
            ),
            "method #16.__func__"
        );
        assert_eq!(
            extend_path("gen", &EdgeLabel::GenLocal { name: "n".into() }),
            "gen.gi_frame.f_locals['n']"
        );
    }
}
