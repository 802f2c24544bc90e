//! [`Config`]: the generator's settings: which models, which fields, how `mod.rs` reaches the
//! files, whether a build may re-pull. Settings only: generating is [`crate::generate`], the
//! `build.rs` entry point ([`Config::generate_to`]) is [`crate::build_script`].

use std::path::{Path, PathBuf};

use odoo_runtime::schema::{Field, FieldType, Method, Model};

use crate::error::Error;
use crate::filter::ModelFilter;
use crate::glob;

/// The read list of the models whose name matches a glob (see [`Config::include_fields`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ModelOptions {
    pub(crate) pattern: String,
    pub(crate) only: Vec<String>,
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
    pub(crate) non_stored: Option<bool>,
    pub(crate) binaries: Option<bool>,
    pub(crate) methods: Vec<String>,
    pub(crate) exclude_methods: Vec<String>,
}

/// Which of a model's public methods get a typed function, by default (the per-model globs of
/// [`Config::methods`] and [`Config::exclude_methods`] decide first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MethodSelection {
    /// None.
    None,
    /// The model's own methods and its mixins' (`sale.order.action_confirm`,
    /// `mail.thread.message_post`…), not the ones every model has (the ORM's `search`,
    /// `read`, `copy`, `name_search`… and `web_read`…, which `odoo_runtime::Client` types for
    /// every model). The default: on the shared Odoo 19 database (394 models, 297 of them
    /// documented), 1,368 methods instead of 15,921; `cargo check` of the bindings of every
    /// model took about 42 s of CPU instead of 38 s without methods and 103 s with all (see
    /// `methods_compile_time` in `tests/it/compile.rs`).
    #[default]
    Own,
    /// Every public method, the ORM's included.
    All,
}

impl std::str::FromStr for MethodSelection {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "none" => Ok(MethodSelection::None),
            "own" => Ok(MethodSelection::Own),
            "all" => Ok(MethodSelection::All),
            _ => Err(Error::config(format!(
                "unknown method selection `{s}`: expected `none`, `own` or `all`"
            ))),
        }
    }
}

/// How the generated `mod.rs` reaches the model files.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// `pub mod res_partner;`: for files checked into `src/` (what `odoo-codegen generate`
    /// writes). Use it with `mod odoo;` next to the directory.
    Modules,
    /// `pub mod res_partner { include!(concat!(env!("OUT_DIR"), "/<dir>/res_partner.rs")); }`:
    /// for a build script writing under `OUT_DIR`, where `mod x;` cannot find the files. `dir`
    /// is the output directory relative to `OUT_DIR` (`""` for `OUT_DIR` itself). Include the
    /// result with `include!(concat!(env!("OUT_DIR"), "/<dir>/mod.rs"));` inside a module.
    IncludeFromOutDir(String),
}

/// When a build script may talk to a live server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Live {
    /// Re-pull the snapshot first when `ODOO_URL` is set and `ODOO_OFFLINE` is not (the
    /// default). Needs the `live` feature; without it the snapshot is used as it is.
    WhenUrlSet,
    /// Never: read the snapshot only.
    Never,
}

/// The code generator's settings, and the `build.rs` entry point.
///
/// A by-value builder: every setter takes and returns the `Config`; a bad setting is kept and
/// reported by [`Config::generate`] or [`Config::generate_to`].
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("odoo");
///     odoo_codegen::Config::new()
///         .snapshot("odoo-schema.json")
///         .models(["res.partner", "sale.*"])
///         .generate_to(out_dir)?;
///     Ok(())
/// }
/// ```
///
/// and in the crate:
///
/// ```ignore
/// pub mod odoo {
///     include!(concat!(env!("OUT_DIR"), "/odoo/mod.rs"));
/// }
/// ```
///
/// ## What a model struct reads
///
/// A generated struct is also its read list: the derive reads exactly its fields. Reading every
/// field of a big model fails on real servers (computed fields that break when read in bulk,
/// megabytes of images), so by default a struct holds:
///
/// - `id`, and `display_name` (computed, but always safe);
/// - every **stored** field except **binaries**.
///
/// Change it for all models with [`Config::include_non_stored`] and
/// [`Config::include_binaries`], or per model (by glob) with [`Config::include_fields`],
/// [`Config::exclude_fields`], [`Config::only_fields`], [`Config::model_non_stored`] and
/// [`Config::model_binaries`]. An explicit include wins over the defaults, an exclude over
/// everything.
#[derive(Clone, Debug)]
#[must_use]
pub struct Config {
    pub(crate) snapshot: PathBuf,
    pub(crate) filter: ModelFilter,
    pub(crate) non_stored: bool,
    pub(crate) binaries: bool,
    pub(crate) method_selection: MethodSelection,
    pub(crate) per_model: Vec<ModelOptions>,
    pub(crate) layout: Option<Layout>,
    pub(crate) live: Live,
    pub(crate) cargo_directives: Option<bool>,
    pub(crate) errors: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

/// The snapshot file name used when none is given.
pub const DEFAULT_SNAPSHOT: &str = "odoo-schema.json";

impl Config {
    /// The defaults: snapshot `odoo-schema.json`, every model, stored non-binary fields.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new();
    /// assert_eq!(config.snapshot_path(), std::path::Path::new("odoo-schema.json"));
    /// ```
    pub fn new() -> Config {
        Config {
            snapshot: PathBuf::from(DEFAULT_SNAPSHOT),
            filter: ModelFilter::default(),
            non_stored: false,
            binaries: false,
            method_selection: MethodSelection::Own,
            per_model: Vec::new(),
            layout: None,
            live: Live::WhenUrlSet,
            cargo_directives: None,
            errors: Vec::new(),
        }
    }

    /// The snapshot file [`Config::generate_to`] reads (and re-pulls into when live). A relative
    /// path is relative to the current directory, which for a build script is the package's.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().snapshot("schema/odoo.json");
    /// assert_eq!(config.snapshot_path(), std::path::Path::new("schema/odoo.json"));
    /// ```
    pub fn snapshot(mut self, path: impl Into<PathBuf>) -> Config {
        self.snapshot = path.into();
        self
    }

    /// The snapshot path.
    pub fn snapshot_path(&self) -> &Path {
        &self.snapshot
    }

    /// Generates only the models matching these globs (`*` any run, `?` one character); call
    /// it again to add more. Without it, every model of the snapshot is generated.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().models(["res.partner", "sale.*"]);
    /// assert!(config.model_filter().matches("sale.order.line", &[]));
    /// ```
    pub fn models<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Config {
        for g in globs {
            let g = g.into();
            if g.trim().is_empty() {
                self.errors
                    .push("an empty model glob was given to `models`".into());
            }
            self.filter.include.push(g);
        }
        self
    }

    /// Leaves out the models matching these globs.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().exclude_models(["*.wizard", "ir.*"]);
    /// assert!(!config.model_filter().matches("ir.cron", &[]));
    /// ```
    pub fn exclude_models<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Config {
        self.filter
            .exclude
            .extend(globs.into_iter().map(Into::into));
        self
    }

    /// Generates only the models that these Odoo modules define or extend.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().modules(["sale"]);
    /// assert!(config.model_filter().matches("sale.order", &["sale".to_string()]));
    /// assert!(!config.model_filter().matches("res.bank", &["base".to_string()]));
    /// ```
    pub fn modules<S: Into<String>>(mut self, modules: impl IntoIterator<Item = S>) -> Config {
        self.filter
            .modules
            .extend(modules.into_iter().map(Into::into));
        self
    }

    /// Replaces the model filter.
    ///
    /// ```
    /// use odoo_codegen::{Config, ModelFilter};
    /// let config = Config::new().model_filter_from(ModelFilter::default().include(["res.*"]));
    /// assert!(config.model_filter().matches("res.partner", &[]));
    /// ```
    pub fn model_filter_from(mut self, filter: ModelFilter) -> Config {
        self.filter = filter;
        self
    }

    /// The model filter.
    pub fn model_filter(&self) -> &ModelFilter {
        &self.filter
    }

    /// Puts non-stored (computed) fields in every struct. Off by default: some computed fields
    /// fail when read in bulk or are slow.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().include_non_stored(true);
    /// ```
    pub fn include_non_stored(mut self, yes: bool) -> Config {
        self.non_stored = yes;
        self
    }

    /// Puts binary fields (images, attachments) in every struct. Off by default: a list of
    /// records with their images can weigh megabytes.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().include_binaries(true);
    /// ```
    pub fn include_binaries(mut self, yes: bool) -> Config {
        self.binaries = yes;
        self
    }

    /// Which methods get a typed function when no glob of [`Config::methods`] or
    /// [`Config::exclude_methods`] decides (default [`MethodSelection::Own`]). Methods come
    /// from the snapshot, which holds them when it was pulled with an API key from an Odoo
    /// with `/doc-bearer` (19).
    ///
    /// ```
    /// use odoo_codegen::{Config, MethodSelection};
    /// let config = Config::new().method_selection(MethodSelection::None);
    /// ```
    pub fn method_selection(mut self, selection: MethodSelection) -> Config {
        self.method_selection = selection;
        self
    }

    /// Binds these methods (globs) of the models matching `model_glob`, whatever the
    /// selection says: `methods("res.partner", ["name_search"])` adds one of the ORM's.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().methods("sale.order", ["action_*"]);
    /// ```
    pub fn methods<S: Into<String>>(
        mut self,
        model_glob: &str,
        methods: impl IntoIterator<Item = S>,
    ) -> Config {
        let methods: Vec<String> = methods.into_iter().map(Into::into).collect();
        self.model_options(model_glob).methods.extend(methods);
        self
    }

    /// Leaves these methods (globs) of the models matching `model_glob` unbound.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().exclude_methods("*", ["activity_*"]);
    /// ```
    pub fn exclude_methods<S: Into<String>>(
        mut self,
        model_glob: &str,
        methods: impl IntoIterator<Item = S>,
    ) -> Config {
        let methods: Vec<String> = methods.into_iter().map(Into::into).collect();
        self.model_options(model_glob)
            .exclude_methods
            .extend(methods);
        self
    }

    /// Whether the struct of `model` gets a typed function for its method `name`.
    ///
    /// ```
    /// use odoo_runtime::schema::Method;
    /// let mut confirm = Method::default();
    /// confirm.defined_in = Some("sale.order".into());
    /// let mut search = Method::default();
    /// search.defined_in = Some("core".into());
    /// let config = odoo_codegen::Config::new();
    /// assert!(config.binds_method("sale.order", "action_confirm", &confirm));
    /// assert!(!config.binds_method("sale.order", "search", &search));
    /// let config = config.methods("sale.*", ["search"]).exclude_methods("*", ["action_*"]);
    /// assert!(config.binds_method("sale.order", "search", &search));
    /// assert!(!config.binds_method("sale.order", "action_confirm", &confirm));
    /// ```
    pub fn binds_method(&self, model: &str, name: &str, method: &Method) -> bool {
        let rules: Vec<&ModelOptions> = self
            .per_model
            .iter()
            .filter(|o| glob::matches(&o.pattern, model))
            .collect();
        if rules.iter().any(|o| glob::any(&o.exclude_methods, name)) {
            return false;
        }
        if rules.iter().any(|o| glob::any(&o.methods, name)) {
            return true;
        }
        match self.method_selection {
            MethodSelection::None => false,
            MethodSelection::Own => !method.is_common(),
            MethodSelection::All => true,
        }
    }

    fn model_options(&mut self, model_glob: &str) -> &mut ModelOptions {
        if model_glob.trim().is_empty() {
            self.errors
                .push("an empty model glob was given to a per-model setting".into());
        }
        let idx = match self.per_model.iter().position(|o| o.pattern == model_glob) {
            Some(i) => i,
            None => {
                self.per_model.push(ModelOptions {
                    pattern: model_glob.to_owned(),
                    ..Default::default()
                });
                self.per_model.len() - 1
            }
        };
        &mut self.per_model[idx]
    }

    /// Adds fields (globs) to the structs of the models matching `model_glob`, whatever the
    /// defaults say: a non-stored field, a binary.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().include_fields("res.partner", ["image_128", "contact_address"]);
    /// ```
    pub fn include_fields<S: Into<String>>(
        mut self,
        model_glob: &str,
        fields: impl IntoIterator<Item = S>,
    ) -> Config {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        self.model_options(model_glob).include.extend(fields);
        self
    }

    /// Leaves fields (globs) out of the structs of the models matching `model_glob`.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().exclude_fields("*", ["message_*", "activity_*"]);
    /// ```
    pub fn exclude_fields<S: Into<String>>(
        mut self,
        model_glob: &str,
        fields: impl IntoIterator<Item = S>,
    ) -> Config {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        self.model_options(model_glob).exclude.extend(fields);
        self
    }

    /// Reads only these fields (globs) of the models matching `model_glob` (plus `id`).
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().only_fields("res.partner", ["name", "email", "country_id"]);
    /// ```
    pub fn only_fields<S: Into<String>>(
        mut self,
        model_glob: &str,
        fields: impl IntoIterator<Item = S>,
    ) -> Config {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        if fields.is_empty() {
            self.errors.push(format!(
                "`only_fields(\"{model_glob}\", …)` was given no field"
            ));
        }
        self.model_options(model_glob).only.extend(fields);
        self
    }

    /// Includes (or not) the non-stored fields of the models matching `model_glob`.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().model_non_stored("res.partner", true);
    /// ```
    pub fn model_non_stored(mut self, model_glob: &str, yes: bool) -> Config {
        self.model_options(model_glob).non_stored = Some(yes);
        self
    }

    /// Includes (or not) the binary fields of the models matching `model_glob`.
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().model_binaries("product.template", true);
    /// ```
    pub fn model_binaries(mut self, model_glob: &str, yes: bool) -> Config {
        self.model_options(model_glob).binaries = Some(yes);
        self
    }

    /// How `mod.rs` reaches the model files. By default [`Config::generate_to`] picks
    /// [`Layout::IncludeFromOutDir`] for a directory under `OUT_DIR` and [`Layout::Modules`]
    /// otherwise; [`Config::generate`] uses [`Layout::Modules`].
    ///
    /// ```
    /// use odoo_codegen::{Config, Layout};
    /// let config = Config::new().layout(Layout::Modules);
    /// ```
    pub fn layout(mut self, layout: Layout) -> Config {
        self.layout = Some(layout);
        self
    }

    /// Whether [`Config::generate_to`] may re-pull the snapshot from a live server (see
    /// [`Live`]).
    ///
    /// ```
    /// use odoo_codegen::{Config, Live};
    /// let config = Config::new().live(Live::Never);
    /// ```
    pub fn live(mut self, live: Live) -> Config {
        self.live = live;
        self
    }

    /// Whether [`Config::generate_to`] prints `cargo:rerun-if-changed=…` lines. By default it
    /// does when it runs inside a build script (`OUT_DIR` is set).
    ///
    /// ```
    /// let config = odoo_codegen::Config::new().cargo_directives(false);
    /// ```
    pub fn cargo_directives(mut self, yes: bool) -> Config {
        self.cargo_directives = Some(yes);
        self
    }

    /// Reports the settings that were wrong.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::config(self.errors.join("; ")))
        }
    }

    /// The read list of `model`: the names of the fields its struct holds (`id` aside), sorted.
    ///
    /// ```
    /// use odoo_runtime::schema::{Field, FieldType, Model};
    /// let mut m = Model::new("res.partner", "Contact");
    /// m.fields.insert("name".into(), Field::new("name", FieldType::Char, "Name"));
    /// let mut image = Field::new("image_128", FieldType::Binary, "Image");
    /// m.fields.insert("image_128".into(), image);
    /// let mut computed = Field::new("contact_address", FieldType::Char, "Address");
    /// computed.store = false;
    /// m.fields.insert("contact_address".into(), computed);
    ///
    /// assert_eq!(odoo_codegen::Config::new().read_list(&m), ["name"]);
    /// let config = odoo_codegen::Config::new().include_fields("res.*", ["image_*"]);
    /// assert_eq!(config.read_list(&m), ["image_128", "name"]);
    /// ```
    pub fn read_list(&self, model: &Model) -> Vec<String> {
        model
            .fields
            .iter()
            .filter(|(name, f)| name.as_str() != "id" && self.reads(&model.model, name, f))
            .map(|(name, _)| name.clone())
            .collect()
    }

    pub(crate) fn reads(&self, model: &str, name: &str, field: &Field) -> bool {
        self.read_decision(model, name, field).is_ok()
    }

    /// Whether the struct of `model` reads the field, and why not.
    pub(crate) fn read_decision(
        &self,
        model: &str,
        name: &str,
        field: &Field,
    ) -> Result<(), NotRead> {
        let rules: Vec<&ModelOptions> = self
            .per_model
            .iter()
            .filter(|o| glob::matches(&o.pattern, model))
            .collect();
        if rules.iter().any(|o| glob::any(&o.exclude, name)) {
            return Err(NotRead::Excluded);
        }
        if rules
            .iter()
            .any(|o| glob::any(&o.include, name) || glob::any(&o.only, name))
        {
            return Ok(());
        }
        if rules.iter().any(|o| !o.only.is_empty()) {
            return Err(NotRead::Excluded);
        }
        if name == "display_name" {
            return Ok(());
        }
        let non_stored = rules
            .iter()
            .rev()
            .find_map(|o| o.non_stored)
            .unwrap_or(self.non_stored);
        let binaries = rules
            .iter()
            .rev()
            .find_map(|o| o.binaries)
            .unwrap_or(self.binaries);
        if !(field.store || non_stored) {
            Err(NotRead::NotStored)
        } else if field.field_type == FieldType::Binary && !binaries {
            Err(NotRead::Binary)
        } else {
            Ok(())
        }
    }
}

/// Why a struct does not read a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NotRead {
    /// A computed field (non-stored fields are not read by default).
    NotStored,
    /// A binary (not read by default).
    Binary,
    /// Left out by an exclude glob or an `only_fields` list.
    Excluded,
}
