//! [`OdooSelection`]: the trait of an enum that stands for a selection field's values.

/// An enum that stands for the values of a selection field. Implement it with
/// `#[derive(OdooSelection)]`.
///
/// # Derive attributes
///
/// On a unit variant:
/// - `#[odoo(value = "to invoice")]`: the Odoo value. Without it, the value is the variant
///   name in snake_case (`ToInvoice` → `to_invoice`); code generators always write it.
///
/// On one variant with one `String` field:
/// - `#[odoo(other)]`: holds any value the enum does not list, so a value added on the server
///   later still decodes. Without such a variant an unknown value is a decode error listing the
///   known ones.
///
/// The derive adds `Serialize`/`Deserialize` (as the Odoo text), `Display`, an inherent
/// `as_str()` and `ALL` (every listed variant, in declaration order), and makes the enum usable
/// as a field type (`Option<MyEnum>`).
///
/// ```
/// use odoo_runtime::OdooSelection;
///
/// #[derive(Debug, Clone, PartialEq, OdooSelection)]
/// pub enum InvoiceStatus {
///     #[odoo(value = "upselling")]
///     Upselling,
///     #[odoo(value = "invoiced")]
///     Invoiced,
///     #[odoo(value = "to invoice")]
///     ToInvoice,
///     #[odoo(value = "no")]
///     No,
///     #[odoo(other)]
///     Other(String),
/// }
///
/// assert_eq!(InvoiceStatus::ToInvoice.as_str(), "to invoice");
/// assert_eq!(InvoiceStatus::ALL.len(), 4);
/// let s: InvoiceStatus = odoo_runtime::json::from_slice(br#""to invoice""#).unwrap();
/// assert_eq!(s, InvoiceStatus::ToInvoice);
/// let s: InvoiceStatus = odoo_runtime::json::from_slice(br#""partial""#).unwrap();
/// assert_eq!(s, InvoiceStatus::Other("partial".into()));
/// assert_eq!(s.to_string(), "partial");
/// ```
pub trait OdooSelection: Sized + 'static {
    /// The Odoo values of the listed variants, in declaration order.
    const VALUES: &'static [&'static str];
    /// The Odoo value.
    fn as_str(&self) -> &str;
    /// The variant for an Odoo value; `None` for an unknown value when the enum has no
    /// `#[odoo(other)]` variant.
    fn from_value(value: &str) -> Option<Self>;
}
