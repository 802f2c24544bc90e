//! Every name the generator writes comes from here.
//!
//! | Odoo | Rust | rule |
//! | --- | --- | --- |
//! | model `res.partner` | type `ResPartner`, module `res_partner` | heck's CamelCase / snake_case: words split on anything not a letter or digit and on case changes (`HTTPServer` → `HttpServer`), and after a digit before a capital (`PST8PDT` → `Pst8Pdt`) |
//! | field `partner_id`, `__last_update` | `partner_id`, `__last_update` | kept: Odoo field names are snake_case already, so underscores stay as they are (heck would drop or fold them) |
//! | field `x_studio_MyField` | `x_studio_my_field` | snake_case; the original goes in `#[odoo(name = "…")]` |
//! | field `type`, `move`, `self` | `type_`, `move_`, `self_` | keywords get a trailing `_` (`self`, `super`, `crate` and `Self` cannot be raw identifiers, so raw identifiers are not used at all) |
//! | model `2fa.wizard` | `M2faWizard`, `m_2fa_wizard` | names cannot start with a digit (a field name cannot either, in Odoo: a field `2fa` is left out, with a warning) |
//! | field `x_prénom`, `x_名前`, `x_price$` | `x_prenom`, `x_u540du524d`, `x_price_` | common accented Latin letters fold to ASCII; any other letter becomes `u` + its hex code, any other character `_`; the original goes in `#[odoo(name = "…")]` |
//! | selection `to invoice`, `draft`, `en_US` | `ToInvoice`, `Draft`, `EnUs` | CamelCase of the words (an all-caps word is one capital: `US` → `Us`) |
//! | selection `0`, `""`, `false` | `V0`, `Empty`, `False` | |
//! | a value the schema does not list | `Unlisted(String)` | always ([`UNLISTED_VARIANT`]); a value `unlisted` becomes `Unlisted2` |
//! | two names that map to one | `name`, `name_2` / `Name`, `Name2` | fields and values: the name that needs no change keeps it, then names without capitals, then sorted; models: sorted (so a model's type and module pair up) |
//!
//! Names are stable: they depend only on the Odoo names (and, for collisions, on the other
//! names in the same scope), never on the order a server returned them in.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use odoo_runtime::Value;

/// Rust's keywords (strict, reserved and edition-2024 reserved) plus `_`.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names a generated module uses or that the prelude brings into scope: a generated enum
/// or struct must not shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Default",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "Extend",
    "AsRef",
    "AsMut",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "PartialOrd",
    "Ord",
    "Unpin",
    "RecordId",
    "Many2one",
    "X2Many",
    "Reference",
    "Date",
    "DateTime",
    "Binary",
    "AnyModel",
    "OdooModel",
    "OdooSelection",
];

/// The variant of every generated selection enum that holds a value the schema does not list
/// (`Unlisted(String)`, `#[odoo(other)]`). Always this name: a selection value that would be
/// called so is numbered instead (`unlisted` → `Unlisted2`), so `Other` stays free for the
/// value `other`, common in Odoo (`res.partner.type`).
pub const UNLISTED_VARIANT: &str = "Unlisted";

/// `true` when `name` is a Rust keyword (or `_`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Folds a common accented Latin letter to ASCII.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' => "l",
        'Ł' | 'Ľ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' => "s",
        'Ś' | 'Š' | 'Ş' => "S",
        'ť' | 'ţ' => "t",
        'Ť' | 'Ţ' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'Þ' => "TH",
        'ð' => "d",
        'Ð' => "D",
        _ => return None,
    })
}

/// The name in ASCII: common accented letters folded, other letters and digits as `u` + their
/// hex code, everything else `sep`. With `sep` a space (CamelCase), a hex code is a word of
/// its own (`数据` → `U6570U636e`); in snake_case it is not (`u6570u636e`).
fn ascii(name: &str, sep: char) -> String {
    let hex_sep = if sep == ' ' { " " } else { "" };
    let mut out = String::with_capacity(name.len());
    let mut prev_digit = false;
    for c in name.chars() {
        // heck keeps `8P` in one word; Odoo's time zones and VAT exemption codes read better
        // split after the digit: `PST8PDT` → `Pst8Pdt`, `VATEX-EU-132-1A` → `VatexEu1321A`.
        if prev_digit && c.is_ascii_uppercase() {
            out.push(sep);
        }
        prev_digit = c.is_ascii_digit();
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_ascii() {
            out.push(sep);
        } else if let Some(f) = fold(c) {
            out.push_str(f);
        } else if c.is_alphanumeric() {
            // A letter with no ASCII form: keep it distinct and stable.
            out.push_str(&format!("{hex_sep}u{:x}{hex_sep}", c as u32));
        } else {
            out.push(sep);
        }
    }
    out
}

/// UpperCamelCase (heck's): words split on anything not a letter or digit and on case
/// changes, an all-caps word is one capital (`US` → `Us`, `HTTPServer` → `HttpServer`: Rust's
/// CamelCase, and no `clippy::upper_case_acronyms` in generated code).
fn camel(name: &str) -> String {
    ascii(name, ' ').to_upper_camel_case()
}

/// The Rust type name of a model: `res.partner` → `ResPartner`, `x_custom` → `XCustom`.
///
/// ```
/// assert_eq!(odoo_codegen::ident::type_name("sale.order.line"), "SaleOrderLine");
/// ```
pub fn type_name(model: &str) -> String {
    let name = camel(model);
    if name.is_empty() {
        return "Model".to_owned();
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("M{name}")
    } else {
        name
    };
    if is_keyword(&name) || RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// snake_case: heck's for each run of letters and digits (`MyField` → `my_field`,
/// `HTTPServer` → `http_server`), but the underscores of the name are kept as they are where
/// heck would fold or drop them: Odoo names are snake_case already, and `__last_update`,
/// `_unknown` or `a__b` must stay themselves.
fn snake(name: &str, digit_prefix: &str, empty: &str) -> String {
    let mut out = ascii(name, '_')
        .split('_')
        .map(|word| word.to_snake_case())
        .collect::<Vec<_>>()
        .join("_");
    if out.chars().all(|c| c == '_') {
        return empty.to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("{digit_prefix}{out}");
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// The Rust module (and file) name of a model: `res.partner` → `res_partner`.
///
/// ```
/// assert_eq!(odoo_codegen::ident::module_name("res.partner"), "res_partner");
/// ```
pub fn module_name(model: &str) -> String {
    snake(model, "m_", "model")
}

/// The Rust field name of an Odoo field: kept when it is already a valid snake_case Rust
/// name, otherwise made one (`type` → `type_`, `x_Name` → `x_name`, `x_prénom` → `x_prenom`).
///
/// ```
/// use odoo_codegen::ident::field_name;
/// assert_eq!(field_name("partner_id"), "partner_id");
/// assert_eq!(field_name("type"), "type_");
/// ```
pub fn field_name(field: &str) -> String {
    snake(field, "f_", "field")
}

/// The variant name of a selection value: `to invoice` → `ToInvoice`, `0` → `V0`,
/// `""` → `Empty`, `false` → `False`.
///
/// ```
/// use odoo_codegen::ident::variant_name;
/// use odoo_runtime::Value;
/// assert_eq!(variant_name(&Value::from("to invoice")), "ToInvoice");
/// assert_eq!(variant_name(&Value::from("1")), "V1");
/// ```
pub fn variant_name(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Bool(false) => return "False".to_owned(),
        Value::Bool(true) => return "True".to_owned(),
        Value::Int(i) if *i < 0 => return format!("VMinus{}", i.unsigned_abs()),
        Value::Int(i) => return format!("V{i}"),
        Value::Nil => return "Nil".to_owned(),
        other => selection_value_text(other),
    };
    let name = camel(&text);
    if name.is_empty() {
        if text.is_empty() {
            "Empty".to_owned()
        } else {
            "Symbol".to_owned()
        }
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// The text a selection value is written as in `#[odoo(value = "…")]`.
pub fn selection_value_text(value: &Value) -> String {
    match value {
        Value::String(s) | Value::DateTime(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Nil => String::new(),
        other => format!("{other:?}"),
    }
}

/// The name of the enum for a selection field: the model's type name followed by the
/// field's, `sale.order` + `state` → `SaleOrderState`.
///
/// ```
/// assert_eq!(odoo_codegen::ident::enum_name("SaleOrder", "invoice_status"), "SaleOrderInvoiceStatus");
/// ```
pub fn enum_name(model_type: &str, field_rust_name: &str) -> String {
    format!("{model_type}{}", camel(field_rust_name))
}

/// The Rust name of a model method (an associated function of the model's struct): kept when
/// it is already a valid snake_case Rust name (`action_confirm`), otherwise made one as field
/// names are (`type` → `type_`).
///
/// ```
/// use odoo_codegen::ident::method_name;
/// assert_eq!(method_name("action_confirm"), "action_confirm");
/// assert_eq!(method_name("move"), "move_");
/// ```
pub fn method_name(method: &str) -> String {
    snake(method, "m_", "method")
}

/// The Rust name of a method's parameter, as [`field_name`] makes them (`type` → `type_`).
///
/// ```
/// assert_eq!(odoo_codegen::ident::parameter_name("self"), "self_");
/// ```
pub fn parameter_name(parameter: &str) -> String {
    snake(parameter, "p_", "parameter")
}

/// The name of the builder a method with optional parameters returns: the model's type name
/// followed by the method's, `res.partner` + `message_post` → `ResPartnerMessagePost`.
///
/// ```
/// assert_eq!(odoo_codegen::ident::builder_name("ResPartner", "message_post"), "ResPartnerMessagePost");
/// ```
pub fn builder_name(model_type: &str, method_rust_name: &str) -> String {
    format!("{model_type}{}", camel(method_rust_name))
}

/// The names a model's methods cannot take: the generated struct's derived trait methods and
/// what the derive adds, which an associated function of the same name would hide or clash
/// with.
pub const RESERVED_METHOD_NAMES: &[&str] = &[
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "deserialize",
    "into_future",
];

/// The names a method's own parameters cannot take: the generated function's `client` and
/// `ids`, and the builders' own `arg`, `context` and `into_future`.
pub const RESERVED_PARAMETER_NAMES: &[&str] = &["client", "ids", "arg", "context", "into_future"];

/// Hands out unique names within one scope (the models of a schema, the fields of a model, the
/// variants of an enum). A taken name gets the first free numeric suffix: `name_2` for snake
/// names, `Name2` for CamelCase ones.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    snake: bool,
}

impl Scope {
    /// A scope for snake_case names (fields, modules).
    pub fn snake() -> Scope {
        Scope {
            taken: BTreeSet::new(),
            snake: true,
        }
    }

    /// A scope for CamelCase names (types, variants).
    pub fn camel() -> Scope {
        Scope {
            taken: BTreeSet::new(),
            snake: false,
        }
    }

    /// Marks names as taken without handing them out.
    pub fn reserve<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Scope {
        self.taken.extend(names.into_iter().map(str::to_owned));
        self
    }

    /// `true` when `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted`, or the first free numbered form of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // `self_` numbers as `self_2`, not `self__2`.
        let base = if self.snake {
            wanted.trim_end_matches('_')
        } else {
            wanted
        };
        let base = if base.is_empty() { wanted } else { base };
        let sep = if self.snake { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .inspect(|name| {
                self.taken.insert(name.clone());
            })
            .unwrap_or_else(|| wanted.to_owned())
    }
}

/// Who gets a contested name first in [`assign`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// Originals in sorted order (models: a model's type and module names then pair up).
    Sorted,
    /// First the originals that need no change (`x_name` stays `x_name` even when `x_Name`
    /// exists), then those without capitals (`type` gets `type_` before `Type` does), then the
    /// rest; sorted within each group (fields).
    Natural,
    /// First the originals without capitals (`draft` gets `Draft` before the value `Draft`
    /// does), then the rest; sorted within each group (selection values).
    Lowercase,
}

/// Assigns unique names to a set of originals in the order [`Priority`] gives. Returns
/// (original, rust name) in input order. The result does not depend on the input order.
pub fn assign<'a>(
    scope: &mut Scope,
    originals: impl IntoIterator<Item = &'a str>,
    convert: impl Fn(&str) -> String,
    priority: Priority,
) -> Vec<(String, String)> {
    let originals: Vec<&str> = originals.into_iter().collect();
    let wanted: Vec<String> = originals.iter().map(|o| convert(o)).collect();
    let rank = |i: usize| match priority {
        Priority::Sorted => 0,
        Priority::Natural if wanted[i] == originals[i] => 0,
        Priority::Natural if !originals[i].chars().any(|c| c.is_uppercase()) => 1,
        Priority::Natural => 2,
        Priority::Lowercase if !originals[i].chars().any(|c| c.is_uppercase()) => 0,
        Priority::Lowercase => 1,
    };
    let mut order: Vec<usize> = (0..originals.len()).collect();
    order.sort_by(|&a, &b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| originals[a].cmp(originals[b]))
            .then(a.cmp(&b))
    });
    let mut names = vec![String::new(); originals.len()];
    for i in order {
        names[i] = scope.claim(&wanted[i]);
    }
    originals.iter().map(|o| o.to_string()).zip(names).collect()
}

/// `true` for a name Odoo can hold as a field name, which `#[derive(OdooModel)]` accepts: a
/// Python identifier (a field defined in a module: `x_prénom`) or a PostgreSQL name (a custom
/// field, which may hold `$`), so a letter or `_` first. Other names (`2fa`, `a.b`, `a b`)
/// are left out of a struct, with a warning.
pub fn is_odoo_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// `true` for a name `#[derive(OdooModel)]` accepts as an Odoo model name: words of ASCII
/// letters, digits and `_` joined by dots. Models with other names are not generated, with a
/// warning.
pub fn is_odoo_model_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('.')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Makes a [`proc_macro2::Ident`]. Every name this module hands out is a valid identifier;
/// anything else falls back to a placeholder instead of panicking.
pub fn ident(name: &str) -> proc_macro2::Ident {
    if is_valid_ident(name) {
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new("invalid_name", proc_macro2::Span::call_site())
    }
}

/// `true` for an ASCII identifier that is not a keyword.
pub fn is_valid_ident(name: &str) -> bool {
    let mut cs = name.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names() {
        let table = [
            ("res.partner", "ResPartner", "res_partner"),
            ("sale.order.line", "SaleOrderLine", "sale_order_line"),
            ("x_custom", "XCustom", "x_custom"),
            ("x_studio_Thing", "XStudioThing", "x_studio_thing"),
            ("_unknown", "Unknown", "_unknown"),
            (
                "ir.actions.act_window",
                "IrActionsActWindow",
                "ir_actions_act_window",
            ),
            (
                "base.module.update",
                "BaseModuleUpdate",
                "base_module_update",
            ),
            ("2fa.wizard", "M2faWizard", "m_2fa_wizard"),
            ("self", "SelfModel", "self_"),
            ("type", "Type", "type_"),
            ("x_café", "XCafe", "x_cafe"),
            ("x_数据", "XU6570U636e", "x_u6570u636e"),
            ("x_ABC", "XAbc", "x_abc"),
            ("x_HTTPServer", "XHttpServer", "x_http_server"),
            ("x_tz_PST8PDT", "XTzPst8Pdt", "x_tz_pst8_pdt"),
            ("option", "OptionModel", "option"),
            ("", "Model", "model"),
        ];
        for (model, ty, module) in table {
            assert_eq!(type_name(model), ty, "type of {model:?}");
            assert_eq!(module_name(model), module, "module of {model:?}");
            assert!(is_valid_ident(&type_name(model)));
            assert!(is_valid_ident(&module_name(model)));
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("partner_id", "partner_id"),
            ("name", "name"),
            ("type", "type_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("move", "move_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("async", "async_"),
            ("gen", "gen_"),
            ("_", "field"),
            ("2fa_enabled", "f_2fa_enabled"),
            ("x_studio_MyField", "x_studio_my_field"),
            ("x_prénom", "x_prenom"),
            ("x_straße", "x_strasse"),
            ("x_名前", "x_u540du524d"),
            ("x_a-b", "x_a_b"),
            ("x_price$", "x_price_"),
            ("__last_update", "__last_update"),
            ("x_a__b_", "x_a__b_"),
            ("x_studio_HTTPCode", "x_studio_http_code"),
            ("x_v2Beta", "x_v2_beta"),
            ("", "field"),
        ];
        for (field, rust) in table {
            assert_eq!(field_name(field), rust, "field {field:?}");
            assert!(is_valid_ident(&field_name(field)), "{field:?}");
        }
    }

    #[test]
    fn variant_names() {
        let table: [(Value, &str); 19] = [
            (Value::from("draft"), "Draft"),
            (Value::from("to invoice"), "ToInvoice"),
            (Value::from("to_invoice"), "ToInvoice"),
            (Value::from("0"), "V0"),
            (Value::from("1"), "V1"),
            (Value::from("10_days"), "V10Days"),
            (Value::from(""), "Empty"),
            (Value::from("-"), "Symbol"),
            (Value::Bool(false), "False"),
            (Value::Int(3), "V3"),
            (Value::Int(-1), "VMinus1"),
            (Value::from("self"), "SelfValue"),
            (Value::from("en_US"), "EnUs"),
            (Value::from("Europe/Brussels"), "EuropeBrussels"),
            (Value::from("EUR"), "Eur"),
            (Value::from("America/Port-au-Prince"), "AmericaPortAuPrince"),
            (Value::from("PST8PDT"), "Pst8Pdt"),
            (Value::from("VATEX-EU-132-1A"), "VatexEu1321A"),
            (Value::from("HTTPServer"), "HttpServer"),
        ];
        for (value, name) in table {
            assert_eq!(variant_name(&value), name, "value {value:?}");
            assert!(is_valid_ident(&variant_name(&value)));
        }
    }

    #[test]
    fn collisions_are_numbered_stably() {
        let mut scope = Scope::snake().reserve(["id"]);
        let names = assign(
            &mut scope,
            ["x_Name", "x_name", "ID", "x_NAME", "Self", "self"],
            field_name,
            Priority::Natural,
        );
        assert_eq!(
            names.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>(),
            // `x_name` needs no change and `self` has no capital: they win; then sorted
            // (`x_NAME` < `x_Name`: uppercase first).
            ["x_name_3", "x_name", "id_2", "x_name_2", "self_2", "self_"]
        );
        // The same set in another order gives the same names.
        let mut scope = Scope::snake().reserve(["id"]);
        let mut again = assign(
            &mut scope,
            ["self", "x_NAME", "ID", "x_name", "Self", "x_Name"],
            field_name,
            Priority::Natural,
        );
        again.sort();
        let mut names = names;
        names.sort();
        assert_eq!(again, names);

        let mut variants = Scope::camel();
        let v = assign(
            &mut variants,
            ["to invoice", "to_invoice", "Draft", "draft"],
            |s| variant_name(&Value::from(s)),
            Priority::Lowercase,
        );
        assert_eq!(v[0].1, "ToInvoice");
        assert_eq!(v[1].1, "ToInvoice2");
        assert_eq!(v[2].1, "Draft2");
        assert_eq!(v[3].1, "Draft");

        // The fallback variant's name is reserved first.
        let mut variants = Scope::camel().reserve([UNLISTED_VARIANT]);
        let v = assign(
            &mut variants,
            ["unlisted", "other"],
            |s| variant_name(&Value::from(s)),
            Priority::Lowercase,
        );
        assert_eq!(v[0].1, "Unlisted2");
        assert_eq!(v[1].1, "Other");

        let mut types = Scope::camel();
        let t = assign(
            &mut types,
            ["x_awkward_line", "x_awkward.line"],
            type_name,
            Priority::Sorted,
        );
        assert_eq!(
            t,
            [
                ("x_awkward_line".to_string(), "XAwkwardLine2".to_string()),
                ("x_awkward.line".to_string(), "XAwkwardLine".to_string())
            ]
        );
    }

    #[test]
    fn odoo_names() {
        for ok in [
            "name",
            "x_name",
            "_unknown",
            "x_Name",
            "a1",
            "x_prénom",
            "x_名前",
            "x$",
        ] {
            assert!(is_odoo_field_name(ok), "{ok}");
        }
        for bad in ["", "2fa", "x-a", "x a", "x.a", "$x"] {
            assert!(!is_odoo_field_name(bad), "{bad}");
        }
        assert!(is_odoo_model_name("sale.order.line"));
        assert!(!is_odoo_model_name("sale..order"));
        assert!(!is_odoo_model_name("x_café"));
    }

    #[test]
    fn method_and_parameter_names() {
        for (odoo, rust) in [
            ("action_confirm", "action_confirm"),
            ("message_post", "message_post"),
            ("type", "type_"),
            ("_compute_x", "_compute_x"),
            ("2fa_check", "m_2fa_check"),
            ("getHTML", "get_html"),
        ] {
            assert_eq!(method_name(odoo), rust, "method {odoo:?}");
            assert!(is_valid_ident(&method_name(odoo)));
        }
        assert_eq!(parameter_name("match"), "match_");
        assert_eq!(parameter_name("2nd"), "p_2nd");
        assert_eq!(
            builder_name("SaleOrder", "action_confirm"),
            "SaleOrderActionConfirm"
        );
        let mut scope = Scope::snake().reserve(RESERVED_METHOD_NAMES.iter().copied());
        assert_eq!(scope.claim(&method_name("clone")), "clone_2");
    }

    #[test]
    fn enum_names_and_reserved() {
        assert_eq!(enum_name("ResPartner", "type_"), "ResPartnerType");
        assert_eq!(enum_name("SaleOrder", "state"), "SaleOrderState");
        let mut scope = Scope::camel().reserve(RESERVED_TYPE_NAMES.iter().copied());
        assert_eq!(scope.claim("Option"), "Option2");
        assert_eq!(ident("fn").to_string(), "invalid_name");
    }
}
