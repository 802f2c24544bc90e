//! Odoo's method documentation made into rustdoc: `/doc-bearer` renders docstrings with
//! docutils into HTML (`<p>`, `<tt>`, `<pre class="literal-block">`, lists, field tables,
//! admonitions); this turns it into markdown lines that rustdoc shows as written and that
//! never become a doctest.
//!
//! | HTML | markdown |
//! | --- | --- |
//! | `<p>`, `<div>`, `<dd>`, `<tr>`, `<blockquote>`, `<h1>`… | a paragraph, wrapped before 96 columns |
//! | `<tt>`, `<code>` | a code span |
//! | `<pre>` | a fenced `text` block |
//! | `<li>` | `- ` item (nested lists indented) |
//! | `<em>`, `<cite>` / `<strong>` | `*…*` / `**…**` |
//! | `<a href="…">text</a>` | `text (<…>)` |
//! | other tags | their text |

use super::docs::doc_text;

pub(crate) const WIDTH: usize = 96;

/// One block of output.
enum Block {
    Paragraph(String),
    Item { depth: usize, text: String },
    Code(String),
}

#[derive(Default)]
struct Converter {
    blocks: Vec<Block>,
    /// The inline markdown of the paragraph or item being read.
    inline: String,
    /// Inside `<tt>` / `<code>`: text goes raw.
    code: usize,
    /// Inside `<pre>`: the raw text of the block.
    pre: Option<String>,
    /// Open lists, and whether the current block is an item of the innermost one.
    lists: usize,
    in_item: bool,
    /// The `href` of the open `<a>`.
    link: Option<String>,
}

impl Converter {
    fn flush(&mut self) {
        let mut text = self.inline.split_whitespace().collect::<Vec<_>>().join(" ");
        self.inline.clear();
        if text.is_empty() {
            return;
        }
        // A paragraph or item that starts like a heading, a quote or a rule would be one.
        if text.starts_with(['#', '>', '=', '|']) || text.starts_with("---") {
            text.insert(0, '\\');
        }
        if self.in_item {
            self.blocks.push(Block::Item {
                depth: self.lists.saturating_sub(1),
                text,
            });
            // The rest of the item (after a nested list) is a paragraph of its own.
            self.in_item = false;
        } else {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn text(&mut self, raw: &str) {
        let text = unescape(raw);
        if let Some(pre) = &mut self.pre {
            pre.push_str(&text);
        } else if self.code > 0 {
            self.inline
                .push_str(&text.replace('`', "'").replace('\n', " "));
        } else {
            // Whitespace stays whitespace (collapsed by `flush`); words are escaped.
            let mut words = String::new();
            for (i, word) in text.split(char::is_whitespace).enumerate() {
                if i > 0 {
                    words.push(' ');
                }
                words.push_str(&doc_text(word));
            }
            self.inline.push_str(&words);
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name = body
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("pre", false) => {
                self.flush();
                self.pre = Some(String::new());
            }
            ("pre", true) => {
                if let Some(code) = self.pre.take() {
                    self.blocks.push(Block::Code(code));
                }
            }
            (_, _) if self.pre.is_some() => {}
            ("tt" | "code", false) => {
                self.code += 1;
                if self.code == 1 {
                    self.inline.push_str(" `");
                }
            }
            ("tt" | "code", true) if self.code > 0 => {
                self.code -= 1;
                if self.code == 0 {
                    // An empty span would print two backticks.
                    if self.inline.ends_with(" `") {
                        self.inline.truncate(self.inline.len() - 2);
                    } else {
                        self.inline.push('`');
                    }
                }
            }
            ("em" | "cite" | "i", _) if self.code == 0 => self.inline.push('*'),
            ("strong" | "b", _) if self.code == 0 => self.inline.push_str("**"),
            ("a", false) => self.link = attribute(body, "href"),
            ("a", true) => {
                if let Some(href) = self.link.take() {
                    if href.starts_with("http://") || href.starts_with("https://") {
                        self.inline.push_str(&format!(" (<{href}>)"));
                    }
                }
            }
            ("ul" | "ol", false) => {
                self.flush();
                self.lists += 1;
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists = self.lists.saturating_sub(1);
            }
            ("li", false) => {
                self.flush();
                self.in_item = self.lists > 0;
            }
            ("li", true) => self.flush(),
            // Inside an item, its paragraphs are the item.
            ("p", _) if self.in_item => self.inline.push(' '),
            ("br", _) => self.inline.push(' '),
            ("th" | "td" | "dt", true) => self.inline.push(' '),
            (
                "p" | "div" | "dd" | "dl" | "tr" | "table" | "tbody" | "blockquote" | "h1" | "h2"
                | "h3" | "h4" | "h5" | "h6",
                _,
            ) => self.flush(),
            _ => {}
        }
    }
}

/// The value of `name="…"` in a tag's body.
fn attribute(body: &str, name: &str) -> Option<String> {
    let start = body.find(&format!("{name}=\""))? + name.len() + 2;
    let end = body[start..].find('"')? + start;
    Some(unescape(&body[start..end]))
}

/// HTML entities: the named ones docutils writes, and numeric ones.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Words that would start a list, a quote or a heading at the start of a line.
fn starts_a_block(word: &str) -> bool {
    matches!(word, "-" | "*" | "+" | ">" | "|")
        || word.starts_with('#')
        || word.starts_with('=')
        || (word.ends_with('.') || word.ends_with(')'))
            && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit())
            && word.len() > 1
}

/// Wraps `text` before `width` columns after `prefix` (continuation lines indented like it),
/// never breaking before a word that would start a markdown block.
pub(crate) fn wrap(prefix: &str, text: &str, width: usize) -> Vec<String> {
    let indent = " ".repeat(prefix.chars().count());
    let mut lines = Vec::new();
    let mut line = prefix.to_owned();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !empty && !fits && !starts_a_block(word) {
            lines.push(std::mem::replace(&mut line, format!("{indent}{word}")));
        } else {
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
        }
        empty = false;
    }
    if !empty {
        lines.push(line);
    }
    lines
}

/// Markdown lines for docutils HTML (empty for none). Paragraphs are separated by one blank
/// line; no line starts with an indent that rustdoc would read as code.
///
/// ```ignore
/// assert_eq!(
///     html_to_doc_lines("<p>Set <tt class=\"docutils literal\">active</tt> to False.</p>"),
///     ["Set `active` to False."]
/// );
/// ```
pub(crate) fn html_to_doc_lines(html: &str) -> Vec<String> {
    let mut c = Converter::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        c.text(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            c.text(&rest[open..]);
            rest = "";
            break;
        };
        c.tag(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    c.text(rest);
    if let Some(code) = c.pre.take() {
        c.blocks.push(Block::Code(code));
    }
    c.flush();

    let mut out: Vec<String> = Vec::new();
    let mut previous_item = false;
    for block in c.blocks {
        let item = matches!(block, Block::Item { .. });
        // Items of one list stay together; anything else is a paragraph of its own.
        let same_list = item && previous_item;
        if !out.is_empty() && !same_list {
            out.push(String::new());
        }
        previous_item = item;
        match block {
            Block::Paragraph(text) => out.extend(wrap("", &text, WIDTH)),
            Block::Item { depth, text } => {
                out.extend(wrap(&format!("{}- ", "  ".repeat(depth)), &text, WIDTH))
            }
            Block::Code(code) => {
                out.push("```text".into());
                let lines: Vec<&str> = code.trim_matches('\n').lines().collect();
                out.extend(
                    lines
                        .iter()
                        .map(|l| l.trim_end().replace("```", "'''").replace('\t', "    ")),
                );
                out.push("```".into());
            }
        }
    }
    out
}

/// The first sentence or line of the documentation, for a one-line summary (empty for none).
pub(crate) fn summary(lines: &[String]) -> String {
    let first = lines
        .iter()
        .take_while(|l| !l.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if first.starts_with("```") {
        return String::new();
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_code_spans_and_entities() {
        let html = "<div class=\"document\">\n\n\n<p>Set <tt class=\"docutils literal\">active</tt> to <tt class=\"docutils literal\">False</tt> on a recordset.</p>\n<p>Note, you probably want to override <cite>write()</cite> &amp; see &lt;x&gt;.</p>\n</div>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "Set `active` to `False` on a recordset.",
                "",
                "Note, you probably want to override *write()* &amp; see &lt;x&gt;."
            ]
        );
    }

    #[test]
    fn literal_blocks_are_text_fences_and_lists_items() {
        let html = "<p>values:</p><pre class=\"literal-block\">\n    [{'field_name': field_value, ...}, ...]\n```x\n</pre><ul class=\"simple\">\n<li><tt class=\"docutils literal\">day</tt></li>\n<li><p class=\"first\">For <tt>x</tt></p>\n<ul><li>nested [a]</li></ul></li>\n</ul><p>after</p>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "values:",
                "",
                "```text",
                "    [{'field_name': field_value, ...}, ...]",
                "'''x",
                "```",
                "",
                "- `day`",
                "- For `x`",
                "  - nested \\[a\\]",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn code_spans_keep_their_text_and_links_their_address() {
        let html = "<p><tt class=\"docutils literal\"><span class=\"pre\">'&lt;field&gt;:&lt;granularity&gt;'</span></tt> see <a class=\"reference external\" href=\"https://www.postgresql.org/docs/\">PostgreSQL</a></p>";
        assert_eq!(
            html_to_doc_lines(html),
            ["`'<field>:<granularity>'` see PostgreSQL (<https://www.postgresql.org/docs/>)"]
        );
    }

    #[test]
    fn wrapping_never_starts_a_block() {
        let text = format!("{} - b # c", "a ".repeat(47).trim());
        let lines = wrap("", &text, 96);
        assert!(
            lines
                .iter()
                .skip(1)
                .all(|l| !l.starts_with("- ") && !l.starts_with('#')),
            "{lines:?}"
        );
        assert!(wrap("- ", &"word ".repeat(40), 96)
            .iter()
            .skip(1)
            .all(|l| l.starts_with("  word")));
        assert_eq!(
            unescape("&#64;x &#x41; &bogus; & &nbsp;"),
            "@x A &bogus; &  "
        );
    }
}
