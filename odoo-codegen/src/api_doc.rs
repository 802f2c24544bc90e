//! Reading the public methods of a live database's models (the `live` feature): Odoo 19's API
//! documentation, `GET /doc-bearer/<model>.json` through [`Client::api_doc`], one call per
//! model, a few at a time. A separate step from [`crate::introspect`], which reads fields.
//!
//! What the server cannot give is left out with a notice, never an error: `/doc-bearer` needs
//! an API key (a password cannot read it), exists on Odoo 19 with the `api_doc` module only,
//! and answers only to users of the group *Allow API Doc* (`api_doc.group_allow_doc`, which
//! administrators have) and only for models the user may read (on the recorded Odoo 19
//! database the administrator reads 297 of 394).
//!
//! ```no_run
//! # async fn run(client: odoo_runtime::Client, mut schema: odoo_runtime::schema::Schema) {
//! let report = odoo_codegen::api_doc::read_methods(&client, &mut schema, &Default::default()).await;
//! if let Some(notice) = &report.notice {
//!     eprintln!("notice: {notice}");
//! }
//! println!("{} methods of {} models", report.methods, report.models);
//! # }
//! ```
//!
//! ## How fast
//!
//! The server renders every docstring with docutils on each call: 0.6–2.3 s per model on the
//! shared test server (`res.partner` 1.9 s, `sale.order` 2.3 s), and 4 min 20 s for its 297
//! readable models four at a time. Reading methods is therefore its own step, which `pull`
//! can skip (`--no-methods`).

use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use futures_util::stream::{self, StreamExt};
use odoo_runtime::schema::{Method, Schema};
use odoo_runtime::{Client, ErrorKind};

/// A model whose documentation could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedModel {
    /// The model.
    pub model: String,
    /// Why (the server's message: no read access, most often).
    pub reason: String,
}

impl std::fmt::Display for SkippedModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.model, self.reason)
    }
}

/// How to read the methods.
#[derive(Clone, Debug)]
#[must_use]
pub struct MethodsOptions {
    concurrency: usize,
    /// What an earlier pull read: per model, the `ETag` and the methods it came with.
    previous: BTreeMap<String, (String, BTreeMap<String, Method>)>,
}

impl Default for MethodsOptions {
    fn default() -> Self {
        MethodsOptions {
            concurrency: 4,
            previous: BTreeMap::new(),
        }
    }
}

impl MethodsOptions {
    /// How many models are read at once (default 4, at least 1): the server does the work.
    ///
    /// ```
    /// let options = odoo_codegen::api_doc::MethodsOptions::default().concurrency(2);
    /// ```
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Reuses what an earlier pull read (the snapshot being replaced): a model whose
    /// documentation still has the `ETag` recorded there
    /// ([`Model::methods_etag`](odoo_runtime::schema::Model::methods_etag)) is answered
    /// `304 Not Modified` and keeps its methods, so re-pulling an unchanged database costs
    /// the server almost nothing (rendering a model's documentation takes it 0.5–2 s).
    ///
    /// ```
    /// # let old = odoo_runtime::schema::Schema::new("19.0", "odoo19");
    /// let options = odoo_codegen::api_doc::MethodsOptions::default().previous(&old);
    /// ```
    pub fn previous(mut self, schema: &Schema) -> Self {
        self.previous = schema
            .models
            .iter()
            .filter_map(|(name, m)| {
                let etag = m.methods_etag.clone()?;
                Some((name.clone(), (etag, m.methods.clone())))
            })
            .collect();
        self
    }
}

/// What [`read_methods`] did.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct MethodsReport {
    /// Models whose methods were read.
    pub models: usize,
    /// Methods read, over all models.
    pub methods: usize,
    /// Models whose documentation could not be read (no read access, an error), and why.
    pub skipped: Vec<SkippedModel>,
    /// Why no method was read at all, when none was (no API key, no `/doc-bearer`, the user
    /// lacks the group).
    pub notice: Option<String>,
    /// Models whose documentation was unchanged since the earlier pull (`304 Not Modified`),
    /// and whose methods were kept (counted in `models` too).
    pub unchanged: usize,
    /// Calls made.
    pub calls: usize,
    /// How long it took.
    pub elapsed: Duration,
}

/// What a failed `/doc-bearer` call said, the parts [`whole_server_notice`] looks at.
struct Failure<'a> {
    kind: ErrorKind,
    status: Option<u16>,
    /// The server's exception class, when it sent one.
    class: Option<&'a str>,
    message: &'a str,
    /// The error's first line, to quote.
    line: String,
}

impl<'a> Failure<'a> {
    fn of(e: &'a odoo_runtime::Error) -> Self {
        Failure {
            kind: e.kind(),
            status: e.status(),
            class: e.exception_class(),
            message: e.server_message().unwrap_or_default(),
            line: one_line(e),
        }
    }
}

/// Why the documentation cannot be read for any model, if that is what the failure says.
fn whole_server_notice(f: &Failure<'_>) -> Option<String> {
    let line = &f.line;
    match (f.kind, f.status) {
        (ErrorKind::Builder, _) => Some(
            "methods not read: `/doc-bearer` needs an API key (ODOO_API_KEY), a password cannot read it".into(),
        ),
        (ErrorKind::AccessDenied, _) => Some(format!(
            "methods not read: `/doc-bearer` refused the API key ({line})"
        )),
        (ErrorKind::AccessError, _) if f.message.contains("only accessible") => Some(format!(
            "methods not read: {} (the group `api_doc.group_allow_doc`)",
            f.message.trim()
        )),
        // An HTML page, a redirect to the login page, or 404 for the route itself: the server
        // has no `/doc-bearer` (Odoo 18 and older, or 19 without `api_doc`).
        (_, Some(303 | 404 | 405)) if f.class.is_none() => Some(format!(
            "methods not read: the server has no `/doc-bearer` (Odoo 19 with the `api_doc` module has it): {line}"
        )),
        (ErrorKind::Transport, None) => Some(format!("methods not read: {line}")),
        _ => None,
    }
}

fn one_line(e: &odoo_runtime::Error) -> String {
    e.to_string().lines().next().unwrap_or_default().to_owned()
}

/// A signature with Python's object addresses (`<… object at 0x7fbf99b14e80>`) taken out:
/// they change with every server start, and the snapshot must not.
fn stable_signature(signature: &str) -> String {
    let mut out = String::with_capacity(signature.len());
    let mut rest = signature;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at 0x".len()..];
        let hex = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

fn stable(mut method: Method) -> Method {
    method.signature = stable_signature(&method.signature);
    method
}

/// Reads the public methods of every model of `schema` from `/doc-bearer` and stores them in
/// [`Model::methods`](odoo_runtime::schema::Model::methods), replacing what was there; a model
/// that cannot be read keeps none. Never fails: see [`MethodsReport`].
pub async fn read_methods(
    client: &Client,
    schema: &mut Schema,
    options: &MethodsOptions,
) -> MethodsReport {
    let started = Instant::now();
    let mut report = MethodsReport::default();
    let names: Vec<String> = schema.models.keys().cloned().collect();
    for model in schema.models.values_mut() {
        model.methods.clear();
        model.methods_etag = None;
    }
    let Some((first, rest)) = names.split_first() else {
        return report;
    };
    let etag = |model: &str| options.previous.get(model).map(|(e, _)| e.as_str());
    // One model first: a server without `/doc-bearer` or a password tells at once.
    let probe = client.api_doc_if_changed(first, etag(first)).await;
    report.calls += 1;
    if let Err(e) = &probe {
        if let Some(notice) = whole_server_notice(&Failure::of(e)) {
            tracing::warn!(%notice, "methods");
            report.notice = Some(notice);
            report.elapsed = started.elapsed();
            return report;
        }
    }
    let mut results = vec![(first.clone(), probe)];
    results.extend(
        stream::iter(rest.iter().cloned())
            .map(|model| async move {
                let started = Instant::now();
                let r = client.api_doc_if_changed(&model, etag(&model)).await;
                let ms = started.elapsed().as_millis() as u64;
                match &r {
                    Ok(Some(doc)) => {
                        tracing::info!(model = %model, methods = doc.methods.len(), ms, "api_doc")
                    }
                    Ok(None) => tracing::info!(model = %model, ms, "api_doc unchanged"),
                    Err(e) => tracing::info!(model = %model, error = %one_line(e), ms, "api_doc"),
                }
                (model, r)
            })
            .buffer_unordered(options.concurrency)
            .collect::<Vec<_>>()
            .await,
    );
    report.calls += rest.len();
    for (name, result) in results {
        match result {
            Ok(Some(doc)) => {
                if let Some(model) = schema.models.get_mut(&name) {
                    model.methods = doc
                        .methods
                        .into_iter()
                        .map(|(n, m)| (n, stable(m)))
                        .collect();
                    model.methods_etag = doc.methods_etag;
                    report.models += 1;
                    report.methods += model.methods.len();
                }
            }
            Ok(None) => {
                if let (Some(model), Some((etag, methods))) =
                    (schema.models.get_mut(&name), options.previous.get(&name))
                {
                    model.methods = methods.clone();
                    model.methods_etag = Some(etag.clone());
                    report.models += 1;
                    report.unchanged += 1;
                    report.methods += model.methods.len();
                }
            }
            Err(e) => report.skipped.push(SkippedModel {
                model: name,
                reason: one_line(&e),
            }),
        }
    }
    report.skipped.sort_by(|a, b| a.model.cmp(&b.model));
    report.elapsed = started.elapsed();
    tracing::info!(
        models = report.models,
        methods = report.methods,
        skipped = report.skipped.len(),
        seconds = %format_args!("{:.2}", report.elapsed.as_secs_f64()),
        "methods read"
    );
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_addresses_leave_the_signature() {
        assert_eq!(
            stable_signature(
                "(e, index_map=<odoo.tools.misc.ConstantMapping object at 0x7fbf99b14e80>)"
            ),
            "(e, index_map=<odoo.tools.misc.ConstantMapping object>)"
        );
        assert_eq!(stable_signature("(a, b=None) -> int"), "(a, b=None) -> int");
    }

    fn failure(
        kind: ErrorKind,
        status: Option<u16>,
        class: Option<&'static str>,
        message: &'static str,
    ) -> Failure<'static> {
        Failure {
            kind,
            status,
            class,
            message,
            line: message.to_owned(),
        }
    }

    #[test]
    fn what_stops_the_whole_pull_is_a_notice() {
        let password = failure(ErrorKind::Builder, None, None, "api_doc needs an API key");
        assert!(whole_server_notice(&password).unwrap().contains("API key"));
        let one_model = failure(
            ErrorKind::AccessError,
            Some(403),
            Some("odoo.exceptions.AccessError"),
            "You are not allowed to access 'Accrued Orders Wizard' (account.accrued.orders.wizard) records.",
        );
        assert_eq!(whole_server_notice(&one_model), None);
        let no_group = failure(
            ErrorKind::AccessError,
            Some(403),
            Some("odoo.exceptions.AccessError"),
            "This page is only accessible to Allow API Doc users.",
        );
        assert!(whole_server_notice(&no_group).unwrap().contains("group"));
        let no_route = failure(ErrorKind::Transport, Some(404), None, "HTTP 404");
        assert!(whole_server_notice(&no_route)
            .unwrap()
            .contains("no `/doc-bearer`"));
        let server_404 = failure(
            ErrorKind::MissingRecord,
            Some(404),
            Some("odoo.exceptions.MissingError"),
            "gone",
        );
        assert_eq!(whole_server_notice(&server_404), None);
    }
}
