//! Reading a live database's schema (the `live` feature).
//!
//! [`introspect`] makes the calls over whatever protocol the [`Client`] speaks; turning the
//! answers into a [`Schema`] is [`crate::convert`]'s pure code. See there for how the two ways
//! of reading fields differ; [`FieldsSource`] picks one.
//!
//! ```no_run
//! # async fn run() -> Result<(), odoo_codegen::Error> {
//! use odoo_codegen::introspect::{introspect, IntrospectOptions};
//! use odoo_codegen::ModelFilter;
//!
//! let client = odoo_runtime::Client::builder()
//!     .url("http://localhost:8069")
//!     .database("odoo19")
//!     .password("admin", "admin")
//!     .build()?;
//! let options = IntrospectOptions::default().filter(ModelFilter::default().include(["sale.*"]));
//! let result = introspect(&client, &options).await?;
//! for failure in &result.failures {
//!     eprintln!("{failure}");
//! }
//! std::fs::write("odoo-schema.json", odoo_codegen::snapshot::render(&result.schema)).unwrap();
//! # Ok(()) }
//! ```

//! ## How fast
//!
//! On the recorded Odoo 19 server (394 models), `fields_get` for every model took 11.5 s one
//! after the other and 9.2 s with 8 threads (the server is the bottleneck), while the two bulk
//! reads took 2.1–2.8 s. [`FieldsSource::Bulk`] makes its four reads at once, then 21 small
//! `fields_get` calls (one or two fields, the `selection` attribute only, 8 in flight): about
//! 2.5–3 s, 3.8–4.6× faster than the sequential client ([`introspect_sequential`]), an
//! estimate from those timings;
//! [`FieldsSource::BulkOnly`] about 4–5×. odoo-testkit cannot show this: it answers a
//! `fields_get` in about a millisecond, so there the figure that carries over is the number of
//! calls (4 to 25 instead of 396), which `tests/it/pull.rs` checks.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use odoo_runtime::schema::{Field, Model, Schema};
use odoo_runtime::{Call, Client, Value};

use crate::convert;
use crate::error::Error;
use crate::filter::ModelFilter;

/// What introspection reads differently by Odoo version (the client's own differences are in
/// `odoo-runtime`'s `protocol/versions.rs`). Checked against Odoo 17.0, 18.0 and 19.0:
///
/// | what | 17 | 18 | 19 | what introspection does |
/// | --- | --- | --- | --- | --- |
/// | `ir.model.fields.company_dependent` | no such column (`Invalid field 'company_dependent' on model 'ir.model.fields'`) | boolean | boolean | [`COLUMNS_SINCE`]: not asked on 17; the field's `company_dependent` is then left unknown |
/// | `ir.model.fields.translate` | boolean | boolean | selection (`standard`, `html_translate`, `xml_translate`, `false`) | read as a boolean: any value but `false` is translatable ([`convert::bulk_fields`]) |
/// | `ir.model.fields.complete_name` | char | char | no such column | not read |
/// | `res.users` `fields_get` | adds `in_group_<id>` and `sel_groups_<id>_<id>…` (group ids of that database, not in `ir.model.fields`) | the same | none | left out ([`reified_group_field`]), so a snapshot does not depend on a database's group ids |
/// | model and field counts (stock modules) | 368 models, 6,725 `ir.model.fields` rows | 390, 7,095 | 394, 7,551 | — |
///
/// The `ir.model` columns read ([`convert::IR_MODEL_FIELDS`]) and `fields_get` attributes
/// ([`odoo_runtime::schema::FIELD_ATTRIBUTES`]) exist on every version (unknown attributes
/// are ignored by all three).
pub const COLUMNS_SINCE: &[(&str, u32)] = &[("company_dependent", 18)];

/// The `ir.model.fields` columns the bulk sources read from a server of this major version
/// (`None`: unknown, all of them).
///
/// ```
/// use odoo_codegen::introspect::ir_model_fields_columns;
/// assert!(!ir_model_fields_columns(Some(17)).contains(&"company_dependent"));
/// assert!(ir_model_fields_columns(Some(18)).contains(&"company_dependent"));
/// assert_eq!(ir_model_fields_columns(None), odoo_codegen::convert::IR_MODEL_FIELDS_FIELDS);
/// ```
pub fn ir_model_fields_columns(major: Option<u32>) -> Vec<&'static str> {
    convert::IR_MODEL_FIELDS_FIELDS
        .iter()
        .copied()
        .filter(
            |column| match (major, COLUMNS_SINCE.iter().find(|(c, _)| c == column)) {
                (Some(major), Some((_, since))) => major >= *since,
                _ => true,
            },
        )
        .collect()
}

/// Whether `res.users.<name>` is one of the group pseudo-fields that Odoo 17's and 18's
/// `fields_get` add (`in_group_7`, `sel_groups_1_10_11`): not fields of the model, and named
/// after one database's group ids.
///
/// ```
/// use odoo_codegen::introspect::reified_group_field;
/// assert!(reified_group_field("res.users", "in_group_7"));
/// assert!(reified_group_field("res.users", "sel_groups_1_10_11"));
/// assert!(!reified_group_field("res.users", "groups_id"));
/// assert!(!reified_group_field("res.partner", "in_group_7"));
/// ```
pub fn reified_group_field(model: &str, name: &str) -> bool {
    let ids = |rest: &str, many: bool| {
        let mut parts = rest.split('_');
        let all_digits = parts
            .clone()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        all_digits && (many || parts.nth(1).is_none())
    };
    model == "res.users"
        && (name
            .strip_prefix("in_group_")
            .is_some_and(|r| ids(r, false))
            || name
                .strip_prefix("sel_groups_")
                .is_some_and(|r| ids(r, true)))
}

/// Where field definitions come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldsSource {
    /// The default: two bulk reads (`ir.model.fields`, `ir.model.fields.selection`), then, for
    /// the models that have selection fields without static values, one small `fields_get`
    /// asking only for those fields' `selection`. Gives every stored definition and the
    /// evaluated dynamic selections.
    #[default]
    Bulk,
    /// The two bulk reads only: fastest; dynamic selections are typed `Option<String>`.
    BulkOnly,
    /// One full `fields_get` per model (concurrently): what the user may see, as the server's
    /// UI sees it. The slowest.
    FieldsGet,
}

impl std::str::FromStr for FieldsSource {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "bulk" => Ok(FieldsSource::Bulk),
            "bulk-only" => Ok(FieldsSource::BulkOnly),
            "fields-get" => Ok(FieldsSource::FieldsGet),
            _ => Err(Error::config(format!(
                "unknown fields source `{s}`: expected `bulk`, `bulk-only` or `fields-get`"
            ))),
        }
    }
}

/// When to draw a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// On standard error when it is a terminal (the default).
    #[default]
    Auto,
    /// Never.
    Hidden,
}

/// What to read and how.
#[derive(Clone, Debug)]
#[must_use]
pub struct IntrospectOptions {
    filter: ModelFilter,
    source: FieldsSource,
    concurrency: usize,
    progress: Progress,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        IntrospectOptions {
            filter: ModelFilter::default(),
            source: FieldsSource::Bulk,
            concurrency: 8,
            progress: Progress::Auto,
        }
    }
}

impl IntrospectOptions {
    /// Which models to read (all by default).
    ///
    /// ```
    /// use odoo_codegen::{introspect::IntrospectOptions, ModelFilter};
    /// let options = IntrospectOptions::default().filter(ModelFilter::default().include(["res.*"]));
    /// ```
    pub fn filter(mut self, filter: ModelFilter) -> Self {
        self.filter = filter;
        self
    }

    /// Where fields come from (default [`FieldsSource::Bulk`]).
    ///
    /// ```
    /// use odoo_codegen::introspect::{FieldsSource, IntrospectOptions};
    /// let options = IntrospectOptions::default().source(FieldsSource::FieldsGet);
    /// ```
    pub fn source(mut self, source: FieldsSource) -> Self {
        self.source = source;
        self
    }

    /// How many per-model calls may be in flight at once (default 8, at least 1).
    ///
    /// ```
    /// let options = odoo_codegen::introspect::IntrospectOptions::default().concurrency(4);
    /// ```
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// `false` hides the progress bar even on a terminal.
    ///
    /// ```
    /// let options = odoo_codegen::introspect::IntrospectOptions::default().progress(false);
    /// ```
    pub fn progress(mut self, show: bool) -> Self {
        self.progress = if show {
            Progress::Auto
        } else {
            Progress::Hidden
        };
        self
    }
}

/// A model whose fields could not be read; the run goes on without them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelFailure {
    /// The model.
    pub model: String,
    /// Why (the server's message or the transport error).
    pub reason: String,
}

impl fmt::Display for ModelFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.model, self.reason)
    }
}

/// The result of [`introspect`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Introspection {
    /// The schema (models that failed keep the fields that could be read, possibly none).
    pub schema: Schema,
    /// The models that failed, and why.
    pub failures: Vec<ModelFailure>,
    /// How many calls were made.
    pub calls: usize,
    /// How long it took.
    pub elapsed: Duration,
}

fn one_line(e: &odoo_runtime::Error) -> String {
    e.to_string().lines().next().unwrap_or_default().to_owned()
}

/// A domain on `field` keeping the names the include globs may match (`=like` patterns: a
/// superset, since `_` matches any character in SQL); the exact filter is applied locally.
fn glob_domain(field: &str, filter: &ModelFilter) -> Vec<Value> {
    let mut domain = Vec::new();
    for _ in 1..filter.include.len() {
        domain.push(Value::from("|"));
    }
    for glob in &filter.include {
        let pattern = glob.replace('*', "%").replace('?', "_");
        domain.push(Value::Array(vec![
            field.into(),
            "=like".into(),
            pattern.into(),
        ]));
    }
    domain
}

/// Logs a finished call at INFO (what `odoo-codegen -v` shows): model, method, the size of
/// the answer and how long it took. Never a URL, a credential or a value read.
fn log_call<T>(
    model: &str,
    method: &str,
    started: Instant,
    result: &Result<T, odoo_runtime::Error>,
    size: impl Fn(&T) -> String,
) {
    let ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(answer) => tracing::info!(model, method, answer = %size(answer), ms, "call"),
        Err(e) => tracing::warn!(model, method, error = %one_line(e), ms, "call failed"),
    }
}

/// `1 row`, `3 rows`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

async fn version(client: &Client) -> Result<odoo_runtime::ServerVersion, Error> {
    let started = Instant::now();
    let result = client.version().await;
    let ms = started.elapsed().as_millis() as u64;
    match &result {
        Ok(v) => {
            tracing::info!(service = "common", method = "version", answer = %v.server_version, ms, "call")
        }
        Err(e) => {
            tracing::warn!(service = "common", method = "version", error = %one_line(e), ms, "call failed")
        }
    }
    Ok(result?)
}

async fn search_read(
    client: &Client,
    model: &str,
    domain: &[Value],
    fields: &[&str],
) -> Result<Vec<Value>, Error> {
    let started = Instant::now();
    let result = client
        .call::<Vec<Value>>(
            Call::new(model, "search_read")
                .arg("domain", domain)
                .arg("fields", fields),
        )
        .await;
    log_call(model, "search_read", started, &result, |rows| {
        count(rows.len(), "row")
    });
    Ok(result?)
}

async fn fields_get(client: &Client, model: &str) -> FieldsAnswer {
    let started = Instant::now();
    let result = client.fields_get(model).await;
    log_call(model, "fields_get", started, &result, |fields| {
        count(fields.len(), "field")
    });
    result
}

/// `fields_get` asking only for the `selection` of `names`.
async fn selections_get(
    client: &Client,
    model: &str,
    names: &[String],
) -> Result<Value, odoo_runtime::Error> {
    let started = Instant::now();
    let result = client
        .call::<Value>(
            Call::new(model, "fields_get")
                .arg("allfields", names)
                .arg("attributes", ["selection"]),
        )
        .await;
    log_call(model, "fields_get", started, &result, |_| {
        format!("the selection of {}", count(names.len(), "field"))
    });
    result
}

/// Reads the schema of the client's database.
///
/// Fails only when the model list cannot be read (or, with the bulk sources, the bulk reads);
/// a model whose own call fails is recorded in [`Introspection::failures`].
///
/// The bulk sources make their reads at the same time (the version, `ir.model`,
/// `ir.model.fields`, `ir.model.fields.selection`); [`FieldsSource::Bulk`] then copies the
/// values of related selections from the fields they mirror and asks `fields_get` only for
/// the selections still unknown (21 models on the recorded Odoo 19 database instead of 394).
pub async fn introspect(
    client: &Client,
    options: &IntrospectOptions,
) -> Result<Introspection, Error> {
    let started = Instant::now();
    tracing::info!(
        database = client.database(),
        source = ?options.source,
        concurrency = options.concurrency,
        "reading the schema"
    );
    let domain = glob_domain("model", &options.filter);
    let selected = |rows: Vec<Value>| -> Vec<Value> {
        rows.into_iter()
            .filter(|row| {
                Model::from_ir_model(row)
                    .is_some_and(|m| options.filter.matches(&m.model, &m.modules))
            })
            .collect()
    };
    let mut failures = Vec::new();
    let mut calls = 2;

    let schema = match options.source {
        FieldsSource::FieldsGet => {
            let (version, rows) = futures_util::future::try_join(
                version(client),
                search_read(client, "ir.model", &domain, convert::IR_MODEL_FIELDS),
            )
            .await?;
            let rows = selected(rows);
            let names: Vec<String> = rows
                .iter()
                .filter_map(Model::from_ir_model)
                .map(|m| m.model)
                .collect();
            let bar = ProgressBar::new(options.progress, names.len() as u64, "fields_get");
            let results: Vec<(String, FieldsAnswer)> = stream::iter(names.iter().cloned())
                .map(|model| {
                    let bar = &bar;
                    async move {
                        let r = fields_get(client, &model).await;
                        bar.inc(&model);
                        (model, r)
                    }
                })
                .buffer_unordered(options.concurrency)
                .collect()
                .await;
            bar.finish();
            calls += results.len();
            let mut answers = Vec::new();
            for (model, result) in results {
                match result {
                    Ok(mut fields) => {
                        fields.retain(|name, _| !reified_group_field(&model, name));
                        answers.push((model, fields));
                    }
                    Err(e) => failures.push(ModelFailure {
                        model,
                        reason: one_line(&e),
                    }),
                }
            }
            Schema::from_parts(
                version.server_version.clone(),
                client.database(),
                &rows,
                answers,
            )
        }
        FieldsSource::Bulk | FieldsSource::BulkOnly => {
            // The columns of `ir.model.fields` depend on the version: ask it first.
            let version = version(client).await?;
            let columns = ir_model_fields_columns(version.major());
            let (rows, field_rows, selection_rows) = futures_util::future::try_join3(
                search_read(client, "ir.model", &domain, convert::IR_MODEL_FIELDS),
                search_read(client, "ir.model.fields", &domain, &columns),
                search_read(
                    client,
                    "ir.model.fields.selection",
                    &[],
                    convert::IR_MODEL_FIELDS_SELECTION_FIELDS,
                ),
            )
            .await?;
            calls += 2;
            let rows = selected(rows);
            let mut fields = convert::bulk_fields(&field_rows, &selection_rows);
            if options.source == FieldsSource::Bulk {
                let related = convert::related_paths(&field_rows);
                convert::propagate_related_selections(&mut fields, &related);
                let ask = convert::selections_to_ask(&fields, &related);
                let bar =
                    ProgressBar::new(options.progress, ask.len() as u64, "dynamic selections");
                let results: Vec<(String, Result<Value, odoo_runtime::Error>)> = stream::iter(ask)
                    .map(|(model, names)| {
                        let bar = &bar;
                        async move {
                            let r = selections_get(client, &model, &names).await;
                            bar.inc(&model);
                            (model, r)
                        }
                    })
                    .buffer_unordered(options.concurrency)
                    .collect()
                    .await;
                bar.finish();
                calls += results.len();
                for (model, result) in results {
                    match result {
                        Ok(answer) => {
                            if let Some(f) = fields.get_mut(&model) {
                                convert::apply_selections(f, &answer);
                            }
                        }
                        Err(e) => failures.push(ModelFailure {
                            model,
                            reason: format!("dynamic selections: {}", one_line(&e)),
                        }),
                    }
                }
                convert::propagate_related_selections(&mut fields, &related);
            }
            convert::schema_from_bulk(&version.server_version, client.database(), &rows, fields)
        }
    };
    failures.sort_by(|a, b| a.model.cmp(&b.model));
    let elapsed = started.elapsed();
    tracing::info!(
        models = schema.models.len(),
        fields = schema.models.values().map(|m| m.fields.len()).sum::<usize>(),
        calls,
        failed = failures.len(),
        seconds = %format_args!("{:.2}", elapsed.as_secs_f64()),
        "schema read"
    );
    Ok(Introspection {
        schema,
        failures,
        calls,
        elapsed,
    })
}

type FieldsAnswer = Result<BTreeMap<String, Field>, odoo_runtime::Error>;

/// The sequential baseline: one `fields_get` after the other, as a simple client does. Kept to
/// measure [`introspect`] against.
pub async fn introspect_sequential(
    client: &Client,
    filter: &ModelFilter,
) -> Result<Introspection, Error> {
    let started = Instant::now();
    let version = version(client).await?;
    let rows = search_read(client, "ir.model", &[], convert::IR_MODEL_FIELDS).await?;
    let rows: Vec<Value> = rows
        .into_iter()
        .filter(|r| Model::from_ir_model(r).is_some_and(|m| filter.matches(&m.model, &m.modules)))
        .collect();
    let mut answers = Vec::new();
    let mut failures = Vec::new();
    for model in rows.iter().filter_map(Model::from_ir_model) {
        match fields_get(client, &model.model).await {
            Ok(mut fields) => {
                fields.retain(|name, _| !reified_group_field(&model.model, name));
                answers.push((model.model, fields));
            }
            Err(e) => failures.push(ModelFailure {
                model: model.model,
                reason: one_line(&e),
            }),
        }
    }
    let calls = 2 + answers.len() + failures.len();
    let schema = Schema::from_parts(version.server_version, client.database(), &rows, answers);
    Ok(Introspection {
        schema,
        failures,
        calls,
        elapsed: started.elapsed(),
    })
}

/// An indicatif bar on a terminal; nothing otherwise. Shows model names only, never a URL
/// with credentials or a key.
struct ProgressBar(Option<indicatif::ProgressBar>);

impl ProgressBar {
    fn new(progress: Progress, len: u64, what: &str) -> ProgressBar {
        use std::io::IsTerminal;
        if progress == Progress::Hidden || len == 0 || !std::io::stderr().is_terminal() {
            return ProgressBar(None);
        }
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_owned());
        ProgressBar(Some(bar))
    }

    fn inc(&self, model: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(model.to_owned());
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
