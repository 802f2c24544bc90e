//! Text from the schema (labels, help, model names) made into rustdoc: escaped, one line where
//! a line is wanted, blank lines and code fences defused.

use proc_macro2::TokenStream;
use quote::quote;

/// Control characters (newlines included) become spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Text from the schema made safe for rustdoc: markdown links and HTML escaped, bare URLs made
/// autolinks, control characters dropped.
pub(crate) fn doc_text(s: &str) -> String {
    let escaped = one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]");
    escaped
        .split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                let url = word.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']);
                format!("<{url}>{}", &word[url.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Doc lines from free text: trimmed (an indented line would become a doctest), fences
/// defused, runs of blank lines collapsed, leading and trailing blanks dropped.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = doc_text(line.trim())
            .replace("```", "'''")
            .replace("~~~", "---");
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// `true` when a doc line starts a markdown list item (`- `, `* `, `+ `, `1. `, `1) `): after
/// other text on the same line it would not be one.
pub(crate) fn starts_block(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m))
    }
}

/// A name as an inline code span (a backtick in it would end the span early).
pub(crate) fn code(name: &str) -> String {
    format!("`{}`", one_line(name).replace('`', "'"))
}

/// The lines of a markdown list item `- head: `a`, `b`…` followed by `end`, wrapped before
/// 96 columns with continuation lines indented by two spaces.
pub(crate) fn list_item(head: &str, names: &[&str], end: char) -> Vec<String> {
    const WIDTH: usize = 96;
    let mut lines = Vec::new();
    let mut line = format!("- {head}:");
    for (i, name) in names.iter().enumerate() {
        let sep = if i + 1 == names.len() { end } else { ',' };
        let word = format!("{}{sep}", code(name));
        if line.chars().count() + 1 + word.chars().count() > WIDTH && line.trim() != "-" {
            lines.push(std::mem::replace(&mut line, format!("  {word}")));
        } else {
            line.push(' ');
            line.push_str(&word);
        }
    }
    lines.push(line);
    lines
}

/// `#[doc = " line"]` attributes, one per line (an empty line stays empty). A line that starts
/// with `#` would be a heading: the `#` is escaped.
pub(crate) fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else if l.starts_with('#') {
            format!(" \\{l}")
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_is_escaped() {
        assert_eq!(
            doc_text("see [this] <b>, https://odoo.com."),
            "see \\[this\\] &lt;b&gt;, <https://odoo.com>."
        );
    }

    #[test]
    fn lists_and_headings() {
        assert!(starts_block("- Contact: a person"));
        assert!(starts_block("12. Twelfth"));
        assert!(!starts_block("-1 means none"));
        assert!(!starts_block("2024 was a year"));
        let names: Vec<String> = (0..30).map(|i| format!("field_{i:02}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let lines = list_item("not stored", &names, '.');
        assert!(lines.iter().all(|l| l.chars().count() <= 96), "{lines:#?}");
        assert!(lines[0].starts_with("- not stored: `field_00`, "));
        assert!(lines[1..].iter().all(|l| l.starts_with("  `")));
        assert!(lines.last().unwrap().ends_with("`field_29`."));
        assert_eq!(list_item("binary", &["a`b"], ';'), ["- binary: `a'b`;"]);
        assert_eq!(
            docs(&["# of Tasks".into()]).to_string(),
            quote!(#[doc = " \\# of Tasks"]).to_string()
        );
    }

    #[test]
    fn doc_lines_are_safe() {
        let lines = doc_lines("  First line\n\n\n    indented code\n```rust\nfn x() {}\n```\n\n");
        assert_eq!(
            lines,
            [
                "First line",
                "",
                "indented code",
                "'''rust",
                "fn x() {}",
                "'''"
            ]
        );
    }
}
