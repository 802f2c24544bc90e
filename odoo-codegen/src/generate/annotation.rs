//! Python type annotations (what `/doc-bearer` documents: `int`, `str | None`, `list[int]`,
//! `DomainType`, `ValuesType`, `tuple[int, str] | typing.Literal[False]`…) as Rust types.
//!
//! A parameter takes what the call sends (`&str`, `&[i64]`, the model's `Domain<M>` and
//! `Values<M>`); a result is what the answer decodes into (`String`, `Vec<(i64, String)>`,
//! `Option<…>` for `| None` and `| Literal[False]`). Whatever has no faithful Rust form is
//! `Value` (any answer) or `impl Into<Value>` (any argument).
//!
//! | annotation | parameter | result |
//! | --- | --- | --- |
//! | `int`, `IdType` | `i64` | `i64` |
//! | `float` | `f64` | `f64` |
//! | `bool`, `Literal[True]` | `bool` | `bool` |
//! | `str`, `Markup`, `str\|Markup` | `&str` | `String` |
//! | `DomainType` | `Domain<Model>` | `Value` |
//! | `ValuesType`, `dict`, `dict[…]` | `Values<Model>` (`ValuesType`), else `Map` | `Map` |
//! | `list[X]`, `Sequence[X]`, `Collection[X]`, `tuple[X, ...]`, `list(X)` | `&[&str]`, `&[i64]`, `Vec<Values<Model>>` | `Vec<X>` |
//! | `tuple[A, B]` | `impl Into<Value>` | `(A, B)` |
//! | `X \| None`, `Optional[X]`, `X \| Literal[False]` | `Option<X>` | `Option<X>` |
//! | `None` | — | `()` |
//! | anything else, or none | `impl Into<Value>` | `Value` |

use proc_macro2::TokenStream;
use quote::quote;

/// A parsed annotation.
#[derive(Clone, Debug, PartialEq)]
enum Ann {
    /// `int`, `typing.Any`, `...`, `True`.
    Name(String),
    /// `list[int]`, `dict[str, dict]`, `list(int)`.
    Generic(String, Vec<Ann>),
    /// `A | B`.
    Union(Vec<Ann>),
}

/// Parses an annotation; `None` for text that is not one (`(optional)`, `{dict(…)}`).
fn parse(text: &str) -> Option<Ann> {
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, at: 0 };
    let ann = p.union()?;
    (p.at == p.tokens.len()).then_some(ann)
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Open,
    Close,
    Comma,
    Bar,
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut name = String::new();
    let push_name = |name: &mut String, tokens: &mut Vec<Token>| {
        if !name.is_empty() {
            tokens.push(Token::Name(std::mem::take(name)));
        }
    };
    for c in text.chars() {
        match c {
            '[' | '(' => {
                push_name(&mut name, &mut tokens);
                tokens.push(Token::Open);
            }
            ']' | ')' => {
                push_name(&mut name, &mut tokens);
                tokens.push(Token::Close);
            }
            ',' => {
                push_name(&mut name, &mut tokens);
                tokens.push(Token::Comma);
            }
            // `record/str` is written as an alternative too.
            '|' | '/' => {
                push_name(&mut name, &mut tokens);
                tokens.push(Token::Bar);
            }
            c if c.is_whitespace() => push_name(&mut name, &mut tokens),
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '\'' => name.push(c),
            _ => return None,
        }
    }
    push_name(&mut name, &mut tokens);
    Some(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn union(&mut self) -> Option<Ann> {
        let mut members = vec![self.term()?];
        while self.peek() == Some(&Token::Bar) {
            self.at += 1;
            members.push(self.term()?);
        }
        Some(if members.len() == 1 {
            members.remove(0)
        } else {
            Ann::Union(members)
        })
    }

    fn term(&mut self) -> Option<Ann> {
        let Some(Token::Name(name)) = self.peek().cloned() else {
            return None;
        };
        self.at += 1;
        let name = name
            .trim_start_matches("typing.")
            .trim_start_matches("collections.abc.")
            .to_owned();
        if self.peek() != Some(&Token::Open) {
            return Some(Ann::Name(name));
        }
        self.at += 1;
        let mut args = Vec::new();
        if self.peek() == Some(&Token::Close) {
            self.at += 1;
            return Some(Ann::Generic(name, args));
        }
        loop {
            args.push(self.union()?);
            match self.peek() {
                Some(Token::Comma) => self.at += 1,
                Some(Token::Close) => {
                    self.at += 1;
                    return Some(Ann::Generic(name, args));
                }
                _ => return None,
            }
        }
    }
}

fn is_none(a: &Ann) -> bool {
    matches!(a, Ann::Name(n) if n == "None")
}

/// `Literal[False]`: Odoo's `False` for "nothing".
fn is_false_literal(a: &Ann) -> bool {
    matches!(a, Ann::Generic(n, args) if n == "Literal" && args == &[Ann::Name("False".into())])
}

const SEQUENCES: &[&str] = &[
    "list",
    "List",
    "Sequence",
    "Collection",
    "Iterable",
    "set",
    "frozenset",
];

/// The Rust type a result with this annotation decodes into.
pub(crate) fn result_type(annotation: Option<&str>) -> TokenStream {
    annotation
        .and_then(parse)
        .and_then(|a| result_of(&a))
        .unwrap_or_else(|| quote!(Value))
}

fn result_of(a: &Ann) -> Option<TokenStream> {
    match a {
        Ann::Name(n) => match n.as_str() {
            "int" | "IdType" => Some(quote!(i64)),
            "float" => Some(quote!(f64)),
            "bool" | "boolean" => Some(quote!(bool)),
            "str" | "string" | "Markup" => Some(quote!(String)),
            "None" => Some(quote!(())),
            "dict" | "ValuesType" => Some(quote!(Map)),
            _ => None,
        },
        Ann::Generic(n, args) => match (n.as_str(), args.as_slice()) {
            ("Literal", args)
                if args
                    .iter()
                    .all(|a| matches!(a, Ann::Name(v) if v == "True" || v == "False")) =>
            {
                Some(quote!(bool))
            }
            ("Optional", [inner]) => result_of(inner).map(|t| quote!(Option<#t>)),
            ("dict" | "Mapping", _) => Some(quote!(Map)),
            ("tuple", [inner, Ann::Name(dots)]) if dots == "..." => {
                result_of(inner).map(|t| quote!(Vec<#t>))
            }
            ("tuple", items) if !items.is_empty() => {
                let items: Vec<TokenStream> = items.iter().map(result_of).collect::<Option<_>>()?;
                Some(if items.len() == 1 {
                    quote!((#(#items,)*))
                } else {
                    quote!((#(#items),*))
                })
            }
            (seq, [inner]) if SEQUENCES.contains(&seq) => {
                let inner = result_of(inner).unwrap_or_else(|| quote!(Value));
                Some(quote!(Vec<#inner>))
            }
            _ => None,
        },
        Ann::Union(members) => {
            let nullable = members.iter().any(|m| is_none(m) || is_false_literal(m));
            let rest: Vec<&Ann> = members
                .iter()
                .filter(|m| !is_none(m) && !is_false_literal(m))
                .collect();
            let types: Vec<String> = rest
                .iter()
                .map(|m| result_of(m).map(|t| t.to_string()))
                .collect::<Option<_>>()?;
            let first = types.first()?;
            if types.iter().any(|t| t != first) {
                return None;
            }
            let t = result_of(rest[0])?;
            Some(if nullable { quote!(Option<#t>) } else { t })
        }
    }
}

/// How a parameter's value goes into the call.
#[derive(Clone, Debug)]
pub(crate) struct ParamType {
    /// The type the generated function takes.
    pub(crate) ty: TokenStream,
    /// `true` when it is `impl Into<Value>` (the body converts it).
    pub(crate) into_value: bool,
}

fn typed(ty: TokenStream) -> ParamType {
    ParamType {
        ty,
        into_value: false,
    }
}

fn untyped() -> ParamType {
    ParamType {
        ty: quote!(impl Into<Value>),
        into_value: true,
    }
}

/// The Rust type a parameter with this annotation takes, for a method of `model` (the
/// struct's type). `optional`: the parameter has a default of `None`, so its setter takes the
/// value without the `| None`.
pub(crate) fn parameter_type(
    annotation: Option<&str>,
    model: &TokenStream,
    optional: bool,
) -> ParamType {
    let Some(a) = annotation.and_then(parse) else {
        return untyped();
    };
    parameter_of(&a, model, optional).unwrap_or_else(untyped)
}

fn parameter_of(a: &Ann, model: &TokenStream, optional: bool) -> Option<ParamType> {
    match a {
        Ann::Name(n) => match n.as_str() {
            "int" | "IdType" => Some(typed(quote!(i64))),
            "float" => Some(typed(quote!(f64))),
            "bool" | "boolean" => Some(typed(quote!(bool))),
            "str" | "string" | "Markup" => Some(typed(quote!(&str))),
            "DomainType" => Some(typed(quote!(Domain<#model>))),
            "ValuesType" => Some(typed(quote!(Values<#model>))),
            _ => None,
        },
        Ann::Generic(n, args) => match (n.as_str(), args.as_slice()) {
            ("Optional", [inner]) => {
                parameter_of(inner, model, optional).map(|p| nullable(p, optional))
            }
            ("tuple", [inner, Ann::Name(dots)]) if dots == "..." => sequence(inner, model),
            (seq, [inner]) if SEQUENCES.contains(&seq) => sequence(inner, model),
            _ => None,
        },
        Ann::Union(members) => {
            let nullable_union = members.iter().any(|m| is_none(m) || is_false_literal(m));
            let rest: Vec<&Ann> = members
                .iter()
                .filter(|m| !is_none(m) && !is_false_literal(m))
                .collect();
            let types: Vec<ParamType> = rest
                .iter()
                .map(|m| parameter_of(m, model, optional))
                .collect::<Option<_>>()?;
            let first = types.first()?;
            if types
                .iter()
                .any(|t| t.ty.to_string() != first.ty.to_string())
            {
                return None;
            }
            let p = types.into_iter().next()?;
            Some(if nullable_union {
                nullable(p, optional)
            } else {
                p
            })
        }
    }
}

/// `X | None`: `Option<X>`, or `X` for a setter (leaving it unset is the `None`).
fn nullable(p: ParamType, optional: bool) -> ParamType {
    if optional {
        p
    } else {
        let ty = p.ty;
        typed(quote!(Option<#ty>))
    }
}

fn sequence(inner: &Ann, model: &TokenStream) -> Option<ParamType> {
    match inner {
        Ann::Name(n) => match n.as_str() {
            "str" | "string" => Some(typed(quote!(&[&str]))),
            "int" | "IdType" => Some(typed(quote!(&[i64]))),
            "ValuesType" => Some(typed(quote!(Vec<Values<#model>>))),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(a: &str) -> String {
        result_type(Some(a)).to_string().replace(' ', "")
    }

    fn param(a: &str, optional: bool) -> String {
        parameter_type(Some(a), &quote!(ResPartner), optional)
            .ty
            .to_string()
            .replace(' ', "")
    }

    #[test]
    fn results() {
        for (annotation, rust) in [
            ("int", "i64"),
            ("bool", "bool"),
            ("typing.Literal[True]", "bool"),
            ("str", "String"),
            ("list[int]", "Vec<i64>"),
            ("list(int)", "Vec<i64>"),
            ("list[dict]", "Vec<Map>"),
            ("list[ValuesType]", "Vec<Map>"),
            ("dict[str, ValuesType]", "Map"),
            ("dict[IdType, str]", "Map"),
            ("list[tuple[int, str]]", "Vec<(i64,String)>"),
            (
                "tuple[int, str] | typing.Literal[False]",
                "Option<(i64,String)>",
            ),
            ("str | None", "Option<String>"),
            ("None", "()"),
            ("list", "Value"),
            ("action.act_window|None", "Value"),
            (
                "tuple[list[dict[str, str]], dict[str, typing.Any]]",
                "(Vec<Map>,Map)",
            ),
            ("dict[str, int | list]", "Map"),
            (
                "{dict(str: dict(...)), dict(int, list(str))} | {str, str}",
                "Value",
            ),
            ("(optional)", "Value"),
            ("Element", "Value"),
            ("int | str", "Value"),
        ] {
            assert_eq!(result(annotation), rust, "{annotation}");
        }
        assert_eq!(result_type(None).to_string(), "Value");
    }

    #[test]
    fn parameters() {
        for (annotation, optional, rust) in [
            ("int", false, "i64"),
            ("int | None", false, "Option<i64>"),
            ("int | None", true, "i64"),
            ("str", false, "&str"),
            ("str|Markup", false, "&str"),
            ("str | None", false, "Option<&str>"),
            ("DomainType", false, "Domain<ResPartner>"),
            ("DomainType | None", true, "Domain<ResPartner>"),
            ("ValuesType | None", false, "Option<Values<ResPartner>>"),
            ("list[ValuesType]", false, "Vec<Values<ResPartner>>"),
            ("Sequence[str]", false, "&[&str]"),
            ("Collection[str] | None", true, "&[&str]"),
            ("list[str] | tuple[str, ...]", false, "&[&str]"),
            ("list(int)", false, "&[i64]"),
            ("dict[str, dict]", false, "implInto<Value>"),
            ("dict", false, "implInto<Value>"),
            ("record/str", false, "implInto<Value>"),
            ("Self", false, "implInto<Value>"),
        ] {
            assert_eq!(
                param(annotation, optional),
                rust,
                "{annotation} (optional: {optional})"
            );
        }
        assert!(parameter_type(None, &quote!(X), false).into_value);
        assert!(!parameter_type(Some("int"), &quote!(X), false).into_value);
    }
}
