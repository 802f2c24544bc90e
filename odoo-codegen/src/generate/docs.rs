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
        if line.is_empty() && out.last().map_or(true, |l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// `#[doc = " line"]` attributes, one per line (an empty line stays empty).
pub(crate) fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
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
