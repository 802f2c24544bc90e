//! The context's company and language, on every protocol: `allowed_company_ids` naming a
//! company the user may not use (on a model with company rules, on defaults, on a model
//! without them, for the restricted user, of the wrong type), a company-dependent value
//! written in one company and read in each, `lang` naming a language that is not installed,
//! and `get_field_translations`/`update_field_translations`, right and wrong. The real kit
//! has `en_US` alone installed, so no other language can hold a translation there.

use serde_json::{json, Value as Json};

use crate::scenarios::{j2_as, jkw, jkw_demo, steps, xkw, xkw_demo, Scenario, Step, StepExt};
use crate::wire::{Request, Who};

/// A protocol the scenarios of a group are each sent over.
#[derive(Clone, Copy)]
pub(crate) enum Protocol {
    XmlRpc,
    JsonRpc,
    Json2,
}

const PROTOCOLS: [Protocol; 3] = [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2];

impl Protocol {
    fn prefix(self) -> &'static str {
        match self {
            Protocol::XmlRpc => "xmlrpc",
            Protocol::JsonRpc => "jsonrpc",
            Protocol::Json2 => "json2",
        }
    }
}

/// One call with `context`, as admin or as the restricted user: `args` and `kwargs` for
/// `execute_kw`, `named` for JSON-2's body (the context joins both).
pub(crate) struct Call {
    model: &'static str,
    method: &'static str,
    args: Json,
    kwargs: Json,
    named: Json,
    context: Json,
    demo: bool,
}

pub(crate) fn call(
    model: &'static str,
    method: &'static str,
    args: Json,
    kwargs: Json,
    named: Json,
    context: Json,
) -> Call {
    Call {
        model,
        method,
        args,
        kwargs,
        named,
        context,
        demo: false,
    }
}

impl Call {
    pub(crate) fn by_demo(mut self) -> Call {
        self.demo = true;
        self
    }

    pub(crate) fn on(&self, p: Protocol) -> Request {
        let with_context = |v: &Json| {
            let mut v = v.clone();
            if let (Some(m), false) = (v.as_object_mut(), self.context.is_null()) {
                m.insert("context".into(), self.context.clone());
            }
            v
        };
        let (args, kwargs) = (self.args.clone(), with_context(&self.kwargs));
        match (p, self.demo) {
            (Protocol::XmlRpc, false) => xkw(self.model, self.method, args, kwargs),
            (Protocol::XmlRpc, true) => xkw_demo(self.model, self.method, args, kwargs),
            (Protocol::JsonRpc, false) => jkw(self.model, self.method, args, kwargs),
            (Protocol::JsonRpc, true) => jkw_demo(self.model, self.method, args, kwargs),
            (Protocol::Json2, demo) => j2_as(
                if demo { Who::Demo } else { Who::Admin },
                self.model,
                self.method,
                Some(with_context(&self.named)),
            ),
        }
    }
}

/// The same one-call scenario on each protocol.
pub(crate) fn everywhere(name: &str, c: Call) -> Vec<Scenario> {
    PROTOCOLS
        .iter()
        .map(|p| steps(format!("{}/{name}", p.prefix()), vec![c.on(*p).into()]))
        .collect()
}

/// The same steps on each protocol.
pub(crate) fn everywhere_steps(
    name: &str,
    steps_of: impl Fn(Protocol) -> Vec<Step>,
) -> Vec<Scenario> {
    PROTOCOLS
        .iter()
        .map(|p| steps(format!("{}/{name}", p.prefix()), steps_of(*p)))
        .collect()
}

/// A records method on demo records: `ids` first, the other arguments by name.
pub(crate) fn on_records(
    model: &'static str,
    method: &'static str,
    ids: Json,
    named: Json,
    context: Json,
) -> Call {
    let mut body = named.clone();
    if let Some(m) = body.as_object_mut() {
        m.insert("ids".into(), ids.clone());
    }
    call(model, method, json!([ids]), named, body, context)
}

/// Every scenario of the group.
pub fn context() -> Vec<Scenario> {
    let mut v = Vec::new();
    v.extend(companies());
    v.extend(company_dependent());
    v.extend(languages());
    v.extend(translations());
    v
}

fn companies() -> Vec<Scenario> {
    let unknown = json!({"allowed_company_ids": [999]});
    let mut v = Vec::new();
    // `res.partner` has company rules: reading evaluates `env.companies`.
    v.extend(everywhere(
        "context/company-not-allowed-partner-read",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            unknown.clone(),
        ),
    ));
    v.extend(everywhere(
        "context/company-not-allowed-partner-search",
        call(
            "res.partner",
            "search",
            json!([[["id", "<", 5]]]),
            json!({}),
            json!({"domain": [["id", "<", 5]]}),
            unknown.clone(),
        ),
    ));
    // Tags have no company rule: searching never looks at the company...
    v.extend(everywhere(
        "context/company-not-allowed-tags-search",
        call(
            "res.partner.category",
            "search",
            json!([[["id", "<=", 7]]]),
            json!({}),
            json!({"domain": [["id", "<=", 7]]}),
            unknown.clone(),
        ),
    ));
    // ...but their defaults do (`ir.default` is per company).
    v.extend(everywhere(
        "context/company-not-allowed-tags-create",
        call(
            "res.partner.category",
            "create",
            json!([[{"name": "odoo-rs diff company tag"}]]),
            json!({}),
            json!({"vals_list": [{"name": "odoo-rs diff company tag"}]}),
            unknown.clone(),
        ),
    ));
    v.extend(everywhere(
        "context/company-not-allowed-default-get",
        call(
            "res.partner.category",
            "default_get",
            json!([["name"]]),
            json!({}),
            json!({"fields": ["name"]}),
            unknown.clone(),
        ),
    ));
    v.extend(everywhere(
        "context/company-not-allowed-companies-read",
        on_records(
            "res.company",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            unknown,
        ),
    ));
    // The admin may use both companies; the demo user only the first.
    v.extend(everywhere(
        "context/company-second-allowed-for-admin",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"allowed_company_ids": [2, 1]}),
        ),
    ));
    v.extend(everywhere(
        "context/company-second-refused-for-demo",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"allowed_company_ids": [2]}),
        )
        .by_demo(),
    ));
    v.extend(everywhere(
        "context/company-first-for-demo",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"allowed_company_ids": [1]}),
        )
        .by_demo(),
    ));
    // Python iterates what it is given: an int is not iterable, an empty list is no choice.
    v.extend(everywhere(
        "context/company-ids-an-int",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"allowed_company_ids": 1}),
        ),
    ));
    v.extend(everywhere(
        "context/company-ids-empty",
        on_records(
            "res.partner",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"allowed_company_ids": []}),
        ),
    ));
    v
}

/// `credit_limit` and `barcode` hold a value per company: written in the second company,
/// read in each.
fn company_dependent() -> Vec<Scenario> {
    let first = json!({"allowed_company_ids": [1]});
    let second = json!({"allowed_company_ids": [2, 1]});
    let fields = json!(["credit_limit", "barcode", "trust"]);
    everywhere_steps("context/company-dependent-per-company", |p| {
        let read = |context: Json| {
            on_records(
                "res.partner",
                "read",
                json!("$p"),
                json!({"fields": fields}),
                context,
            )
            .on(p)
            .into()
        };
        let search = |context: Json| {
            let domain = json!([["id", "in", "$p"], ["credit_limit", "=", 250.0]]);
            call(
                "res.partner",
                "search",
                json!([domain]),
                json!({}),
                json!({ "domain": domain }),
                context,
            )
            .on(p)
            .into()
        };
        vec![
            call(
                "res.partner",
                "create",
                json!([[{"name": "odoo-rs diff company dependent", "credit_limit": 100.0, "barcode": "odoo-rs-1"}]]),
                json!({}),
                json!({"vals_list": [{"name": "odoo-rs diff company dependent", "credit_limit": 100.0, "barcode": "odoo-rs-1"}]}),
                first.clone(),
            )
            .on(p)
            .bind("p"),
            on_records(
                "res.partner",
                "write",
                json!("$p"),
                json!({"vals": {"credit_limit": 250.0, "barcode": "odoo-rs-2"}}),
                second.clone(),
            )
            .on(p)
            .into(),
            read(first.clone()),
            read(second.clone()),
            read(json!({"allowed_company_ids": [2]})),
            // No choice: the user's own company, the first.
            read(Json::Null),
            // Searching compares the current company's value.
            search(second.clone()),
            search(first.clone()),
            on_records("res.partner", "unlink", json!("$p"), json!({}), Json::Null)
                .on(p)
                .into(),
        ]
    })
}

fn languages() -> Vec<Scenario> {
    let mut v = Vec::new();
    let read_tag = |lang: Json| {
        on_records(
            "res.partner.category",
            "read",
            json!([1]),
            json!({"fields": ["name"]}),
            json!({"lang": lang}),
        )
    };
    v.extend(everywhere(
        "context/installed-languages",
        call(
            "res.lang",
            "search_read",
            json!([[["active", "=", true]]]),
            json!({"fields": ["code", "name"]}),
            json!({"domain": [["active", "=", true]], "fields": ["code", "name"]}),
            Json::Null,
        ),
    ));
    v.extend(everywhere(
        "context/lang-not-installed",
        read_tag(json!("fr_FR")),
    ));
    v.extend(everywhere("context/lang-not-a-code", read_tag(json!("xx"))));
    v.extend(everywhere("context/lang-en-us", read_tag(json!("en_US"))));
    v.extend(everywhere("context/lang-empty", read_tag(json!(""))));
    v.extend(everywhere(
        "context/lang-not-installed-search",
        call(
            "res.country",
            "search_read",
            json!([[["code", "=", "FR"]]]),
            json!({"fields": ["name"]}),
            json!({"domain": [["code", "=", "FR"]], "fields": ["name"]}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    // Writing a translated field reads the language; so does any write on a partner, but
    // not a write of other fields.
    v.extend(everywhere(
        "context/lang-not-installed-write-translated",
        on_records(
            "res.partner.category",
            "write",
            json!([1]),
            json!({"vals": {"name": "Vendor"}}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    v.extend(everywhere(
        "context/lang-not-installed-write-partner",
        on_records(
            "res.partner",
            "write",
            json!([1]),
            json!({"vals": {"name": "YourCompany"}}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    v.extend(everywhere(
        "context/lang-not-installed-write-untranslated",
        on_records(
            "res.partner.category",
            "write",
            json!([1]),
            json!({"vals": {}}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    // Defaults and counting never look at the language.
    v.extend(everywhere(
        "context/lang-not-installed-default-get",
        call(
            "res.partner.category",
            "default_get",
            json!([["name"]]),
            json!({}),
            json!({"fields": ["name"]}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    v.extend(everywhere(
        "context/lang-not-installed-search-count",
        call(
            "res.partner.category",
            "search_count",
            json!([[["id", "<=", 7]]]),
            json!({}),
            json!({"domain": [["id", "<=", 7]]}),
            json!({"lang": "fr_FR"}),
        ),
    ));
    v
}

fn translations() -> Vec<Scenario> {
    let mut v = Vec::new();
    let get = |model: &'static str, ids: Json, named: Json| {
        on_records(model, "get_field_translations", ids, named, Json::Null)
    };
    let update = |ids: Json, named: Json| {
        on_records(
            "res.partner.category",
            "update_field_translations",
            ids,
            named,
            Json::Null,
        )
    };
    v.extend(everywhere(
        "translations/get-installed-languages",
        get(
            "res.partner.category",
            json!([1]),
            json!({"field_name": "name"}),
        ),
    ));
    v.extend(everywhere(
        "translations/get-field-not-translated",
        get("res.partner", json!([1]), json!({"field_name": "name"})),
    ));
    v.extend(everywhere(
        "translations/get-language-not-installed",
        get(
            "res.partner.category",
            json!([1]),
            json!({"field_name": "name", "langs": ["fr_FR"]}),
        ),
    ));
    v.extend(everywhere(
        "translations/get-two-records",
        get(
            "res.partner.category",
            json!([1, 2]),
            json!({"field_name": "name"}),
        ),
    ));
    v.extend(everywhere(
        "translations/get-unknown-field",
        get(
            "res.partner.category",
            json!([1]),
            json!({"field_name": "no_such_field"}),
        ),
    ));
    v.extend(everywhere(
        "translations/get-missing-record",
        get(
            "res.partner.category",
            json!([999999999]),
            json!({"field_name": "name"}),
        ),
    ));
    v.extend(everywhere(
        "translations/update-language-not-installed",
        update(
            json!([1]),
            json!({"field_name": "name", "translations": {"fr_FR": "Fournisseur"}}),
        ),
    ));
    v.extend(everywhere(
        "translations/update-source-language-not-installed",
        update(
            json!([1]),
            json!({"field_name": "name", "translations": {"en_US": "Vendor"}, "source_lang": "fr_FR"}),
        ),
    ));
    v.extend(everywhere(
        "translations/update-field-not-translated",
        on_records(
            "res.partner",
            "update_field_translations",
            json!([1]),
            json!({"field_name": "name", "translations": {"en_US": "unchanged"}}),
            Json::Null,
        ),
    ));
    v.extend(everywhere_steps("translations/update-then-read", |p| {
        let tag = "odoo-rs diff translated tag";
        vec![
            call(
                "res.partner.category",
                "create",
                json!([[{"name": tag}]]),
                json!({}),
                json!({"vals_list": [{"name": tag}]}),
                Json::Null,
            )
            .on(p)
            .bind("t"),
            update(
                json!("$t"),
                json!({"field_name": "name", "translations": {"en_US": "odoo-rs diff translated tag renamed"}}),
            )
            .on(p)
            .into(),
            on_records(
                "res.partner.category",
                "read",
                json!("$t"),
                json!({"fields": ["name"]}),
                json!({"lang": "en_US"}),
            )
            .on(p)
            .into(),
            on_records(
                "res.partner.category",
                "get_field_translations",
                json!("$t"),
                json!({"field_name": "name"}),
                Json::Null,
            )
            .on(p)
            .into(),
            // A falsy `en_US` other than '' is dropped: nothing to do.
            update(json!("$t"), json!({"field_name": "name", "translations": {"en_US": false}}))
                .on(p)
                .into(),
            update(json!("$t"), json!({"field_name": "name", "translations": {"en_US": 5}}))
                .on(p)
                .into(),
            update(json!("$t"), json!({"field_name": "name", "translations": []}))
                .on(p)
                .into(),
            on_records("res.partner.category", "unlink", json!("$t"), json!({}), Json::Null)
                .on(p)
                .into(),
        ]
    }));
    v
}
