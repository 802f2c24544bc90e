//! Access rights: Odoo's access-control list (`ir.model.access`, which group may read, write,
//! create or delete which model) and the `AccessError` it raises, worded as
//! `ir.model.access._make_access_error` words it. Custom models start without access, for
//! the admin too, until `ir.model.access` rows grant it. Record rules (`ir.rule`), which Odoo
//! checks after the list, are `orm/rules.rs`.

use crate::exception::{OResult, OdooError};
use std::collections::HashSet;

use crate::store::{Rule, Store};

/// What a restricted user may do.
pub(crate) trait Access {
    /// `Err(AccessError)` when the user may not run `operation` (`read`, `create`, `write`,
    /// `unlink`) on `model`.
    fn check(&self, store: &Store, model: &str, operation: &str) -> OResult<()>;
}

/// Who asks, as the access-control list sees it.
pub(crate) struct Grants<'a> {
    /// Unrestricted users may do everything.
    pub(crate) restricted: bool,
    /// What a restricted user may read without an access-control list (the defaults otherwise).
    pub(crate) readable: Option<&'a HashSet<String>>,
    /// The user's groups, by the names rules give them.
    pub(crate) groups: &'a [String],
}

impl Rule {
    /// A rule from the letters of `rwcu` (read, write, create, unlink).
    pub(crate) fn parse(
        model: &str,
        group: Option<&str>,
        operations: &str,
    ) -> Result<Rule, String> {
        if let Some(bad) = operations.chars().find(|c| !"rwcu".contains(*c)) {
            return Err(format!(
                "access rule for `{model}`: `{bad}` is not one of r, w, c, u"
            ));
        }
        Ok(Rule {
            model: model.to_owned(),
            group: group.map(str::to_owned),
            read: operations.contains('r'),
            write: operations.contains('w'),
            create: operations.contains('c'),
            unlink: operations.contains('u'),
        })
    }

    fn allows(&self, operation: &str) -> bool {
        match operation {
            "read" => self.read,
            "write" => self.write,
            "create" => self.create,
            "unlink" => self.unlink,
            _ => false,
        }
    }
}

/// Models a restricted user may read when no access-control list is given: those an internal
/// user with only the basic group reads in Odoo.
const DEFAULT_READABLE: &[&str] = &[
    "res.partner",
    "res.partner.category",
    "res.country",
    "res.country.state",
    "res.currency",
    "res.users",
    "res.company",
    "res.lang",
];

/// What the `ir.model.access` rows of a custom model (`state = manual`, made through
/// `ir.model`) allow: such a model starts without any, for every user, the admin too, as on
/// Odoo. A row for everyone (no group) grants its operations to all; a row for a group to its
/// members (an unrestricted user is a member of every group). `None` for other models.
fn custom_model_allows(
    user: &Grants<'_>,
    store: &Store,
    model: &str,
    operation: &str,
) -> Option<bool> {
    if store.model(model)?.state != "manual" {
        return None;
    }
    let member = |group: Option<&str>| {
        group.is_none_or(|g| !user.restricted || user.groups.iter().any(|u| u == g))
    };
    let by_rule = store
        .acl
        .iter()
        .any(|r| r.model == model && r.allows(operation) && member(r.group.as_deref()));
    const ACCESS: &str = "ir.model.access";
    let model_id = store.meta.models.get(model).copied();
    let by_row = store.all_ids(ACCESS).into_iter().any(|a| {
        let active = store.field(ACCESS, "active").is_none()
            || crate::values::truthy(&store.raw(ACCESS, a, "active"));
        let group =
            store
                .m2o(ACCESS, a, "group_id")
                .map(|g| match store.raw("res.groups", g, "name") {
                    odoo_runtime::Value::String(s) => s,
                    _ => format!("res.groups({g},)"),
                });
        model_id.is_some()
            && store.m2o(ACCESS, a, "model_id") == model_id
            && active
            && crate::values::truthy(&store.raw(ACCESS, a, &format!("perm_{operation}")))
            && member(group.as_deref())
    });
    Some(by_rule || by_row)
}

fn allowed(user: &Grants<'_>, store: &Store, model: &str, operation: &str) -> bool {
    if let Some(allows) = custom_model_allows(user, store, model, operation) {
        return allows;
    }
    if !user.restricted {
        return true;
    }
    if store.acl.is_empty() {
        return operation == "read"
            && match &user.readable {
                Some(set) => set.contains(model),
                None => DEFAULT_READABLE.contains(&model),
            };
    }
    store.acl.iter().any(|r| {
        r.model == model
            && r.allows(operation)
            && r.group.as_ref().is_none_or(|g| user.groups.contains(g))
    })
}

/// The groups that would allow the operation, as the error lists them.
fn groups_with_access(store: &Store, model: &str, operation: &str) -> Vec<String> {
    if store.acl.is_empty() {
        // Without a list, the schema's own models are those of Odoo's "Access Rights" group.
        return if crate::meta::is_meta(model) || model == "ir.model.access" {
            vec!["Access Rights".into()]
        } else {
            Vec::new()
        };
    }
    let mut out: Vec<String> = Vec::new();
    for r in &store.acl {
        if r.model == model && r.allows(operation) {
            if let Some(g) = &r.group {
                if !out.contains(g) {
                    out.push(g.clone());
                }
            }
        }
    }
    out
}

/// `Err(AccessError)` when `who` may not run `operation` on `model`.
pub(crate) fn check(who: &Grants<'_>, store: &Store, model: &str, operation: &str) -> OResult<()> {
    if allowed(who, store, model, operation) {
        return Ok(());
    }
    let verb = match operation {
        "read" => "access",
        "write" => "modify",
        "unlink" => "delete",
        other => other,
    };
    let groups = groups_with_access(store, model, operation);
    let group_info = if groups.is_empty() {
        "No group currently allows this operation.".to_owned()
    } else {
        format!(
            "This operation is allowed for the following groups:\n{}",
            groups
                .iter()
                .map(|g| format!("\t- {g}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    Err(OdooError::access_error(format!(
            "You are not allowed to {verb} '{}' ({model}) records.\n\n{group_info}\n\nContact your administrator to request access if necessary.",
            store.model_label(model)
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_their_letters() {
        let r = Rule::parse("res.partner", Some("Role / User"), "rwc").unwrap();
        assert!(r.read && r.write && r.create && !r.unlink);
        assert!(Rule::parse("res.partner", None, "rx").is_err());
    }
}
