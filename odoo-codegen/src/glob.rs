//! A tiny glob matcher for model and field names: `*` matches any run of characters
//! (dots included), `?` one character, everything else itself. `sale.*` matches `sale.order`
//! and `sale.order.line`; `*.line` matches `sale.order.line`.

/// `true` when `name` matches `pattern`.
///
/// ```
/// use odoo_codegen::glob::matches;
/// assert!(matches("sale.*", "sale.order.line"));
/// assert!(matches("res.partner", "res.partner"));
/// assert!(!matches("res.partner", "res.partner.bank"));
/// assert!(matches("x_?", "x_a"));
/// ```
pub fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// `true` when `name` matches any of `patterns`.
pub fn any(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|p| matches(p, name))
}

/// Selects names: included by `include` (everything when it is empty), then not excluded.
pub fn select(include: &[String], exclude: &[String], name: &str) -> bool {
    (include.is_empty() || any(include, name)) && !any(exclude, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("*", "anything", true),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("sale.*", "sale.order", true),
            ("sale.*", "sale", false),
            ("sale*", "sale", true),
            ("*.line", "sale.order.line", true),
            ("*.line", "sale.order.lines", false),
            ("res.*.bank", "res.partner.bank", true),
            ("a*b*c", "aXbYc", true),
            ("a*b*c", "aXbY", false),
            ("x_??", "x_ab", true),
            ("x_??", "x_a", false),
            ("é*", "école", true),
        ];
        for (p, n, want) in cases {
            assert_eq!(matches(p, n), want, "{p:?} vs {n:?}");
        }
        assert!(select(&[], &[], "a"));
        assert!(!select(&["b*".into()], &[], "a"));
        assert!(!select(&["*".into()], &["a".into()], "a"));
    }
}
