//! `ir.attachment` as Odoo keeps it: the content given as `datas` (base64, decoded as
//! Python's lenient `b64decode` does) or `raw`, and what Odoo computes from it on `create` and
//! `write` — `file_size`, `checksum` (SHA-1), `store_fname`, `mimetype` (from the name, else
//! the content) — and the forms `read` gives: `datas` as base64 (`''` when empty), `raw` as
//! text, and with `bin_size` both as `human_size(file_size)` (`false` when empty).

use base64::Engine as _;
use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Map, Value};

use crate::exception::{Class, OResult, OdooError};
use crate::store::Store;
use crate::values::human_size;

pub(crate) const IR_ATTACHMENT: &str = "ir.attachment";

const OCTET_STREAM: &str = "application/octet-stream";

/// The fields of the content, kept in the row, not in the schema's stored columns.
pub(crate) fn is_content(model: &str, field: &str) -> bool {
    model == IR_ATTACHMENT && matches!(field, "datas" | "raw")
}

/// Adds `ir.attachment` (Odoo's `base` always has it) when the schema lacks it.
pub(crate) fn ensure_attachment_model(schema: &mut Schema, magic: Vec<Field>) {
    if schema.models.contains_key(IR_ATTACHMENT) {
        return;
    }
    let mut m = Model::new(IR_ATTACHMENT, "Attachment");
    m.order = Some("id desc".to_owned());
    m.modules = vec!["base".into()];
    let f = |name: &str, t, label: &str| Field::new(name, t, label);
    let computed = |name: &str, label: &str| {
        let mut f = Field::new(name, FieldType::Binary, label);
        f.store = false;
        f
    };
    let readonly = |name: &str, t, label: &str| {
        let mut f = Field::new(name, t, label);
        f.readonly = true;
        f
    };
    let mut name = f("name", FieldType::Char, "Name");
    name.required = true;
    let mut kind = f("type", FieldType::Selection, "Type");
    kind.default = Some(Value::from("binary"));
    kind.selection = Some(
        [("url", "URL"), ("binary", "File")]
            .into_iter()
            .map(|(v, l)| odoo_runtime::schema::SelectionOption {
                value: Value::from(v),
                label: l.into(),
            })
            .collect(),
    );
    let res_id = f("res_id", FieldType::Many2oneReference, "Resource ID");
    for field in magic.into_iter().chain([
        name,
        f("description", FieldType::Text, "Description"),
        f("res_model", FieldType::Char, "Resource Model"),
        f("res_field", FieldType::Char, "Resource Field"),
        res_id,
        kind,
        f("url", FieldType::Char, "Url"),
        f("public", FieldType::Boolean, "Is public document"),
        computed("raw", "File Content (raw)"),
        computed("datas", "File Content (base64)"),
        f("store_fname", FieldType::Char, "Stored Filename"),
        readonly("file_size", FieldType::Integer, "File Size"),
        readonly("checksum", FieldType::Char, "Checksum/SHA1"),
        readonly("mimetype", FieldType::Char, "Mime Type"),
    ]) {
        m.fields.insert(field.name.clone(), field);
    }
    schema.insert(m);
}

impl Store {
    /// Takes `datas`/`raw` out of a `create`'s or a `write`'s values and puts what Odoo
    /// computes from the content in their place; the base64 to keep in the row, or `None`
    /// when a `write` leaves the content alone. `name` is the record's name when `vals`
    /// has none (a `write`).
    pub(crate) fn attachment_content(
        &self,
        vals: &mut Map,
        creating: bool,
        name: Option<&str>,
    ) -> OResult<Option<String>> {
        let content = if let Some(raw) = vals.remove("raw") {
            vals.remove("datas");
            match raw {
                Value::String(s) => s.into_bytes(),
                Value::Base64(b) => b,
                _ => Vec::new(),
            }
        } else if let Some(datas) = vals.remove("datas") {
            match datas {
                Value::String(s) => b64decode(&s)?,
                Value::Base64(b) => b,
                _ => Vec::new(),
            }
        } else if creating {
            Vec::new()
        } else {
            return Ok(None);
        };
        let sha = (!content.is_empty()).then(|| sha1_hex(&content));
        let mut put = |field: &str, value: Value| {
            if self.has_field(IR_ATTACHMENT, field) {
                vals.insert(field.to_owned(), value);
            }
        };
        put("file_size", Value::Int(content.len() as i64));
        put(
            "checksum",
            sha.clone().map_or(Value::Bool(false), Value::String),
        );
        put(
            "store_fname",
            sha.map_or(Value::Bool(false), |s| {
                Value::String(format!("{}/{s}", &s[..2]))
            }),
        );
        let given = vals
            .get("mimetype")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        // `_compute_mimetype`: the one given, else the name's; `application/octet-stream` or
        // none is guessed from the content.
        let named = vals.get("name").and_then(Value::as_str).or(name);
        let mut mimetype = given.or_else(|| named.and_then(mimetype_of_name).map(str::to_owned));
        if mimetype.as_deref().is_none_or(|m| m == OCTET_STREAM) && !content.is_empty() {
            let text = crate::version::Dialect::of(&self.schema.odoo_version).sniffs_text();
            mimetype = Some(mimetype_of_content(&content, text).to_owned());
        }
        let mimetype = mimetype.map_or_else(|| OCTET_STREAM.to_owned(), |m| m.to_lowercase());
        if self.has_field(IR_ATTACHMENT, "mimetype") {
            vals.insert("mimetype".into(), Value::String(mimetype));
        }
        Ok(Some(
            base64::engine::general_purpose::STANDARD.encode(&content),
        ))
    }

    /// `datas` or `raw` of an attachment as `read` gives it.
    pub(crate) fn attachment_read(&self, id: i64, field: &str, bin_size: bool) -> Value {
        let datas = match self.raw(IR_ATTACHMENT, id, "datas") {
            Value::String(s) => s,
            _ => String::new(),
        };
        if bin_size {
            let size = match self.raw(IR_ATTACHMENT, id, "file_size") {
                Value::Int(n) => n.max(0) as usize,
                _ => 0,
            };
            return human_size(size);
        }
        if field == "datas" {
            return Value::String(datas);
        }
        // `raw` goes out as the bytes Odoo holds, which its marshallers write as text.
        match base64::engine::general_purpose::STANDARD.decode(&datas) {
            Ok(bytes) if !bytes.is_empty() => {
                Value::String(String::from_utf8_lossy(&bytes).into_owned())
            }
            _ => Value::Bool(false),
        }
    }
}

/// Python's `base64.b64decode(s)` (not `validate`): characters outside the alphabet are
/// skipped, the padding ends the data, and a last group of 2 or 3 characters without its
/// padding is `binascii.Error: Incorrect padding`.
fn b64decode(s: &str) -> OResult<Vec<u8>> {
    let mut clean = Vec::with_capacity(s.len());
    let (mut quad, mut pads) = (0usize, 0usize);
    let mut complete = false;
    for b in s.bytes() {
        if b == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    complete = true;
                    break;
                }
            }
        } else if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' {
            clean.push(b);
            quad = (quad + 1) % 4;
            pads = 0;
        }
    }
    if !complete && quad != 0 {
        let message = if quad == 1 {
            format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more \
                 than a multiple of 4",
                clean.len()
            )
        } else {
            "Incorrect padding".to_owned()
        };
        return Err(OdooError::new(Class::BinasciiError, message));
    }
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&clean)
        .map_err(|e| OdooError::new(Class::BinasciiError, e.to_string()))
}

/// `mimetypes.guess_type(name)` for the common extensions.
fn mimetype_of_name(name: &str) -> Option<&'static str> {
    let (_, ext) = name.rsplit_once('.')?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "bin" => "application/octet-stream",
        _ => return None,
    })
}

/// Odoo's `guess_mimetype` for the common signatures; with `text`, text (valid UTF-8 without
/// control characters) is `text/plain`, as libmagic and 18's own guesser say, and the rest
/// `application/octet-stream` (Odoo asks libmagic, which names more types, some by luck:
/// 2 MiB of `i % 251` is `image/x-tga` there; 17's guesser has no text rule).
fn mimetype_of_content(content: &[u8], text: bool) -> &'static str {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
    ];
    if content.is_empty() {
        return "application/octet-stream";
    }
    if let Some((_, m)) = SIGNATURES.iter().find(|(sig, _)| content.starts_with(sig)) {
        return m;
    }
    match std::str::from_utf8(content) {
        Ok(t) if text && !t.chars().any(|c| c.is_control() && !c.is_whitespace()) => "text/plain",
        _ => "application/octet-stream",
    }
}

/// SHA-1 (FIPS 180-4), for `checksum` and `store_fname`: Odoo names a file by it.
fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut tail = Vec::with_capacity(128);
    let whole = data.len() / 64 * 64;
    tail.extend_from_slice(&data[whole..]);
    tail.push(0x80);
    while tail.len() % 64 != 56 {
        tail.push(0);
    }
    tail.extend_from_slice(&bit_len.to_be_bytes());
    for block in data[..whole].chunks_exact(64).chain(tail.chunks_exact(64)) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_of_known_texts() {
        assert_eq!(sha1_hex(b"hi"), "c22b5f9178342609428d6f51b2c5af4c0bde6a42");
        assert_eq!(
            sha1_hex(b"hello"),
            "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
        );
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            sha1_hex(&[b'a'; 1000]),
            "291e9a6c66994949b57ba5e650361e98fc36b1ba"
        );
    }

    #[test]
    fn base64_decoded_as_python_does() {
        assert_eq!(b64decode("aGk=").unwrap(), b"hi");
        assert_eq!(b64decode("a GVsbG8=").unwrap(), b"hello");
        assert_eq!(b64decode("!!!").unwrap(), b"");
        assert_eq!(b64decode("aGk=garbage").unwrap(), b"hi");
        assert_eq!(b64decode("aGk").unwrap_err().message, "Incorrect padding");
        assert!(b64decode("aGVsb")
            .unwrap_err()
            .message
            .contains("(5) cannot be 1 more"));
    }

    #[test]
    fn mimetypes_by_name_then_content() {
        assert_eq!(mimetype_of_name("probe.png"), Some("image/png"));
        assert_eq!(mimetype_of_name("probe"), None);
        assert_eq!(mimetype_of_content(b"%PDF-1.4\n", true), "application/pdf");
        assert_eq!(mimetype_of_content(b"hi", true), "text/plain");
        assert_eq!(
            mimetype_of_content(b"hi", false),
            "application/octet-stream"
        );
        assert_eq!(
            mimetype_of_content(b"\x00\x01", true),
            "application/octet-stream"
        );
        assert_eq!(mimetype_of_content(b"", true), "application/octet-stream");
    }
}
