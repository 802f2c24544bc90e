//! The `odoo-codegen` command line (the `cli` feature): a thin layer over the library.
//!
//! ```text
//! odoo-codegen pull     --url URL --db DB --user LOGIN [--out odoo-schema.json] [--check] [--no-methods]
//! odoo-codegen generate [--snapshot odoo-schema.json] [--out src/odoo] [--check] [--methods own]
//! ```
//!
//! Settings come from, in order of precedence: flags, the environment (`ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER`, `ODOO_PROTOCOL`), the config file (`--config`, default `odoo-codegen.json` when
//! it exists). The password or API key comes only from `ODOO_PASSWORD` / `ODOO_API_KEY`, never
//! from a flag or a file, and is never printed. See [`ConfigFile`] for the file's format.
//!
//! Exit codes: 0 success, 1 stale files under `--check`, 2 any error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use odoo_runtime::Protocol;
use serde::Deserialize;

use crate::api_doc;
use crate::config::{Config, Layout, MethodSelection, DEFAULT_SNAPSHOT};
use crate::env::{Connection, Secret};
use crate::error::{Error, ErrorKind};
use crate::filter::ModelFilter;
use crate::introspect::{self, FieldsSource, IntrospectOptions};
use crate::output;
use crate::snapshot;

/// The config file name looked for in the current directory when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "odoo-codegen.json";

/// The config file: JSON, every key optional. Secrets are not accepted here.
///
/// ```
/// let file: odoo_codegen::cli::ConfigFile = serde_json::from_str(r#"{
///   "url": "https://odoo.example.com",
///   "database": "prod",
///   "user": "admin",
///   "protocol": "json2",
///   "snapshot": "odoo-schema.json",
///   "out": "src/odoo",
///   "models": ["res.partner", "sale.*"],
///   "exclude_models": ["*.wizard"],
///   "modules": [],
///   "fields_source": "bulk",
///   "concurrency": 8,
///   "include_non_stored": false,
///   "include_binaries": false,
///   "pull_methods": true,
///   "methods": "own",
///   "per_model": {
///     "res.partner": {"include": ["image_128"], "exclude": ["message_*"], "exclude_methods": ["activity_*"]},
///     "sale.order": {"only": ["name", "partner_id", "state", "amount_total"], "methods": ["name_search"]}
///   }
/// }"#).unwrap();
/// assert_eq!(file.models, ["res.partner", "sale.*"]);
/// ```
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ConfigFile {
    /// The server URL.
    pub url: Option<String>,
    /// The database.
    pub database: Option<String>,
    /// The login.
    pub user: Option<String>,
    /// `xmlrpc`, `jsonrpc` or `json2`.
    pub protocol: Option<String>,
    /// The snapshot file (relative to the config file).
    pub snapshot: Option<PathBuf>,
    /// The output directory of `generate` (relative to the config file).
    pub out: Option<PathBuf>,
    /// Model include globs.
    pub models: Vec<String>,
    /// Model exclude globs.
    pub exclude_models: Vec<String>,
    /// Modules.
    pub modules: Vec<String>,
    /// `bulk` (default), `bulk-only` or `fields-get`.
    pub fields_source: Option<String>,
    /// Calls in flight during `pull`.
    pub concurrency: Option<usize>,
    /// Put non-stored fields in every struct.
    pub include_non_stored: bool,
    /// Put binary fields in every struct.
    pub include_binaries: bool,
    /// `pull` reads the models' methods from `/doc-bearer` (default true; needs an API key).
    pub pull_methods: Option<bool>,
    /// Which methods get typed functions: `none`, `own` (default) or `all`.
    pub methods: Option<String>,
    /// Per-model read lists and methods, keyed by model glob.
    pub per_model: BTreeMap<String, PerModel>,
}

/// The read list of the models matching a glob, in [`ConfigFile::per_model`].
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct PerModel {
    /// Read only these fields (globs).
    pub only: Vec<String>,
    /// Also read these fields (globs), non-stored or binary.
    pub include: Vec<String>,
    /// Never read these fields (globs).
    pub exclude: Vec<String>,
    /// Read the non-stored fields.
    pub non_stored: Option<bool>,
    /// Read the binary fields.
    pub binaries: Option<bool>,
    /// Bind these methods (globs), whatever the selection.
    pub methods: Vec<String>,
    /// Never bind these methods (globs).
    pub exclude_methods: Vec<String>,
}

const AFTER_HELP: &str = "\
Settings: flags first, then the environment, then the config file (--config, or ./odoo-codegen.json).
Secrets come only from the environment: ODOO_PASSWORD or ODOO_API_KEY (never from a flag or a file),
and are never printed, with -v or RUST_LOG either.
Exit codes: 0 success, 1 stale files with --check, 2 error.";

/// Generates typed Rust bindings for Odoo models.
#[derive(Debug, Parser)]
#[command(name = "odoo-codegen", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// The config file (JSON) [default: ./odoo-codegen.json when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print each call made to the server (-vv: and the protocol layer's); RUST_LOG
    /// (`target=level,…`) chooses instead
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a live database's schema and write the snapshot file
    Pull(PullArgs),
    /// Generate Rust modules from the snapshot file (no server needed)
    Generate(GenerateArgs),
}

/// Which models.
#[derive(Debug, Args, Default)]
pub struct ModelArgs {
    /// Only models matching these globs (`*`, `?`; repeat or separate with commas)
    #[arg(long = "models", value_name = "GLOB", value_delimiter = ',')]
    pub models: Vec<String>,
    /// Leave out models matching these globs
    #[arg(long = "exclude", value_name = "GLOB", value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Only models defined or extended by these Odoo modules
    #[arg(long = "module", value_name = "MODULE", value_delimiter = ',')]
    pub modules: Vec<String>,
}

/// `pull`'s flags.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// The server URL
    #[arg(long, env = "ODOO_URL", hide_env_values = true)]
    pub url: Option<String>,
    /// The database
    #[arg(long = "db", env = "ODOO_DB", hide_env_values = true)]
    pub database: Option<String>,
    /// The login
    #[arg(long = "user", env = "ODOO_USER", hide_env_values = true)]
    pub user: Option<String>,
    /// The protocol: xmlrpc, jsonrpc or json2 [default: json2 with an API key on Odoo 19+, else xmlrpc]
    #[arg(
        long,
        env = "ODOO_PROTOCOL",
        hide_env_values = true,
        value_name = "PROTOCOL"
    )]
    pub protocol: Option<String>,
    /// Where field definitions come from: bulk, bulk-only or fields-get [default: bulk]
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<String>,
    /// Calls in flight at once [default: 8]
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// The snapshot file to write [default: odoo-schema.json]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 when the snapshot file differs from the server's schema
    #[arg(long)]
    pub check: bool,
    /// Do not read the models' methods from /doc-bearer (which needs an API key and takes
    /// about a second per model)
    #[arg(long)]
    pub no_methods: bool,
    /// Read every model's methods again, even those the snapshot file already holds with an
    /// ETag Odoo still answers `304 Not Modified` to
    #[arg(long)]
    pub refresh: bool,
    /// No progress bar
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub models: ModelArgs,
}

/// `generate`'s flags.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The snapshot file to read [default: odoo-schema.json]
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// The directory to write mod.rs and one file per model into [default: src/odoo]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 when a file in the output directory is stale
    #[arg(long)]
    pub check: bool,
    /// Put non-stored (computed) fields in the structs
    #[arg(long)]
    pub include_non_stored: bool,
    /// Put binary fields in the structs
    #[arg(long)]
    pub include_binaries: bool,
    /// Which methods get typed functions: none, own (the model's and its mixins', not the
    /// ORM's) or all [default: own]
    #[arg(long, value_name = "SELECTION")]
    pub methods: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub models: ModelArgs,
}

/// Runs the command line with the process's arguments; what `main` calls. Sets up logging
/// to standard error first (see [`init_logging`]).
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    if let Err(e) = init_logging(cli.verbose) {
        let _ = writeln!(err, "error: {}", one_line(&e.to_string()));
        return std::process::ExitCode::from(2);
    }
    std::process::ExitCode::from(run(cli, &mut out, &mut err))
}

/// Logs `tracing` events to standard error: `RUST_LOG` when it is set (`target=level`
/// directives, e.g. `odoo_codegen=info,odoo_runtime=debug`), else by `-v` count: none, the
/// calls `odoo-codegen` makes (`odoo_codegen=info`), then the protocol layer's calls too
/// (`odoo_codegen=debug,odoo_runtime=debug`), then `trace` for both. The events carry
/// models, methods, sizes and times, never a password or an API key.
pub fn init_logging(verbose: u8) -> Result<(), Error> {
    use tracing::Level;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    use tracing_subscriber::Layer as _;

    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => spec
            .parse::<Targets>()
            .map_err(|e| Error::config(format!("RUST_LOG=`{}`: {e}", one_line(&spec))))?,
        _ => {
            let (ours, runtime) = match verbose {
                0 => return Ok(()),
                1 => (Level::INFO, None),
                2 => (Level::DEBUG, Some(Level::DEBUG)),
                _ => (Level::TRACE, Some(Level::TRACE)),
            };
            let targets = Targets::new().with_target("odoo_codegen", ours);
            match runtime {
                Some(level) => targets.with_target("odoo_runtime", level),
                None => targets,
            }
        }
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_timer(tracing_subscriber::fmt::time::Uptime::default())
        .with_filter(filter);
    // Already set (a test harness, an embedding program): keep theirs.
    let _ = tracing_subscriber::registry().with(layer).try_init();
    Ok(())
}

/// `true` when `RUST_LOG` or `-v` turned logging on: the progress bar would garble it.
fn logging(verbose: u8) -> bool {
    verbose > 0 || std::env::var_os("RUST_LOG").is_some_and(|v| !v.is_empty())
}

/// A message on one line: an error from a server may hold newlines.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a parsed command line, writing to `out` and `err`; returns the exit code. An error is
/// one line, `error: …`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match execute(cli, out, err) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: {}", one_line(&e.to_string()));
            2
        }
    }
}

fn load_config_file(path: Option<&Path>) -> Result<(ConfigFile, PathBuf), Error> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file: ConfigFile =
                serde_json::from_str(&text).map_err(|e| Error::config(e.to_string()).at(&path))?;
            Ok((file, base))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok((ConfigFile::default(), base))
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

fn merge_list(flag: &[String], file: &[String]) -> Vec<String> {
    if flag.is_empty() {
        file.to_vec()
    } else {
        flag.to_vec()
    }
}

fn filter(args: &ModelArgs, file: &ConfigFile) -> ModelFilter {
    ModelFilter::default()
        .include(merge_list(&args.models, &file.models))
        .exclude(merge_list(&args.exclude, &file.exclude_models))
        .modules(merge_list(&args.modules, &file.modules))
}

fn relative(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

fn execute(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (file, base) = load_config_file(cli.config.as_deref())?;
    let verbose = cli.verbose;
    let io = |e: std::io::Error| Error::config(format!("cannot write the output: {e}"));
    match cli.command {
        Command::Pull(args) => {
            let protocol = match args.protocol.as_deref().or(file.protocol.as_deref()) {
                Some(p) => Some(p.parse::<Protocol>()?),
                None => None,
            };
            let connection = Connection {
                url: args.url.clone().or(file.url.clone()),
                database: args.database.clone().or(file.database.clone()),
                login: args.user.clone().or(file.user.clone()),
                secret: None,
                protocol,
            }
            .or_env()?;
            let source = match args.source.as_deref().or(file.fields_source.as_deref()) {
                Some(s) => s.parse()?,
                None => FieldsSource::Bulk,
            };
            let options = IntrospectOptions::default()
                .filter(filter(&args.models, &file))
                .source(source)
                .concurrency(args.concurrency.or(file.concurrency).unwrap_or(8))
                .progress(!args.quiet && !logging(verbose));
            let target = args.out.clone().unwrap_or_else(|| {
                relative(
                    &base,
                    file.snapshot
                        .as_deref()
                        .unwrap_or(Path::new(DEFAULT_SNAPSHOT)),
                )
            });
            let client = connection.client()?;
            let pull_methods = !args.no_methods && file.pull_methods.unwrap_or(true);
            tracing::info!(
                url = %connection.url_for_logs(),
                database = client.database(),
                login = connection.login.as_deref().unwrap_or_default(),
                credential = connection.secret.as_ref().map_or("none", Secret::kind),
                protocol = connection.protocol.map_or("auto", |p| p.as_str()),
                "connecting"
            );
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| Error::config(format!("cannot start a runtime: {e}")))?;
            let mut result = runtime.block_on(introspect::introspect(&client, &options))?;
            for failure in &result.failures {
                writeln!(err, "warning: {failure}").map_err(io)?;
            }
            let methods = if pull_methods {
                let mut methods_options = api_doc::MethodsOptions::default();
                // What the snapshot being replaced holds: unchanged models cost a 304.
                if !args.refresh {
                    if let Ok(previous) = snapshot::read(&target) {
                        methods_options = methods_options.previous(&previous);
                    }
                }
                let report = runtime.block_on(api_doc::read_methods(
                    &client,
                    &mut result.schema,
                    &methods_options,
                ));
                if let Some(notice) = &report.notice {
                    writeln!(err, "notice: {notice}").map_err(io)?;
                } else if !report.skipped.is_empty() {
                    writeln!(
                        err,
                        "notice: no methods for {} models whose documentation this user cannot read (first: {})",
                        report.skipped.len(),
                        report.skipped[0]
                    )
                    .map_err(io)?;
                }
                Some(report)
            } else {
                None
            };
            let text = snapshot::render(&result.schema);
            let fields: usize = result.schema.models.values().map(|m| m.fields.len()).sum();
            if args.check {
                let current = std::fs::read_to_string(&target).unwrap_or_default();
                if current == text {
                    writeln!(
                        out,
                        "{} is up to date ({} models)",
                        target.display(),
                        result.schema.models.len()
                    )
                    .map_err(io)?;
                    return Ok(0);
                }
                writeln!(
                    err,
                    "{} is stale: run `odoo-codegen pull` to update it",
                    target.display()
                )
                .map_err(io)?;
                return Ok(1);
            }
            let wrote = output::write_if_changed(&target, &text)?;
            let (method_text, method_calls, method_secs) = match &methods {
                Some(m) if m.unchanged > 0 => (
                    format!(
                        ", {} methods of {} models ({} unchanged since the snapshot: 304)",
                        m.methods, m.models, m.unchanged
                    ),
                    m.calls,
                    m.elapsed.as_secs_f64(),
                ),
                Some(m) => (
                    format!(", {} methods of {} models", m.methods, m.models),
                    m.calls,
                    m.elapsed.as_secs_f64(),
                ),
                None => (String::new(), 0, 0.0),
            };
            writeln!(
                out,
                "{} {}: {} models, {} fields{method_text} from Odoo {}, database {} ({} calls, {:.1} s{})",
                if wrote { "wrote" } else { "unchanged" },
                target.display(),
                result.schema.models.len(),
                fields,
                result.schema.odoo_version,
                result.schema.database,
                result.calls + method_calls,
                result.elapsed.as_secs_f64() + method_secs,
                if result.failures.is_empty() {
                    String::new()
                } else {
                    format!(", {} failed", result.failures.len())
                }
            )
            .map_err(io)?;
            Ok(0)
        }
        Command::Generate(args) => {
            let snapshot = args.snapshot.clone().unwrap_or_else(|| {
                relative(
                    &base,
                    file.snapshot
                        .as_deref()
                        .unwrap_or(Path::new(DEFAULT_SNAPSHOT)),
                )
            });
            let out_dir = args.out.clone().unwrap_or_else(|| {
                relative(&base, file.out.as_deref().unwrap_or(Path::new("src/odoo")))
            });
            let selection = match args.methods.as_deref().or(file.methods.as_deref()) {
                Some(s) => s.parse::<MethodSelection>()?,
                None => MethodSelection::Own,
            };
            let mut config = Config::new()
                .method_selection(selection)
                .snapshot(&snapshot)
                .model_filter_from(filter(&args.models, &file))
                .include_non_stored(args.include_non_stored || file.include_non_stored)
                .include_binaries(args.include_binaries || file.include_binaries)
                .layout(Layout::Modules);
            for (glob, per) in &file.per_model {
                if !per.only.is_empty() {
                    config = config.only_fields(glob, per.only.clone());
                }
                if !per.include.is_empty() {
                    config = config.include_fields(glob, per.include.clone());
                }
                if !per.exclude.is_empty() {
                    config = config.exclude_fields(glob, per.exclude.clone());
                }
                if let Some(yes) = per.non_stored {
                    config = config.model_non_stored(glob, yes);
                }
                if let Some(yes) = per.binaries {
                    config = config.model_binaries(glob, yes);
                }
                if !per.methods.is_empty() {
                    config = config.methods(glob, per.methods.clone());
                }
                if !per.exclude_methods.is_empty() {
                    config = config.exclude_methods(glob, per.exclude_methods.clone());
                }
            }
            let schema = snapshot::read(&snapshot).map_err(|e| {
                if e.kind() == ErrorKind::Io {
                    e.with_hint(
                        "write it first with `odoo-codegen pull`, or name it with --snapshot",
                    )
                } else {
                    e
                }
            })?;
            let generated = config.generate(&schema)?;
            for w in &generated.warnings {
                writeln!(err, "warning: {w}").map_err(io)?;
            }
            if args.check {
                let staleness = generated.check(&out_dir)?;
                if staleness.is_fresh() {
                    writeln!(
                        out,
                        "{} is up to date ({} files)",
                        out_dir.display(),
                        generated.files.len()
                    )
                    .map_err(io)?;
                    return Ok(0);
                }
                write!(
                    err,
                    "{} is stale: run `odoo-codegen generate` to update it\n{}",
                    out_dir.display(),
                    staleness.report()
                )
                .map_err(io)?;
                return Ok(1);
            }
            let written = generated.write_to(&out_dir)?;
            writeln!(
                out,
                "generated {} models into {} ({} files written, {} unchanged)",
                generated.files.len() - 1,
                out_dir.display(),
                written,
                generated.files.len() - written
            )
            .map_err(io)?;
            Ok(0)
        }
    }
}
