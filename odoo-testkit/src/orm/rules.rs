//! Record rules (`ir.rule`): which records of a model a user may read, write, create or
//! delete, as `ir.rule._compute_domain` decides it. The rules of a model for an operation
//! are those naming it; global rules (no group) all hold, and of the rules of the user's
//! groups at least one does. A search sees only the records the rules allow (the others are
//! silently absent); reading, writing or deleting one outside them, or creating one, is
//! `ir.rule._make_access_error`'s `AccessError`. Rules apply to every user, the admin too:
//! only Odoo's superuser (`sudo`, which no external call has) is exempt. A model that
//! inherits another (`_inherits`: a user its partner) adds the parent's rules on the link.
//!
//! A rule's domain is Python (`domain_force`), evaluated with the names Odoo's
//! `ir.rule._eval_context` gives: `user` (its fields, `user.id`, `user.partner_id.id`,
//! `user.company_ids.ids`…), `company_id` (`env.company.id`) and `company_ids`
//! (`env.companies.ids`, from the context's `allowed_company_ids`). Literals are Python's:
//! lists, tuples, strings, numbers, `True`, `False`, `None`. Anything else (`time`, a call,
//! an operator) is refused when the server is built, never silently ignored.

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use crate::domain::{self, Cond, Dom, Evaluator};
use crate::exception::{OResult, OdooError};
use crate::store::{Env, RecordRule, Store};
use crate::values::truthy;

/// The models whose `write` reads the records before it checks the right to write them
/// (`res.partner`'s `pre_values_list`; `res.company`, a `mail.thread` in the kit's databases,
/// reads its tracked fields in `_track_prepare`): a record outside the read rules is refused
/// as a read, before the access-control list is asked about writing. (On 19, a process whose
/// hash seed puts `res.company`'s related `vat` first reads the company as superuser, and the
/// list refuses the write instead; the differential suite accepts either.)
const READ_BEFORE_WRITE: &[&str] = &["res.company", "res.partner"];

/// Whether the server's version adds the multi-company note (and `suggested_company`) to the
/// error users outside debug mode see: from Odoo 18 on; 17 gives it in debug mode only.
fn notes_companies(store: &Store) -> bool {
    let major = store
        .schema
        .odoo_version
        .trim_start_matches("saas~")
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    major.is_none_or(|m| m >= 18)
}

/// The models that inherit another's fields (`_inherits`), through which many2one: their
/// records pass the parent's rules too. The schema does not say it (`fields_get` has no
/// `delegate`).
const INHERITS: &[(&str, &str, &str)] = &[("res.users", "res.partner", "partner_id")];

/// The number of top-level terms of a domain list in prefix notation (`[a, b]` is two, an
/// implicit `&`; `['|', a, b]` one).
fn terms(items: &[Value]) -> usize {
    let mut stack = 0usize;
    for item in items.iter().rev() {
        match item.as_str() {
            Some("&" | "|") => stack = stack.saturating_sub(1),
            Some("!") => {}
            _ => stack += 1,
        }
    }
    stack
}

/// `Domain.AND` (`op` `&`) or `Domain.OR` (`|`) of domain lists, as one list. An empty
/// domain is true: left out of an AND, the whole of an OR.
fn combine(op: &str, parts: Vec<Value>) -> Value {
    let mut singles: Vec<Vec<Value>> = Vec::new();
    for part in parts {
        let items = match part {
            Value::Array(a) => a,
            // `True`/`None`: every record; `False`: none.
            Value::Bool(false) => vec![Value::Array(vec![
                Value::Int(0),
                Value::from("="),
                Value::Int(1),
            ])],
            _ => Vec::new(),
        };
        if items.is_empty() {
            if op == "|" {
                return Value::Array(Vec::new());
            }
            continue;
        }
        let n = terms(&items);
        let mut single: Vec<Value> = (1..n).map(|_| Value::from("&")).collect();
        single.extend(items);
        singles.push(single);
    }
    let mut out: Vec<Value> = (1..singles.len()).map(|_| Value::from(op)).collect();
    out.extend(singles.into_iter().flatten());
    Value::Array(out)
}

/// An expression of a rule's domain: Python literals and the names of the evaluation context.
#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Value(Value),
    List(Vec<Expr>),
    /// A dotted name: `company_ids`, `user.partner_id.id`.
    Name(Vec<String>),
}

/// Parses a rule's `domain_force` (Python source) into an expression.
fn parse_expr(source: &str) -> Result<Expr, String> {
    let mut p = Parser {
        chars: source.chars().collect(),
        at: 0,
    };
    let e = p.expr()?;
    p.skip_space();
    if p.at < p.chars.len() {
        return Err(format!("unexpected `{}`", p.rest()));
    }
    Ok(e)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn skip_space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn rest(&self) -> String {
        self.chars[self.at..].iter().take(20).collect()
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.at).copied()
    }

    fn expr(&mut self) -> Result<Expr, String> {
        match self.peek() {
            None => Err("unexpected end".into()),
            Some(open @ ('[' | '(')) => {
                self.at += 1;
                let close = if open == '[' { ']' } else { ')' };
                let mut items = Vec::new();
                loop {
                    if self.peek() == Some(close) {
                        self.at += 1;
                        break;
                    }
                    items.push(self.expr()?);
                    match self.peek() {
                        Some(',') => self.at += 1,
                        Some(c) if c == close => {}
                        _ => return Err(format!("expected `,` or `{close}` at `{}`", self.rest())),
                    }
                }
                Ok(Expr::List(items))
            }
            Some(quote @ ('\'' | '"')) => {
                self.at += 1;
                let mut s = String::new();
                loop {
                    match self.chars.get(self.at).copied() {
                        None => return Err("a string is not closed".into()),
                        Some('\\') => {
                            let c = self.chars.get(self.at + 1).copied();
                            s.push(match c {
                                Some('n') => '\n',
                                Some('t') => '\t',
                                Some(c) => c,
                                None => return Err("a string is not closed".into()),
                            });
                            self.at += 2;
                        }
                        Some(c) if c == quote => {
                            self.at += 1;
                            break;
                        }
                        Some(c) => {
                            s.push(c);
                            self.at += 1;
                        }
                    }
                }
                Ok(Expr::Value(Value::String(s)))
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let start = self.at;
                self.at += 1;
                while self
                    .chars
                    .get(self.at)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                {
                    self.at += 1;
                }
                let text: String = self.chars[start..self.at].iter().collect();
                if let Ok(i) = text.parse::<i64>() {
                    Ok(Expr::Value(Value::Int(i)))
                } else {
                    text.parse::<f64>()
                        .map(|d| Expr::Value(Value::Double(d)))
                        .map_err(|_| format!("`{text}` is not a number"))
                }
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let mut parts = vec![self.ident()];
                while self.chars.get(self.at) == Some(&'.') {
                    self.at += 1;
                    parts.push(self.ident());
                }
                if self.peek() == Some('(') {
                    return Err(format!("`{}(…)`: calls are not supported", parts.join(".")));
                }
                Ok(match (parts.len(), parts[0].as_str()) {
                    (1, "True") => Expr::Value(Value::Bool(true)),
                    (1, "False") => Expr::Value(Value::Bool(false)),
                    (1, "None") => Expr::Value(Value::Nil),
                    _ => Expr::Name(parts),
                })
            }
            Some(_) => Err(format!("unexpected `{}`", self.rest())),
        }
    }

    fn ident(&mut self) -> String {
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }
}

/// What a rule's names stand for, for one user and context.
struct Names {
    uid: i64,
    company_id: i64,
    company_ids: Vec<i64>,
}

/// The model whose field `user.<field>` reads: `res.users`, or `res.partner` for the fields
/// a user inherits from its partner (`_inherits`).
fn user_field_model(store: &Store, field: &str) -> Option<&'static str> {
    let has = |model: &str| {
        store
            .field(model, field)
            .is_some_and(|f| f.store || model == "res.partner")
    };
    if field == "id" || has("res.users") {
        Some("res.users")
    } else if has("res.partner") {
        Some("res.partner")
    } else {
        None
    }
}

/// `user.<path>`: the value Odoo's record gives (`.id` of a many2one, `.ids` of a x2many).
fn user_value(store: &Store, uid: i64, path: &[String]) -> Result<Value, String> {
    let (mut model, mut id) = ("res.users".to_owned(), Some(uid));
    let mut ids: Option<Vec<i64>> = None;
    let mut first = true;
    for (i, step) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        if step == "id" && last {
            return Ok(id.map_or(Value::Bool(false), Value::Int));
        }
        if step == "ids" && last {
            return Ok(Value::Array(
                ids.clone()
                    .unwrap_or_else(|| id.into_iter().collect())
                    .into_iter()
                    .map(Value::Int)
                    .collect(),
            ));
        }
        // The first step may be a field the user inherits from its partner.
        let owner = if first {
            user_field_model(store, step)
        } else {
            store.field(&model, step).map(|_| "")
        };
        let Some(owner) = owner else {
            return Err(format!(
                "`user.{}`: `{step}` is no field of {model}",
                path.join(".")
            ));
        };
        let record = match (first, owner) {
            (true, "res.partner") => {
                model = "res.partner".into();
                id.and_then(|u| store.m2o("res.users", u, "partner_id"))
            }
            _ => id,
        };
        first = false;
        let Some(field) = store.field(&model, step) else {
            return Err(format!(
                "`user.{}`: `{step}` is no field of {model}",
                path.join(".")
            ));
        };
        let raw = record.map_or(Value::Bool(false), |r| store.raw(&model, r, step));
        match field.field_type {
            FieldType::Many2one => {
                model = field.relation.clone().unwrap_or_default();
                id = match raw {
                    Value::Int(i) => Some(i),
                    Value::Array(a) => a.first().and_then(Value::as_i64),
                    _ => None,
                };
                ids = None;
            }
            FieldType::One2many | FieldType::Many2many => {
                model = field.relation.clone().unwrap_or_default();
                let all: Vec<i64> = match raw {
                    Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
                    _ => Vec::new(),
                };
                id = all.first().copied();
                ids = Some(all);
            }
            _ if last => return Ok(raw),
            _ => {
                return Err(format!(
                    "`user.{}`: `{step}` is no relation",
                    path.join(".")
                ))
            }
        }
    }
    Err(format!(
        "`user.{}`: a record is no value in a domain; end with `.id` or `.ids`",
        path.join(".")
    ))
}

fn eval(store: &Store, names: &Names, e: &Expr) -> Result<Value, String> {
    Ok(match e {
        Expr::Value(v) => v.clone(),
        Expr::List(items) => Value::Array(
            items
                .iter()
                .map(|i| eval(store, names, i))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Name(parts) => match (parts[0].as_str(), &parts[1..]) {
            ("company_id", []) => Value::Int(names.company_id),
            ("company_ids", []) => {
                Value::Array(names.company_ids.iter().copied().map(Value::Int).collect())
            }
            ("user", []) => return Err("`user` alone is no value; use `user.id`".into()),
            ("user", path) => user_value(store, names.uid, path)?,
            _ => {
                return Err(format!(
                    "`{}` is not supported (the names are `user`, `company_id` and `company_ids`)",
                    parts.join(".")
                ))
            }
        },
    })
}

/// Checks a rule given to the builder: its model exists, its domain parses and evaluates (for
/// the first user, in the first company) into a domain of that model.
pub(crate) fn check_rule(store: &Store, rule: &RecordRule) -> Result<(), String> {
    let here = || format!("record rule `{}` on `{}`", rule.name, rule.model);
    if !store.has_model(&rule.model) {
        return Err(format!("{}: no such model in the schema", here()));
    }
    let expr = parse_expr(&rule.domain).map_err(|e| format!("{}: {e}", here()))?;
    let names = Names {
        uid: store.all_ids("res.users").first().copied().unwrap_or(2),
        company_id: 1,
        company_ids: vec![1],
    };
    let value = eval(store, &names, &expr).map_err(|e| format!("{}: {e}", here()))?;
    domain::parse(&value).map_err(|e| format!("{}: {}", here(), e.message))?;
    Ok(())
}

fn applies(rule: &RecordRule, operation: &str) -> bool {
    match operation {
        "read" => rule.read,
        "write" => rule.write,
        "create" => rule.create,
        "unlink" => rule.unlink,
        _ => false,
    }
}

impl Store {
    fn user_in(&self, uid: i64, rule: &RecordRule) -> bool {
        let groups = self.user_groups.get(&uid);
        rule.groups
            .iter()
            .any(|g| groups.is_some_and(|u| u.contains(g)))
    }

    /// The rules of `model` for `operation` that concern the user: global ones, and those
    /// of their groups.
    fn rules_for(&self, env: &Env, model: &str, operation: &str) -> Vec<&RecordRule> {
        self.record_rules
            .iter()
            .filter(|r| r.model == model && applies(r, operation))
            .filter(|r| r.groups.is_empty() || self.user_in(env.uid, r))
            .collect()
    }

    /// A rule's domain, evaluated for the user and the context, as a domain list.
    fn rule_value(&self, env: &Env, rule: &RecordRule) -> OResult<Value> {
        let names = Names {
            uid: env.uid,
            company_id: self.env_company(env)?,
            company_ids: self.env_company_ids(env)?,
        };
        // Checked when the server was built: a failure here is a user whose record lacks
        // what the rule reads, which Odoo would fail on too.
        parse_expr(&rule.domain)
            .and_then(|e| eval(self, &names, &e))
            .map_err(|e| OdooError::value(format!("record rule `{}`: {e}", rule.name)))
    }

    fn rule_dom(&self, env: &Env, rule: &RecordRule) -> OResult<Dom> {
        domain::parse(&self.rule_value(env, rule)?)
    }

    /// `ir.rule._compute_domain(model, operation)` as a domain list: every global rule, any
    /// one of the user's groups' rules, and the rules of the parents the model inherits
    /// (`_inherits`: a user's partner must pass the partner rules); `None` when no rule
    /// concerns the user.
    fn rule_domain_value(&self, env: &Env, model: &str, operation: &str) -> OResult<Option<Value>> {
        let mut global = Vec::new();
        for (child, parent, field) in INHERITS {
            if *child == model && self.has_field(child, field) {
                if let Some(d) = self.rule_domain_value(env, parent, operation)? {
                    let leaf = vec![Value::from(*field), Value::from("any"), d];
                    global.push(Value::Array(vec![Value::Array(leaf)]));
                }
            }
        }
        let rules = self.rules_for(env, model, operation);
        if rules.is_empty() && global.is_empty() {
            return Ok(None);
        }
        let mut group = Vec::new();
        for r in rules {
            let d = self.rule_value(env, r)?;
            if r.groups.is_empty() {
                global.push(d);
            } else {
                group.push(d);
            }
        }
        if !group.is_empty() {
            global.push(combine("|", group));
        }
        Ok(Some(combine("&", global)))
    }

    /// `ir.rule._compute_domain(model, operation)`, parsed.
    pub(crate) fn rule_domain(
        &self,
        env: &Env,
        model: &str,
        operation: &str,
    ) -> OResult<Option<Dom>> {
        match self.rule_domain_value(env, model, operation)? {
            Some(v) => Ok(Some(domain::parse(&v)?)),
            None => Ok(None),
        }
    }

    /// A search's domain restricted to the records the read rules allow.
    pub(crate) fn with_read_rules(&self, env: &Env, model: &str, dom: &Dom) -> OResult<Dom> {
        Ok(match self.rule_domain(env, model, "read")? {
            Some(rules) => domain::and(vec![dom.clone(), rules]),
            None => dom.clone(),
        })
    }

    /// Of `ids`, those that exist and `dom` does not match (archived ones count).
    pub(crate) fn failing(&self, model: &str, ids: &[i64], dom: &Dom) -> OResult<Vec<i64>> {
        let existing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|i| self.exists(model, *i))
            .collect();
        if existing.is_empty() {
            return Ok(Vec::new());
        }
        let within = Dom::Cond(Cond {
            path: "id".into(),
            op: "in".into(),
            value: Value::Array(existing.iter().copied().map(Value::Int).collect()),
        });
        let allowed =
            Evaluator::new(self).search(model, &domain::and(vec![within, dom.clone()]), false)?;
        let mut out = Vec::new();
        for id in existing {
            if !allowed.contains(&id) && !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// `check_access(operation)`'s record rules on `ids`: `Err(AccessError)` when one of
    /// them is outside the rules (records that do not exist are left to the caller).
    pub(crate) fn check_rules(
        &self,
        env: &Env,
        model: &str,
        operation: &str,
        ids: &[i64],
    ) -> OResult<()> {
        let Some(dom) = self.rule_domain(env, model, operation)? else {
            return Ok(());
        };
        let forbidden = self.failing(model, ids, &dom)?;
        if forbidden.is_empty() {
            return Ok(());
        }
        Err(self.rule_error(env, model, operation, &forbidden)?)
    }

    /// Whether `model`'s `write` reads its records (and so checks the read access and rules)
    /// before it checks the right to write them.
    pub(crate) fn reads_before_write(&self, model: &str) -> bool {
        READ_BEFORE_WRITE.contains(&model)
    }

    /// `ir.rule._get_failing`: the global rules some of `forbidden` fail, and the group rules
    /// when all of them together fail some.
    fn failing_rules(
        &self,
        env: &Env,
        model: &str,
        operation: &str,
        forbidden: &[i64],
    ) -> OResult<Vec<&RecordRule>> {
        let rules = self.rules_for(env, model, operation);
        let group: Vec<Dom> = rules
            .iter()
            .filter(|r| !r.groups.is_empty())
            .map(|r| self.rule_dom(env, r))
            .collect::<OResult<_>>()?;
        let groups_fail = !group.is_empty()
            && !self
                .failing(model, forbidden, &domain::or(group))?
                .is_empty();
        let mut out = Vec::new();
        for r in rules {
            let fails = if r.groups.is_empty() {
                !self
                    .failing(model, forbidden, &self.rule_dom(env, r)?)?
                    .is_empty()
            } else {
                groups_fail
            };
            if fails {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// `ir.rule._make_access_error(operation, records)`, as a user without the technical
    /// features group (`base.group_no_one`) reads it: the records are not named. With a
    /// failing company rule, the companies of the first six records suggest one to switch to.
    fn rule_error(
        &self,
        env: &Env,
        model: &str,
        operation: &str,
        forbidden: &[i64],
    ) -> OResult<OdooError> {
        // A user's name is its partner's (`related`, not stored on the user).
        let partner = self.m2o("res.users", env.uid, "partner_id");
        let user = match partner.map(|p| self.raw("res.partner", p, "name")) {
            Some(Value::String(s)) => s,
            _ => match self.raw("res.users", env.uid, "name") {
                Value::String(s) => s,
                _ => String::new(),
            },
        };
        let mut message = format!(
            "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n\
             Sorry, {user} (id={}) doesn't have '{operation}' access to:\n- {} ({model})\n\n\
             If you really, really need access, perhaps you can win over your friendly \
             administrator with a batch of freshly baked cookies.",
            env.uid,
            self.model_label(model),
        );
        let company_related = notes_companies(self)
            && self
                .failing_rules(env, model, operation, forbidden)?
                .iter()
                .any(|r| r.domain.contains("company_id"));
        let mut context = None;
        if company_related {
            let suggested =
                self.suggested_companies(env, model, &forbidden[..forbidden.len().min(6)]);
            let user_companies: Vec<i64> = match self.raw("res.users", env.uid, "company_ids") {
                Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
                _ => Vec::new(),
            };
            match suggested.as_slice() {
                [] => {}
                [one] if user_companies.contains(one) => {
                    let name = crate::names::display_name(self, "res.company", *one);
                    message.push_str(&format!(
                        "\n\nThis seems to be a multi-company issue, you might be able to access \
                         the record by switching to the company: {name}."
                    ));
                    let mut company = Map::new();
                    company.insert("id".into(), Value::Int(*one));
                    company.insert("display_name".into(), Value::String(name));
                    let mut c = Map::new();
                    c.insert("suggested_company".into(), Value::Struct(company));
                    context = Some(c);
                }
                [_] => message.push_str(
                    "\n\nThis seems to be a multi-company issue, but you do not have access to \
                     the proper company to access the record anyhow.",
                ),
                _ => message.push_str(
                    "\n\nNote: this might be a multi-company issue. Switching company may help \
                     - in Odoo, not in real life!",
                ),
            }
        }
        let e = OdooError::access_error(message);
        Ok(match context {
            Some(c) => e.with_error_context(c),
            None => e,
        })
    }

    /// `_get_redirect_suggested_company`: the records' companies (`company_id`), or the first
    /// of their `company_ids` the user has.
    fn suggested_companies(&self, env: &Env, model: &str, ids: &[i64]) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        if self.has_field(model, "company_id") {
            for id in ids {
                if let Some(c) = self.m2o(model, *id, "company_id") {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
            out.sort_unstable();
        } else if self.has_field(model, "company_ids") {
            let user: Vec<i64> = match self.raw("res.users", env.uid, "company_ids") {
                Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
                _ => Vec::new(),
            };
            let mut theirs: Vec<i64> = ids
                .iter()
                .flat_map(|id| match self.raw(model, *id, "company_ids") {
                    Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
                    _ => Vec::new(),
                })
                .filter(|c| user.contains(c))
                .collect();
            theirs.sort_unstable();
            out.extend(theirs.into_iter().take(1));
        }
        out
    }

    /// A new partner's `partner_share` (computed by Odoo from its users): a partner without
    /// an internal user is shared, which the partner company rule reads.
    pub(crate) fn compute_partner_share(&mut self, model: &str, id: i64) {
        let stored = self.field(model, "partner_share").is_some_and(|f| f.store);
        if model == "res.partner" && stored && !truthy(&self.raw(model, id, "partner_share")) {
            self.set_value(model, id, "partner_share", Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store() -> Store {
        use odoo_runtime::schema::{Field, Model};
        let mut schema = crate::store::tests::partner_schema();
        let m2o = |name: &str, t: FieldType, rel: &str| {
            let mut f = Field::new(name, t, name);
            f.relation = Some(rel.into());
            f
        };
        if let Some(p) = schema.models.get_mut("res.partner") {
            let f = m2o("company_id", FieldType::Many2one, "res.company");
            p.fields.insert("company_id".into(), f);
        }
        let mut users = Model::new("res.users", "User");
        for f in [
            m2o("partner_id", FieldType::Many2one, "res.partner"),
            m2o("company_ids", FieldType::Many2many, "res.company"),
            Field::new("name", FieldType::Char, "Name"),
        ] {
            users.fields.insert(f.name.clone(), f);
        }
        schema.insert(users);
        let mut company = Model::new("res.company", "Companies");
        let name = Field::new("name", FieldType::Char, "Name");
        company.fields.insert("name".into(), name);
        schema.insert(company);
        let mut s = Store::new(schema);
        s.put_row("res.company", 1, Map::new());
        s.put_row("res.company", 2, Map::new());
        s
    }

    fn rule(model: &str, groups: &[&str], domain: &str) -> RecordRule {
        RecordRule {
            name: "test rule".into(),
            model: model.into(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            domain: domain.into(),
            read: true,
            write: true,
            create: true,
            unlink: true,
        }
    }

    #[test]
    fn python_literals_and_names_parse() {
        let e = parse_expr("['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]")
            .unwrap();
        let Expr::List(items) = e else {
            panic!("a list")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], Expr::Value(Value::String("|".into())));
        let Expr::List(leaf) = &items[2] else {
            panic!("a tuple")
        };
        assert_eq!(leaf[2], Expr::Name(vec!["company_ids".into()]));
        assert_eq!(
            parse_expr("[(1, '=', 1)]").unwrap(),
            Expr::List(vec![Expr::List(vec![
                Expr::Value(Value::Int(1)),
                Expr::Value(Value::String("=".into())),
                Expr::Value(Value::Int(1)),
            ])])
        );
        assert!(parse_expr("[('date', '<', time.strftime('%Y'))]")
            .unwrap_err()
            .contains("calls are not supported"));
        assert!(parse_expr("[('a', '=', 1) + x]").is_err());
        assert!(parse_expr("[('a', '=', 'open").is_err());
    }

    #[test]
    fn unsupported_names_are_refused_when_built() {
        let s = store();
        let bad = rule("res.partner", &[], "[('id', '=', uid)]");
        assert!(check_rule(&s, &bad)
            .unwrap_err()
            .contains("`uid` is not supported"));
        let bad = rule("res.partner", &[], "[('id', '=', user.no_such_field.id)]");
        assert!(check_rule(&s, &bad).unwrap_err().contains("no_such_field"));
        let bad = rule("res.nothing", &[], "[]");
        assert!(check_rule(&s, &bad).unwrap_err().contains("no such model"));
        let bad = rule("res.partner", &[], "[('id', 'between', 1)]");
        assert!(check_rule(&s, &bad).is_err());
        assert!(check_rule(&s, &rule("res.partner", &[], "[('id', '=', user.id)]")).is_ok());
    }

    fn partners(s: &mut Store) {
        for (id, company) in [(10, json!(false)), (11, json!(1)), (12, json!(2))] {
            let row = match Value::from(json!({"name": format!("p{id}"), "company_id": company})) {
                Value::Struct(m) => m,
                _ => Map::new(),
            };
            s.put_row("res.partner", id, row);
        }
    }

    fn env(uid: i64, context: serde_json::Value) -> Env {
        match Value::from(context) {
            Value::Struct(m) => Env::new(uid, m),
            _ => Env::new(uid, Map::new()),
        }
    }

    fn allowed(s: &Store, env: &Env) -> Vec<i64> {
        let dom = s.with_read_rules(env, "res.partner", &Dom::True).unwrap();
        let mut ids = Evaluator::new(s)
            .search("res.partner", &dom, false)
            .unwrap();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn company_rules_follow_the_allowed_companies() {
        let mut s = store();
        partners(&mut s);
        s.record_rules.push(rule(
            "res.partner",
            &[],
            "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]",
        ));
        // Without `allowed_company_ids`: every company (none listed on the user: all).
        assert_eq!(allowed(&s, &env(2, json!({}))), vec![10, 11, 12]);
        let one = env(2, json!({"allowed_company_ids": [1]}));
        assert_eq!(allowed(&s, &one), vec![10, 11]);
        assert!(s
            .check_rules(&one, "res.partner", "read", &[10, 11, 999])
            .is_ok());
        let e = s
            .check_rules(&one, "res.partner", "write", &[11, 12])
            .unwrap_err();
        assert!(
            e.message.contains("doesn't have 'write' access to:\n- "),
            "{}",
            e.message
        );
        assert!(e.message.contains("(res.partner)"));
        assert!(e.message.contains("multi-company issue"), "{}", e.message);
        // Odoo 17 keeps the note for debug mode.
        s.schema.odoo_version = "17.0".into();
        let e = s
            .check_rules(&one, "res.partner", "write", &[12])
            .unwrap_err();
        assert!(!e.message.contains("multi-company"), "{}", e.message);
    }

    #[test]
    fn global_rules_intersect_and_group_rules_unite() {
        let mut s = store();
        partners(&mut s);
        s.user_groups.insert(7, vec!["Role / User".into()]);
        s.record_rules
            .push(rule("res.partner", &[], "[('id', '!=', 12)]"));
        s.record_rules
            .push(rule("res.partner", &["Role / User"], "[('id', '=', 10)]"));
        s.record_rules
            .push(rule("res.partner", &["Role / User"], "[('id', '=', 12)]"));
        s.record_rules
            .push(rule("res.partner", &["Role / Portal"], "[('id', '=', 11)]"));
        // uid 7: global (not 12) and (10 or 12): 10. uid 2, in no group: the global rule alone.
        assert_eq!(allowed(&s, &env(7, json!({}))), vec![10]);
        assert_eq!(allowed(&s, &env(2, json!({}))), vec![10, 11]);
    }

    #[test]
    fn domains_combine_in_prefix_notation() {
        let v = |j: serde_json::Value| Value::from(j);
        let a = v(json!([["a", "=", 1], ["b", "=", 2]]));
        let b = v(json!(["|", ["c", "=", 3], ["d", "=", 4]]));
        assert_eq!(
            combine("&", vec![a.clone(), v(json!([])), b.clone()]),
            v(json!([
                "&",
                "&",
                ["a", "=", 1],
                ["b", "=", 2],
                "|",
                ["c", "=", 3],
                ["d", "=", 4]
            ]))
        );
        assert_eq!(
            combine("|", vec![a.clone(), b.clone()]),
            v(json!([
                "|",
                "&",
                ["a", "=", 1],
                ["b", "=", 2],
                "|",
                ["c", "=", 3],
                ["d", "=", 4]
            ]))
        );
        assert_eq!(combine("|", vec![a, v(json!([]))]), v(json!([])));
        assert_eq!(combine("&", vec![]), v(json!([])));
    }

    #[test]
    fn a_user_passes_its_partners_rules() {
        let mut s = store();
        partners(&mut s);
        for (uid, partner) in [(7, 11), (8, 12)] {
            let mut user = Map::new();
            user.insert("partner_id".into(), Value::Int(partner));
            s.put_row("res.users", uid, user);
        }
        s.record_rules.push(rule(
            "res.partner",
            &[],
            "[('company_id', 'in', company_ids)]",
        ));
        let env = env(7, json!({"allowed_company_ids": [1]}));
        let dom = s.with_read_rules(&env, "res.users", &Dom::True).unwrap();
        let ids = Evaluator::new(&s).search("res.users", &dom, false).unwrap();
        assert_eq!(ids, vec![7]);
        assert!(s.check_rules(&env, "res.users", "read", &[8]).is_err());
    }

    #[test]
    fn own_documents_rules_read_the_user() {
        let mut s = store();
        partners(&mut s);
        let mut user = Map::new();
        user.insert("partner_id".into(), Value::Int(11));
        s.put_row("res.users", 7, user);
        s.record_rules.push(rule(
            "res.partner",
            &[],
            "[('id', '=', user.partner_id.id)]",
        ));
        assert_eq!(allowed(&s, &env(7, json!({}))), vec![11]);
        s.record_rules[0].domain = "[('id', 'in', [user.id, False])]".into();
        assert_eq!(allowed(&s, &env(7, json!({}))), Vec::<i64>::new());
        // A rule only for writing leaves reads alone.
        s.record_rules[0].read = false;
        assert_eq!(allowed(&s, &env(7, json!({}))), vec![10, 11, 12]);
    }
}
