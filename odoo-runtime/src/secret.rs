//! The password or API key of a client. Its `Debug` never shows it; only the protocols (in a
//! request body) and the transport (in `Authorization`) read it.

use std::fmt;

/// A password or API key.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(secret: String) -> Secret {
        Secret(secret)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Which kind of secret a client holds: JSON-2 and `/doc-bearer` take only an API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretKind {
    Password,
    ApiKey,
}
