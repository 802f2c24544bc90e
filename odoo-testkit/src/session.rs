//! Web sessions, as Odoo's `/web/session/authenticate` opens them and the `auth='user'` HTTP
//! routes (the reports) read them from the `session_id` cookie.
//!
//! `authenticate(db, login, password, base_location=None)` checks a credential of type
//! `password`: an API key given as the password is refused (`AccessDenied`), as on Odoo 17, 18
//! and 19. `destroy` ends the session; a later request with its id is one without a session.

use odoo_runtime::{Map, Value};

use crate::exception::{Class, OResult, OdooError};
use crate::methods::bind::{self, opt, req, Default, Param};
use crate::service::State;

/// `Session.authenticate(self, db, login, password, base_location=None)`.
const AUTHENTICATE: &[Param] = &[
    req("db"),
    req("login"),
    req("password"),
    opt("base_location", Default::None),
];

/// A logged-in session: its id (for `Set-Cookie`) and `session_info()`.
pub(crate) struct Opened {
    pub(crate) id: String,
    pub(crate) info: Value,
}

/// `/web/session/authenticate` with the JSON-RPC request's `params`.
pub(crate) fn authenticate(state: &State, params: Map) -> OResult<Opened> {
    let known: Map = params
        .into_iter()
        .filter(|(k, _)| AUTHENTICATE.iter().any(|p| p.name == k))
        .collect();
    let args = bind::bind_call(
        "Session.authenticate",
        AUTHENTICATE,
        true,
        Vec::new(),
        known,
    )
    .map_err(OdooError::type_error)?;
    if args.get("db").as_str() != Some(state.database.as_str()) {
        return Err(OdooError::access_error("Database not found."));
    }
    let login = args.get("login");
    let password = args.get("password");
    // A password only: `_check_credentials` of type `password` never tries the API keys.
    let user = state
        .users
        .iter()
        .find(|u| {
            Some(u.login.as_str()) == login.as_str()
                && Some(u.password.as_str()) == password.as_str()
        })
        .ok_or_else(OdooError::access_denied)?;
    let uid = user.uid.unwrap_or(2);
    let id = state.sessions.open(uid, state.dialect.major);
    let mut context = Map::new();
    context.insert("lang".into(), "en_US".into());
    context.insert("tz".into(), "Europe/Brussels".into());
    context.insert("uid".into(), Value::Int(uid));
    let mut info = Map::new();
    info.insert("uid".into(), Value::Int(uid));
    info.insert("is_system".into(), Value::Bool(!user.restricted));
    info.insert("is_admin".into(), Value::Bool(!user.restricted));
    info.insert("user_context".into(), Value::Struct(context));
    info.insert("db".into(), state.database.as_str().into());
    let version = state.dialect.version();
    if let Value::Struct(v) = version {
        for key in ["server_version", "server_version_info"] {
            if let Some(value) = v.get(key) {
                info.insert(key.into(), value.clone());
            }
        }
    }
    info.insert(
        "name".into(),
        user.name
            .clone()
            .unwrap_or_else(|| user.login.clone())
            .into(),
    );
    info.insert("username".into(), user.login.as_str().into());
    Ok(Opened {
        id,
        info: Value::Struct(info),
    })
}

/// `/web/session/destroy` (`auth='user'`): ends the session, or `SessionExpiredException`
/// without one.
pub(crate) fn destroy(state: &State, cookie: Option<&str>) -> OResult<()> {
    if state.sessions.end(cookie) {
        Ok(())
    } else {
        Err(OdooError::new(Class::SessionExpired, "Session expired"))
    }
}

/// The id of the anonymous session Odoo gives a request that ended its own.
pub(crate) fn anonymous_id(state: &State) -> String {
    state.sessions.new_id(state.dialect.major)
}
