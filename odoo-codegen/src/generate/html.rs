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
//! | `<em>`, `<cite>` / `<strong>` | `*…*` / `**…**` (a `<cite>` naming a Python object: a code span) |
//! | `<a href="…">text</a>` | `text (<…>)` |
//! | `<dt>term</dt><dd>…</dd>` | `` `term`: … `` (a term that is text runs on into its definition) |
//! | other tags | their text |
//!
//! Odoo renders the Sphinx roles of its docstrings (`:class:`, `:meth:`, `:ref:`…) as literals
//! holding the role's raw text; [`role`] turns that text into what Sphinx would show. Sentences
//! written for whoever overrides the method ("should not be overridden") are left out
//! ([`IMPLEMENTER_NOTES`]): a client calls the method, it does not override it.

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
    /// Where the text of the open code span starts in `inline`.
    code_start: usize,
    /// Inside `<pre>`: the raw text of the block.
    pre: Option<String>,
    /// Open lists, and whether the current block is an item of the innermost one.
    lists: usize,
    in_item: bool,
    /// The `href` of the open `<a>`.
    link: Option<String>,
    /// Right after `</dt>`: a `<dd>` continues the term's paragraph.
    after_term: bool,
    /// The `<p>` that opens a `<dd>` continues the term's paragraph too.
    term_continues: bool,
    /// Where the text of the open `<cite>` starts in `inline` (after its `*`).
    cite_start: Option<usize>,
}

impl Converter {
    fn flush(&mut self) {
        let text = self.inline.split_whitespace().collect::<Vec<_>>().join(" ");
        self.inline.clear();
        let mut text = without_implementer_notes(&text);
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
        let after_term = std::mem::take(&mut self.after_term);
        let term_continues = std::mem::take(&mut self.term_continues);
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
                    // Apart from the word before it, not from an opening parenthesis.
                    if !self.inline.ends_with('(') {
                        self.inline.push(' ');
                    }
                    self.inline.push('`');
                    self.code_start = self.inline.len();
                }
            }
            ("tt" | "code", true) if self.code > 0 => {
                self.code -= 1;
                if self.code == 0 {
                    let text = self.inline.split_off(self.code_start);
                    // The backtick that opened the span.
                    self.inline.pop();
                    match role(&text) {
                        // An empty span would print two backticks.
                        Role::Code(code) if code.is_empty() => {}
                        Role::Code(code) => self.inline.push_str(&format!("`{code}`")),
                        Role::Prose(prose) => self.inline.push_str(&doc_text(&prose)),
                    }
                }
            }
            ("cite", false) if self.code == 0 => {
                self.inline.push('*');
                self.cite_start = Some(self.inline.len());
            }
            // Single backticks are Sphinx's default role, an object: `write()`, `~odoo.fields.Date`.
            ("cite", true) if self.code == 0 => match self.cite_start.take() {
                Some(start) => match object_reference(&self.inline[start..]) {
                    Some(shown) => {
                        self.inline.truncate(start - 1);
                        self.inline.push_str(&format!("`{shown}`"));
                    }
                    None => self.inline.push('*'),
                },
                None => self.inline.push('*'),
            },
            ("em" | "i", _) if self.code == 0 => self.inline.push('*'),
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
            ("p", false) if term_continues => self.inline.push(' '),
            ("br", _) => self.inline.push(' '),
            // Docutils reads a docstring's indented continuation line as a definition: the
            // term and its definition are one paragraph (`term`: definition, for a code term).
            ("dt", true) => self.after_term = true,
            ("dd", false) if after_term => {
                self.inline.truncate(self.inline.trim_end().len());
                let term = self.inline.trim_start();
                let sep = if term.starts_with('`') && term.ends_with('`') {
                    ": "
                } else {
                    " "
                };
                self.inline.push_str(sep);
                self.term_continues = true;
            }
            ("th" | "td", true) => self.inline.push(' '),
            (
                "p" | "div" | "dd" | "dl" | "tr" | "table" | "tbody" | "blockquote" | "h1" | "h2"
                | "h3" | "h4" | "h5" | "h6",
                _,
            ) => self.flush(),
            _ => {}
        }
    }
}

/// What a code span shows.
#[derive(Debug, PartialEq)]
enum Role {
    /// A code span with this text.
    Code(String),
    /// Plain text: the title of a cross-reference.
    Prose(String),
}

/// The text of a literal as Sphinx would show it, when it is the raw text of a role (Odoo's
/// `_role_literal` keeps it as written):
///
/// | raw text | shown |
/// | --- | --- |
/// | `the provided domain <reference/orm/domains>` (a titled reference) | the provided domain |
/// | `~odoo.fields.Integer`, `~.search` (last component) | `Integer`, `search` |
/// | `python:bool` (an intersphinx target) | `bool` |
/// | `.search`, `!name` | `search`, `name` |
///
/// Any other literal is left as it is.
fn role(text: &str) -> Role {
    let text = text.trim();
    if let Some(open) = text.rfind(" <") {
        let target = &text[open + 2..];
        let title = text[..open].trim();
        if let Some(target) = target.strip_suffix('>') {
            if !title.is_empty() && !target.is_empty() && !target.contains([' ', '<', '>']) {
                return Role::Prose(title.to_owned());
            }
        }
    }
    let is_path = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
    };
    let path = text
        .strip_prefix("python:")
        .unwrap_or(text)
        .trim_start_matches(['!', '~']);
    let shown = if text.contains('~') {
        path.rsplit('.').next().unwrap_or(path)
    } else {
        path.strip_prefix('.').unwrap_or(path)
    };
    let is_role = text != path || text.starts_with('.');
    if is_role && is_path(shown) {
        Role::Code(shown.to_owned())
    } else {
        Role::Code(text.to_owned())
    }
}

/// The object a `<cite>` (single backticks: Sphinx's default role) names, as Sphinx shows it,
/// when the text is a Python name: `write()`, `~odoo.fields.Datetime` → `Datetime`,
/// `odoo.fields.Date`. Other text (a title, a phrase) stays emphasis.
fn object_reference(text: &str) -> Option<String> {
    let text = text.trim();
    let (name, call) = match text.strip_suffix("()") {
        Some(name) => (name, "()"),
        None => (text, ""),
    };
    let path = name.trim_start_matches(['~', '!', '.']);
    let is_path = !path.is_empty()
        && path
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'));
    let is_object = name.starts_with('~') || path.contains('.') || !call.is_empty();
    if !is_path || !is_object {
        return None;
    }
    let shown = if name.starts_with('~') {
        path.rsplit('.').next().unwrap_or(path)
    } else {
        path
    };
    Some(format!("{shown}{call}"))
}

/// Sentences meant for whoever overrides a method, not for a client calling it (matched in
/// lowercase).
pub(crate) const IMPLEMENTER_NOTES: &[&str] = &[
    "be overridden",
    "by overriding this",
    "want to override",
    "subclasses must",
    "actual implementation is done by",
    "in order to modify how",
];

/// The paragraph without its sentences for implementers (empty when nothing else is left).
fn without_implementer_notes(text: &str) -> String {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' | b'!' | b'?' if !in_code && bytes.get(i + 1) == Some(&b' ') => {
                sentences.push(&text[start..=i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    sentences.push(&text[start.min(text.len())..]);
    sentences
        .into_iter()
        .filter(|s| {
            let lower = s.to_lowercase();
            !s.trim().is_empty() && !IMPLEMENTER_NOTES.iter().any(|n| lower.contains(n))
        })
        .collect::<Vec<_>>()
        .join(" ")
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
        let html = "<div class=\"document\">\n\n\n<p>Set <tt class=\"docutils literal\">active</tt> to <tt class=\"docutils literal\">False</tt> on a recordset.</p>\n<p>Note, see <cite>write()</cite> &amp; &lt;x&gt;.</p>\n</div>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "Set `active` to `False` on a recordset.",
                "",
                "Note, see `write()` &amp; &lt;x&gt;."
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
    fn roles_read_as_sphinx_shows_them() {
        let html = "<div class=\"document\">\n\n\n<p>Return the number of records matching\n<tt class=\"docutils literal\">the provided domain &lt;reference/orm/domains&gt;</tt>.</p>\n<p>For <tt class=\"docutils literal\">~odoo.fields.Boolean</tt>, a <tt class=\"docutils literal\">python:bool</tt>; see <tt class=\"docutils literal\">~.search</tt>, <tt>.read</tt> and <tt class=\"docutils literal\">odoo.fields.Date</tt>.</p>\n<p>Keep <tt class=\"docutils literal\"><span class=\"pre\">'&lt;field&gt;:&lt;granularity&gt;'</span></tt> and <tt>~</tt>.</p></div>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "Return the number of records matching the provided domain.",
                "",
                "For `Boolean`, a `bool`; see `search`, `read` and `odoo.fields.Date`.",
                "",
                "Keep `'<field>:<granularity>'` and `~`."
            ]
        );
        assert_eq!(role("a <b c>"), Role::Code("a <b c>".into()));
        assert_eq!(
            html_to_doc_lines("<p>For <cite>~odoo.fields.Datetime</cite>, see <cite>write()</cite> (<tt>x</tt>) in <cite>The Guide</cite>.</p>"),
            ["For `Datetime`, see `write()` (`x`) in *The Guide*."]
        );
        assert_eq!(role(" <x>"), Role::Code("<x>".into()));
    }

    #[test]
    fn implementer_notes_are_left_out() {
        let html = "<p>Search for the records.</p>\n<p>This is a high-level method, which should not be overridden. Its actual\nimplementation is done by method <tt class=\"docutils literal\">_search</tt>.</p><p>Set <tt>active</tt>. Note, you probably want to override <cite>write()</cite> method if you want to take\naction. Values may override others.</p>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "Search for the records.",
                "",
                "Set `active`. Values may override others."
            ]
        );
    }

    #[test]
    fn a_term_runs_on_into_its_definition() {
        let html = "<dl class=\"docutils\">\n<dt>Return an action for <tt class=\"docutils literal\">self</tt>. It is</dt>\n<dd>useful.</dd>\n</dl><dl><dt><tt>toolbar</tt></dt>\n<dd>includes actions</dd>\n<dt>Process a message, relying on</dt>\n<dd><p class=\"first\">the parser.</p>\n<p class=\"last\">Then more.</p></dd></dl>";
        assert_eq!(
            html_to_doc_lines(html),
            [
                "Return an action for `self`. It is useful.",
                "",
                "`toolbar`: includes actions",
                "",
                "Process a message, relying on the parser.",
                "",
                "Then more."
            ]
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
