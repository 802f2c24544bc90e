//! Translations against the real server: `get_field_translations` and
//! `update_field_translations` on a tag's translatable name, and reading it in a language.
//! The kit's databases have only `en_US` installed, so that is the language updated; the
//! others are refused, as each version refuses them.

use odoo_runtime::{ErrorKind, OdooModel, RecordId, Values};

use crate::env::Setup;

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner.category")]
pub struct Label {
    pub id: RecordId<Label>,
    pub name: Option<String>,
}

pub async fn translations(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("translations");
    super::sweep(&c, &prefix).await;
    let name = format!("{prefix} tag");
    let tag = c
        .create(Values::<Label>::new().set(Label::NAME, name.as_str()))
        .await
        .expect("a tag");
    let major = crate::versions::major().await;

    let all = c
        .field_translations(tag, Label::NAME)
        .await
        .expect("get_field_translations");
    assert_eq!(all.translations.len(), 1, "{all:?}");
    assert_eq!(all.translations[0].lang, "en_US");
    assert_eq!(all.translations[0].value, name);
    assert_eq!(all.translation_type, "char");
    assert!(!all.show_source);

    // An uninstalled language asked for: 18 and 19 refuse it, 17 answers the source.
    let fr = c
        .field_translations(tag, Label::NAME)
        .langs(["en_US", "fr_FR"])
        .await;
    if major == 17 {
        let fr = fr.expect("17 reads any language");
        assert_eq!(fr.translations.len(), 2, "{fr:?}");
    } else {
        let e = fr.expect_err("an uninstalled language");
        assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
        assert!(
            e.to_string().contains("Invalid language code: fr_FR"),
            "{e}"
        );
    }

    let renamed = format!("{prefix} tag renamed");
    c.update_field_translations([tag], Label::NAME)
        .set("en_US", renamed.as_str())
        .await
        .expect("update_field_translations");
    let read = c
        .read([tag])
        .lang("en_US")
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(read[0].name.as_deref(), Some(renamed.as_str()));

    let e = c
        .update_field_translations([tag], Label::NAME)
        .set("fr_FR", "étiquette")
        .await
        .expect_err("a language that is not activated");
    assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
    assert!(
        e.to_string()
            .contains("The following languages are not activated: fr_FR"),
        "{e}"
    );

    // `source_lang`: from saas~17.4 on; refused by the client before sending on 17.0.
    let with_source = c
        .update_field_translations([tag], Label::NAME)
        .set("en_US", renamed.as_str())
        .source_lang("en_US")
        .await;
    if major == 17 {
        let e = with_source.expect_err("no source_lang on 17.0");
        assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    } else {
        with_source.expect("source_lang on 18 and 19");
    }
    c.unlink([tag]).await.expect("remove the tag");
}
