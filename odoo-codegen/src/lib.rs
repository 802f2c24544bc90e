//! Typed Rust bindings for the models of an Odoo database.
//!
//! Three steps, each usable alone:
//!
//! 1. **Introspect** a live database ([`introspect`], the `live` feature) into a [`Schema`]
//!    (`odoo_runtime::schema`), or convert saved answers ([`convert`]).
//! 2. **Snapshot** it ([`snapshot`]): deterministic, pretty JSON to check in. Builds read the
//!    snapshot and never need a server.
//! 3. **Generate** ([`generate()`], pure): one Rust module per model plus a `mod.rs`, built with
//!    `quote!` and formatted with prettyplease. Structs carry `#[derive(OdooModel)]`; the
//!    behaviour lives in `odoo-runtime`.
//!
//! ## From a build script
//!
//! ```toml
//! [build-dependencies]
//! odoo-codegen = { version = "0.1", default-features = false }
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("odoo");
//!     odoo_codegen::Config::new()
//!         .snapshot("odoo-schema.json")
//!         .models(["res.partner", "sale.*"])
//!         .generate_to(out)?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod odoo {
//!     include!(concat!(env!("OUT_DIR"), "/odoo/mod.rs"));
//! }
//! ```
//!
//! The build reads the snapshot offline. With the `live` feature and `ODOO_URL` set (and
//! `ODOO_OFFLINE` unset) it re-pulls the snapshot first (see [`Live`]). It prints
//! `cargo:rerun-if-changed` for the snapshot and `cargo:rerun-if-env-changed` for the
//! `ODOO_*` variables.
//!
//! ## From the command line
//!
//! ```text
//! ODOO_PASSWORD=… odoo-codegen pull --url https://odoo.example.com --db prod --user admin
//! odoo-codegen generate --out src/odoo            # then `mod odoo;` in the crate
//! odoo-codegen generate --out src/odoo --check    # in CI: exit 1 when stale
//! ```
//!
//! See [`cli`] for the flags and the config file.
//!
//! ## What a generated struct reads
//!
//! A struct is its own read list. By default it holds `id`, `display_name` and every stored
//! field except binaries: reading every field of a big model fails on real servers (computed
//! fields that break when read in bulk, megabytes of images). Per model, choose with
//! [`Config::include_fields`], [`Config::exclude_fields`], [`Config::only_fields`],
//! [`Config::model_non_stored`] and [`Config::model_binaries`].
//!
//! ## Types
//!
//! | Odoo | Rust |
//! | --- | --- |
//! | `boolean` | `bool` |
//! | `integer` | `i64` |
//! | `float`, `monetary` | `f64` |
//! | `char`, `text`, `html` | `Option<String>` |
//! | `date`, `datetime` | `Option<Date>`, `Option<DateTime>` |
//! | `binary` | `Option<Binary>` |
//! | `selection` | `Option<Enum>` (a `#[derive(OdooSelection)]` enum with an `Unlisted(String)` variant for the values the schema does not list); `Option<String>` when its values are not known (a dynamic selection read in bulk only) |
//! | `many2one` | `Option<Many2one<Target>>` |
//! | `one2many`, `many2many` | `X2Many<Target>` |
//! | `reference` | `Option<Reference>` |
//! | `many2one_reference` | `Option<i64>` |
//! | `json`, `properties`, `properties_definition`, and unknown types | `Option<serde_json::Value>` |
//!
//! `Target` is the target model's struct when it is generated too, `AnyModel` otherwise.
//! Naming rules are in [`ident`].
//!
//! ## Example
//!
//! ```
//! use odoo_runtime::schema::{Field, FieldType, Model, Schema, SelectionOption};
//!
//! let mut schema = Schema::new("19.0", "odoo19");
//! let mut order = Model::new("sale.order", "Sales Order");
//! let mut state = Field::new("state", FieldType::Selection, "Status");
//! state.selection = Some(vec![SelectionOption::new("draft", "Quotation"), SelectionOption::new("sale", "Sales Order")]);
//! order.fields.insert("state".into(), state);
//! schema.insert(order);
//!
//! let generated = odoo_codegen::generate(&schema, &odoo_codegen::Config::new()).unwrap();
//! let code = generated.file("sale_order.rs").unwrap();
//! assert!(code.contains("pub state: Option<SaleOrderState>"));
//! assert!(code.contains("#[odoo(value = \"draft\")]"));
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

// The modules by layer, lowest first: a module imports only from the layers above it
// (`tests/layout.rs` checks it).

// Leaves: the error type, name globs, naming.
mod error;
pub mod glob;
pub mod ident;

// Model filters, the snapshot format, saved answers → schema, connection settings.
pub mod convert;
pub mod env;
mod filter;
pub mod snapshot;

// Settings; reading a live database.
#[cfg(feature = "live")]
pub mod api_doc;
mod config;
#[cfg(feature = "live")]
pub mod introspect;

// Pure generation: schema + settings → files in memory.
mod generate;

// Files: write what changed, `--check`.
pub mod output;

// The entry points: build.rs and the command line.
mod build_script;
#[cfg(feature = "cli")]
pub mod cli;

pub use config::{Config, Layout, Live, MethodSelection, DEFAULT_SNAPSHOT};
pub use error::{Error, ErrorKind};
pub use filter::ModelFilter;
pub use generate::{generate, Generated, HEADER_PREFIX, VERSION};
pub use odoo_runtime::schema::Schema;
pub use output::Staleness;
