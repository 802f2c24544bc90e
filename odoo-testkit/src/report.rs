//! `/report/<converter>/<report_name>/<docids>`: reports rendered for a web session, the way
//! Odoo's `ReportController.report_routes` answers.
//!
//! A report is a row of `ir.actions.report` (its `report_name` and `model`), as in Odoo;
//! [`TestServerBuilder::report`](crate::TestServerBuilder::report) adds one. The HTML and the
//! text are a page per record naming it (its `display_name`), not Odoo's QWeb templates; the
//! statuses, content types and error pages are Odoo's:
//!
//! - an unknown report: the bare 500 page (`ValueError` in `_get_report`);
//! - HTML and text: the model's read access first (an `AccessError`, 403), then the records
//!   (a `MissingError`: a 400 page before 19, the bare 500 page on 19);
//! - PDF: the records are not read before the missing wkhtmltopdf is found, whoever asks:
//!   `Unable to find Wkhtmltopdf on this system…` (a `UserError`: 400 before 19, 422 on 19);
//!   with [`TestServerBuilder::wkhtmltopdf`](crate::TestServerBuilder::wkhtmltopdf), a small
//!   PDF (`application/pdf`), a page per record naming it, after the same checks as HTML;
//! - another converter: `Converter x not implemented.` with a 200, as werkzeug renders an
//!   `HTTPException` without a code.

use odoo_runtime::schema::{Field, FieldType, Model, SelectionOption};

use crate::access::Access;
use crate::exception::OdooError;
use crate::service::State;

/// `report_routes`' answer.
pub(crate) enum Rendered {
    /// The report: its content type and body.
    Report {
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Odoo's error page with the exception's message in a `<pre>`.
    Page { status: u16, message: String },
    /// The bare `500: Internal Server Error` page.
    ServerError,
    /// werkzeug's page of an `HTTPException` without a code (status 200).
    Unknown { description: String },
}

pub(crate) const IR_ACTIONS_REPORT: &str = "ir.actions.report";

/// `ir.actions.report` with the fields a report download reads, for a schema without it.
pub(crate) fn report_model_schema() -> Model {
    let mut m = Model::new(IR_ACTIONS_REPORT, "Report Action");
    for (name, label) in [
        ("name", "Name"),
        ("report_name", "Template Name"),
        ("model", "Model Name"),
    ] {
        m.fields
            .insert(name.into(), Field::new(name, FieldType::Char, label));
    }
    let mut report_type = Field::new("report_type", FieldType::Selection, "Report Type");
    report_type.selection = Some(
        ["qweb-html", "qweb-pdf", "qweb-text"]
            .into_iter()
            .map(|v| SelectionOption::new(v, v))
            .collect(),
    );
    m.fields.insert("report_type".into(), report_type);
    m
}

/// The model of the report named `name`.
fn report_model(state: &State, name: &str) -> Option<String> {
    let store = state.lock();
    store.all_ids(IR_ACTIONS_REPORT).into_iter().find_map(|id| {
        let row = store.row(IR_ACTIONS_REPORT, id)?;
        (row.get("report_name")?.as_str()? == name)
            .then(|| row.get("model")?.as_str().map(str::to_owned))
            .flatten()
    })
}

/// `[int(i) for i in docids.split(',') if i.isdigit()]`.
fn doc_ids(docids: Option<&str>) -> Vec<i64> {
    docids
        .unwrap_or("")
        .split(',')
        .filter(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|i| i.parse().ok())
        .collect()
}

/// Renders report `name` for user `uid` as `converter`.
pub(crate) fn render(
    state: &State,
    uid: i64,
    converter: &str,
    name: &str,
    docids: Option<&str>,
) -> Rendered {
    if !matches!(converter, "html" | "text" | "pdf") {
        return Rendered::Unknown {
            description: format!("Converter {converter} not implemented."),
        };
    }
    let Some(model) = report_model(state, name) else {
        return Rendered::ServerError;
    };
    if converter == "pdf" && !state.wkhtmltopdf {
        return Rendered::Page {
            status: state.dialect.user_error_page_status(),
            message: "Unable to find Wkhtmltopdf on this system. The PDF can not be created."
                .into(),
        };
    }
    let ids = doc_ids(docids);
    let store = state.lock();
    if let Some(user) = state.user_by_uid(uid) {
        if let Err(e) = user.check(&store, &model, "read") {
            return Rendered::Page {
                status: 403,
                message: e.message,
            };
        }
    }
    let missing: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !store.exists(&model, *id))
        .collect();
    if !missing.is_empty() {
        if !state.dialect.missing_record_page() {
            return Rendered::ServerError;
        }
        return Rendered::Page {
            status: 400,
            message: OdooError::missing(&model, &missing, uid).message,
        };
    }
    if converter == "pdf" {
        let names: Vec<String> = ids
            .iter()
            .map(|id| crate::names::display_name(&store, &model, *id))
            .collect();
        return Rendered::Report {
            content_type: "application/pdf",
            body: pdf(name, &names),
        };
    }
    let mut html = format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"/><title>{}</title></head>\n\
         <body>\n<main>\n<div class=\"article\" data-oe-model=\"{}\">\n",
        escape(name),
        escape(&model)
    );
    for id in &ids {
        html.push_str(&format!(
            "<div class=\"page\" data-oe-id=\"{id}\"><h2>{}</h2></div>\n",
            escape(&crate::names::display_name(&store, &model, *id))
        ));
    }
    html.push_str("</div>\n</main>\n</body>\n</html>\n");
    Rendered::Report {
        content_type: if converter == "text" {
            "text/plain"
        } else {
            "text/html; charset=utf-8"
        },
        body: html.into_bytes(),
    }
}

/// A small, valid PDF: one page per record, with the report's name and the record's.
fn pdf(report: &str, names: &[String]) -> Vec<u8> {
    // PDF strings escape `\`, `(` and `)`; non-ASCII is left out (the base font has none).
    let text = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .flat_map(|c| match c {
                '\\' | '(' | ')' => vec!['\\', c],
                c => vec![c],
            })
            .collect()
    };
    let pages = names.len().max(1);
    // Objects: 1 catalog, 2 pages, 3 font, then a page and its content per record.
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    for i in 0..pages {
        let name = names.get(i).map(String::as_str).unwrap_or("");
        let stream = format!(
            "BT /F1 18 Tf 72 760 Td ({}) Tj 0 -28 Td ({}) Tj ET",
            text(report),
            text(name)
        );
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Odoo's error page (`http_routing.http_error`) around `message`.
pub(crate) fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"/><title>Odoo</title></head>\n\
         <body>\n<div id=\"wrap\">\n<div class=\"container\">\n\
         <h1 class=\"mt-5\">Oops! Something went wrong.</h1>\n\
         <p>Take a look at the error message below.</p>\n</div>\n<div class=\"container\">\n\
         <p>\n<strong>Error message:</strong>\n<pre>{}</pre>\n</p>\n</div>\n</div>\n</body>\n</html>\n",
        escape(message)
    )
}

/// The bare page of an exception `http_routing` does not render (a `ValueError`).
pub(crate) const SERVER_ERROR_PAGE: &str = "<html>\n<head><title>Internal Server Error</title></head>\n\
<body>\n<div id=\"wrapwrap\">\n<main>\n<div id=\"error_message\" class=\"oe_structure\">\n\
<h2 class=\"container mt32\">500: Internal Server Error</h2>\n</div>\n</main>\n</div>\n</body>\n</html>";

/// werkzeug's page of an `HTTPException` without a code.
pub(crate) fn unknown_error_page(description: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=en>\n<title>None Unknown Error</title>\n<h1>Unknown Error</h1>\n<p>{}</p>\n",
        escape(description)
    )
}

/// `markupsafe.escape`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_keep_the_digits_only_as_python_does() {
        assert_eq!(doc_ids(Some("1,2,x,,3")), [1, 2, 3]);
        assert_eq!(doc_ids(Some("abc")), Vec::<i64>::new());
        assert_eq!(doc_ids(None), Vec::<i64>::new());
    }

    #[test]
    fn the_pdf_is_well_formed() {
        let pdf = pdf("x.report", &["Acme (BE)".into(), "B\\(c)".into()]);
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(text.contains("/Count 2") && text.contains("(B\\\\\\(c\\))"));
        // Each xref offset points at its object.
        let xref = text.find("xref\n").unwrap();
        for (i, line) in text[xref..].lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", i + 1)),
                "{line}"
            );
        }
    }

    #[test]
    fn error_pages_escape_the_message() {
        let page = error_page("You are not allowed to access 'Sales Order' (sale.order) <x>");
        assert!(page.contains(
            "<pre>You are not allowed to access &#39;Sales Order&#39; (sale.order) &lt;x&gt;</pre>"
        ));
    }
}
