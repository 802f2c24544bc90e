//! `get_field_translations` and `update_field_translations` (`odoo/orm/models.py`): a
//! translatable field's value per installed language, and setting them. Fields whose
//! `translate` is a function (HTML, XML: translated term by term) are served as whole values,
//! the way `translate=True` fields are.

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use super::bind::Bound;
use super::ctx::Ctx;
use super::mail::ensure_one;
use crate::exception::{Class, OResult, OdooError};
use crate::orm::context::{is_translated, lang_key, BASE_LANG};
use crate::pyrepr::type_name;
use crate::store::Env;
use crate::values::{py_str, truthy};

/// `self._fields[field_name]`.
fn field_name(ctx: &Ctx<'_>, v: &Value) -> OResult<String> {
    let name = py_str(v);
    match v {
        Value::String(s) if ctx.store.field(ctx.model, s).is_some() => Ok(s.clone()),
        _ => Err(OdooError::new(Class::KeyError, name)),
    }
}

/// The record, existing, read as `env` reads it.
fn one_record(ctx: &Ctx<'_>) -> OResult<i64> {
    let id = ensure_one(ctx.model, &ctx.ids)?;
    if !ctx.store.exists(ctx.model, id) {
        return Err(OdooError::missing(ctx.model, &[id], ctx.env.uid));
    }
    Ok(id)
}

/// `ctx.env` with `lang` set (`with_context(lang=…)`).
fn in_lang(env: &Env, lang: &str) -> Env {
    let mut context = env.context.clone();
    context.insert("lang".into(), Value::from(lang));
    Env::new(env.uid, context)
}

/// `get_field_translations(field_name, langs=None)`: `(translations, context)`, one
/// `{lang, source, value}` per language (none for a field that is not translated).
pub(super) fn get_field_translations(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let id = ensure_one(ctx.model, &ctx.ids)?;
    let name = field_name(ctx, &args.get("field_name"))?;
    ctx.access.check(ctx.store, ctx.model, "read")?;
    // `set(langs or installed)`: kept in their order, once each.
    let mut langs: Vec<String> = match args.get("langs") {
        v if !truthy(&v) => ctx.store.installed_languages(),
        Value::Array(a) => a.iter().map(py_str).collect(),
        Value::String(s) => s.chars().map(String::from).collect(),
        other => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not iterable",
                type_name(&other)
            )))
        }
    };
    let mut seen = std::collections::HashSet::new();
    langs.retain(|l| seen.insert(l.clone()));
    let Some(field) = ctx.store.field(ctx.model, &name).cloned() else {
        return Err(OdooError::new(Class::KeyError, name));
    };
    let read = |env: &Env| -> OResult<Value> {
        if !ctx.store.exists(ctx.model, id) {
            return Err(OdooError::missing(ctx.model, &[id], ctx.env.uid));
        }
        Ok(ctx.store.read_value(ctx.model, id, &name, true, false, env))
    };
    let source = read(&in_lang(ctx.env, BASE_LANG))?;
    let mut translations = Vec::new();
    let dialect = crate::version::Dialect::of(&ctx.store.schema.odoo_version);
    if is_translated(&field) || dialect.lists_untranslated_fields() {
        for lang in &langs {
            let env = in_lang(ctx.env, lang);
            ctx.store.env_lang(&env)?;
            let mut t = Map::new();
            t.insert("lang".into(), Value::from(lang.as_str()));
            t.insert("source".into(), source.clone());
            t.insert("value".into(), read(&env)?);
            translations.push(Value::Struct(t));
        }
    }
    let text = matches!(field.field_type, FieldType::Text | FieldType::Html);
    let mut context = Map::new();
    context.insert(
        "translation_type".into(),
        Value::from(if text { "text" } else { "char" }),
    );
    context.insert(
        "translation_show_source".into(),
        Value::Bool(field.field_type == FieldType::Html),
    );
    Ok(Value::Array(vec![
        Value::Array(translations),
        Value::Struct(context),
    ]))
}

/// `update_field_translations(field_name, translations, source_lang='')`: sets (a text) or
/// removes (a falsy value) the field's value in each language given; `False` when the field
/// is not translated or nothing is given.
pub(super) fn update_field_translations(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let id = one_record(ctx)?;
    ctx.access.check(ctx.store, ctx.model, "write")?;
    let name = field_name(ctx, &args.get("field_name"))?;
    let given = args.get("translations");
    // `set(translations) | {source_lang}`, less the installed languages.
    let keys: Vec<String> = match &given {
        Value::Struct(m) => m.keys().cloned().collect(),
        Value::Array(a) => a.iter().map(py_str).collect(),
        Value::String(s) => s.chars().map(String::from).collect(),
        other => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not iterable",
                type_name(other)
            )))
        }
    };
    let source_lang = match args.get("source_lang") {
        v if !truthy(&v) => BASE_LANG.to_owned(),
        v => py_str(&v),
    };
    let valid = ctx.store.installed_languages();
    let mut missing: Vec<String> = keys
        .iter()
        .chain(std::iter::once(&source_lang))
        .filter(|l| !valid.contains(l))
        .cloned()
        .collect();
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        return Err(OdooError::user(format!(
            "The following languages are not activated: {}",
            missing.join(", ")
        )));
    }
    let Some(field) = ctx.store.field(ctx.model, &name).cloned() else {
        return Err(OdooError::new(Class::KeyError, name));
    };
    if !is_translated(&field) || !field.store {
        return Ok(Value::Bool(false));
    }
    let Value::Struct(given) = given else {
        return Err(OdooError::new(
            Class::AttributeError,
            format!("'{}' object has no attribute 'values'", type_name(&given)),
        ));
    };
    if given
        .values()
        .any(|v| truthy(v) && !matches!(v, Value::String(_)))
    {
        return Err(OdooError::user(
            "Translations for model translated fields only accept falsy values and str",
        ));
    }
    // A falsy `en_US` other than '' is dropped; other falsy values remove a translation.
    let translations: Vec<(String, Option<String>)> = given
        .into_iter()
        .filter(|(lang, v)| lang != BASE_LANG || truthy(v) || matches!(v, Value::String(_)))
        .map(|(lang, v)| match v {
            Value::String(s) => (lang, Some(s)),
            _ => (lang, None),
        })
        .collect();
    if translations.is_empty() {
        return Ok(Value::Bool(false));
    }
    let get = |lang: &str| {
        translations
            .iter()
            .find(|(l, _)| l == lang)
            .and_then(|(_, v)| v.clone())
    };
    let fallback = match get(BASE_LANG) {
        Some(v) => Some(v),
        None => ctx
            .store
            .env_lang(ctx.env)?
            .and_then(|l| get(&l))
            .or_else(|| translations.iter().find_map(|(_, v)| v.clone())),
    };
    if !truthy(&ctx.store.raw(ctx.model, id, &name)) {
        if let Some(f) = fallback {
            ctx.store.set_value(ctx.model, id, &name, Value::String(f));
        }
    }
    for (lang, value) in &translations {
        let value = value.clone().map_or(Value::Nil, Value::String);
        if lang == BASE_LANG {
            ctx.store.set_value(ctx.model, id, &name, value);
        } else {
            ctx.store
                .set_value(ctx.model, id, &lang_key(&name, lang), value);
        }
    }
    // `self[field_name] = self[field_name]`: a write in the current language.
    ctx.store.env_lang(ctx.env)?;
    let current = ctx
        .store
        .read_value(ctx.model, id, &name, false, false, ctx.env);
    let vals: Map = [(name, current)].into_iter().collect();
    ctx.store.write(ctx.model, &[id], vals, ctx.env)?;
    Ok(Value::Bool(true))
}
