//! Translations of translatable fields: `get_field_translations` (every language's value of
//! one record's field) and `update_field_translations` (set them). Reading a field in one
//! language is a read with `.lang(code)`.
//!
//! The signatures differ by version: `update_field_translations(field_name, translations)` on
//! Odoo 17.0; saas~17.4 added `source_lang` (`None` by default on 18, `''` on 19).
//! [`source_lang`](UpdateFieldTranslations::source_lang) is refused on 17 before anything is
//! sent. Odoo 18 and 19 refuse a language that is not installed (`Invalid language code`);
//! every version refuses to update one (`The following languages are not activated`).
//!
//! ```no_run
//! # use odoo_runtime::{Client, OdooModel, RecordId};
//! # #[derive(OdooModel)] #[odoo(model = "res.partner.category")]
//! # pub struct Tag { pub id: RecordId<Tag>, pub name: Option<String> }
//! # async fn run(client: Client, tag: RecordId<Tag>) -> Result<(), odoo_runtime::Error> {
//! client
//!     .update_field_translations([tag], Tag::NAME)
//!     .set("fr_FR", "Client important")
//!     .await?;
//! let all = client.field_translations(tag, Tag::NAME).await?;
//! for t in &all.translations {
//!     println!("{}: {}", t.lang, t.value);
//! }
//! let in_french = client.read([tag]).lang("fr_FR").await?;
//! # let _ = in_french; Ok(()) }
//! ```

use std::future::IntoFuture;
use std::marker::PhantomData;

use serde::Deserialize;

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::{Field, OdooModel};
use crate::operation::{context_setter, ids_arg, into_future, BoxFuture, Operation, Options};
use crate::types::RecordId;
use crate::value::{Map, Value};

/// One language's value of a field.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Translation {
    /// The language code, e.g. `fr_FR`.
    pub lang: String,
    /// The source: the `en_US` value, or for a term-translated field (HTML, XML) the term.
    pub source: String,
    /// The value in `lang` (for a term-translated field, the term's translation).
    pub value: String,
}

/// What `get_field_translations` answers.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FieldTranslations {
    /// One entry per language (per term and language for a term-translated field).
    pub translations: Vec<Translation>,
    /// `char` or `text` (how the web client edits it).
    pub translation_type: String,
    /// Whether the entries are terms whose source should be shown (HTML and XML fields).
    pub show_source: bool,
}

#[derive(Deserialize)]
pub(crate) struct Meta {
    #[serde(default)]
    translation_type: String,
    #[serde(default)]
    translation_show_source: bool,
}

/// `get_field_translations`. Made by [`Client::field_translations`].
#[must_use = "a query does nothing until it is awaited"]
pub struct GetFieldTranslations<'a, M> {
    client: &'a Client,
    id: RecordId<M>,
    field: String,
    langs: Option<Vec<String>>,
    options: Options,
}

impl<'a, M: OdooModel> GetFieldTranslations<'a, M> {
    context_setter!();

    /// Only these languages (by default every installed one).
    pub fn langs(mut self, langs: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.langs = Some(langs.into_iter().map(Into::into).collect());
        self
    }

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        let mut call = Call::new(M::MODEL, "get_field_translations")
            .ids([self.id.get()])
            .arg("field_name", &self.field);
        if let Some(langs) = &self.langs {
            call = call.arg("langs", langs);
        }
        self.options.apply(call)
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for GetFieldTranslations<'a, M> {
    type Answer = (Vec<Translation>, Meta);
    type Output = FieldTranslations;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn bindings_version(&self) -> Option<&'static str> {
        M::ODOO_VERSION
    }
    fn decode(self, (translations, meta): Self::Answer) -> Result<FieldTranslations, Error> {
        Ok(FieldTranslations {
            translations,
            translation_type: meta.translation_type,
            show_source: meta.translation_show_source,
        })
    }
}
into_future!(['a, M: OdooModel + Send] GetFieldTranslations<'a, M> => FieldTranslations);

/// `update_field_translations`. Made by [`Client::update_field_translations`].
#[must_use = "a query does nothing until it is awaited"]
pub struct UpdateFieldTranslations<'a, M> {
    client: &'a Client,
    ids: Vec<RecordId<M>>,
    field: String,
    translations: Map,
    source_lang: Option<String>,
    options: Options,
    _m: PhantomData<fn() -> M>,
}

impl<'a, M: OdooModel> UpdateFieldTranslations<'a, M> {
    context_setter!();
}

impl<'a, M> UpdateFieldTranslations<'a, M> {
    /// The value in `lang` of a field translated as a whole (`translate=True`).
    pub fn set(mut self, lang: impl Into<String>, value: impl Into<String>) -> Self {
        self.translations
            .insert(lang.into(), Value::String(value.into()));
        self
    }

    /// Removes the translation in `lang` (`False`): the field reads as its source there.
    pub fn clear(mut self, lang: impl Into<String>) -> Self {
        self.translations.insert(lang.into(), Value::Bool(false));
        self
    }

    /// For a field translated by terms (HTML, XML): the translation in `lang` of the term
    /// `source`.
    pub fn term(
        mut self,
        lang: impl Into<String>,
        source: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        let entry = self
            .translations
            .entry(lang.into())
            .or_insert_with(|| Value::Struct(Map::new()));
        if !matches!(entry, Value::Struct(_)) {
            *entry = Value::Struct(Map::new());
        }
        if let Value::Struct(terms) = entry {
            terms.insert(source.into(), Value::String(value.into()));
        }
        self
    }

    /// The language the values are translations from (Odoo 18 and 19; 17.0 has no such
    /// parameter, and the call is refused there before it is sent).
    pub fn source_lang(mut self, lang: impl Into<String>) -> Self {
        self.source_lang = Some(lang.into());
        self
    }
}

impl<'a, M: OdooModel> UpdateFieldTranslations<'a, M> {
    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        let mut call = Call::new(M::MODEL, "update_field_translations")
            .ids(ids_arg(&self.ids))
            .arg("field_name", &self.field)
            .arg("translations", &self.translations);
        if let Some(lang) = &self.source_lang {
            call = call.arg("source_lang", lang);
        }
        self.options.apply(call)
    }
}

impl<'a, M: OdooModel + Send> IntoFuture for UpdateFieldTranslations<'a, M> {
    type Output = Result<(), Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        let call = self.to_call();
        let client = self.client;
        Box::pin(async move {
            if self.ids.is_empty() || self.translations.is_empty() {
                return Ok(());
            }
            if self.source_lang.is_some() {
                let version = client.version().await?;
                if version.major().is_some_and(|m| m < 18) {
                    return Err(Error::builder(format!(
                        "update_field_translations takes `source_lang` from Odoo saas~17.4 on; the server is Odoo {}",
                        version.server_version
                    )));
                }
            }
            let _: Value = client.call_model::<M, _>(call).await?;
            Ok(())
        })
    }
}

impl Client {
    /// The values of the translatable field `field` of the record `id` in every installed
    /// language (or those of [`langs`](GetFieldTranslations::langs)): `get_field_translations`.
    pub fn field_translations<M: OdooModel, T, A>(
        &self,
        id: RecordId<M>,
        field: Field<M, T, A>,
    ) -> GetFieldTranslations<'_, M> {
        GetFieldTranslations {
            client: self,
            id,
            field: field.name().to_owned(),
            langs: None,
            options: Options::default(),
        }
    }

    /// Sets translations of the field `field` of the records `ids`:
    /// `update_field_translations`. See [`UpdateFieldTranslations`](crate::orm::UpdateFieldTranslations) for the versions.
    pub fn update_field_translations<M: OdooModel, T, A>(
        &self,
        ids: impl IntoIterator<Item = RecordId<M>>,
        field: Field<M, T, A>,
    ) -> UpdateFieldTranslations<'_, M> {
        UpdateFieldTranslations {
            client: self,
            ids: ids.into_iter().collect(),
            field: field.name().to_owned(),
            translations: Map::new(),
            source_lang: None,
            options: Options::default(),
            _m: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_values_have_odoo_shapes() {
        let client = Client::builder()
            .url("http://localhost")
            .database("db")
            .password("u", "p")
            .build()
            .unwrap();
        let update = UpdateFieldTranslations::<crate::types::AnyModel> {
            client: &client,
            ids: vec![RecordId::new(1)],
            field: "name".into(),
            translations: Map::new(),
            source_lang: None,
            options: Options::default(),
            _m: PhantomData,
        }
        .set("fr_FR", "Bonjour")
        .clear("nl_BE")
        .term("de_DE", "<p>Hi</p>", "<p>Hallo</p>");
        let translations = Value::Struct(update.translations);
        assert_eq!(translations.get("fr_FR"), Some(&Value::from("Bonjour")));
        assert_eq!(translations.get("nl_BE"), Some(&Value::Bool(false)));
        assert_eq!(
            translations.get("de_DE").and_then(|t| t.get("<p>Hi</p>")),
            Some(&Value::from("<p>Hallo</p>"))
        );
    }
}
