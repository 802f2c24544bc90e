#!/usr/bin/env python3
"""The walk-through of Odoo's external API documentation, step by step, through Python's own
`xmlrpc.client` (XML-RPC) and `urllib` (JSON-2): one JSON line per step on stdout, with what
the server answered, reduced to what must agree between two servers seeded alike.

    walkthrough.py URL DB LOGIN PASSWORD API_KEY

Records read are demo data (ids below 80); what the walk-through creates is named
`odoo-rs walk …` (the custom model `x_odoo_rs_walk`) and removed by its last steps.
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client

URL, DB, LOGIN, PASSWORD, KEY = sys.argv[1:6]
MODEL = "x_odoo_rs_walk"

common = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/common")
models = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/object")


def fault_message(fault):
    """The exception's message: the last line of a traceback, else the first line."""
    text = fault.faultString.strip()
    lines = [line for line in text.splitlines() if line.strip()]
    if text.startswith("Traceback") and lines:
        line = lines[-1]
        return line.split(": ", 1)[1] if ": " in line else line
    return lines[0] if lines else ""


def step(name, call, shape=lambda v: v):
    try:
        outcome = {"value": shape(call())}
    except xmlrpc.client.Fault as fault:
        outcome = {"fault": fault.faultCode, "message": fault_message(fault)}
    print(json.dumps({"step": name, **outcome}, sort_keys=True), flush=True)
    return outcome.get("value")


def json2(name, model, method, body, key=KEY, shape=lambda v: v):
    request = urllib.request.Request(
        f"{URL}/json/2/{model}/{method}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"bearer {key}",
            "Content-Type": "application/json",
            "X-Odoo-Database": DB,
        },
    )
    try:
        with urllib.request.urlopen(request) as response:
            body = response.read()
            try:
                outcome = {"status": response.status, "value": shape(json.loads(body))}
            except ValueError:
                # Not JSON-2 (Odoo 18 sends /json/2 to its login page; urllib follows):
                # where the client ended up, and what it got.
                page = urllib.parse.urlsplit(response.url)
                outcome = {
                    "status": response.status,
                    "page": f"{page.path}?{page.query}",
                    "content_type": response.headers.get_content_type(),
                }
    except urllib.error.HTTPError as e:
        try:
            error = json.load(e)
            error = {"name": error.get("name"), "message": error.get("message")}
        except ValueError:
            error = None
        outcome = {"status": e.code, "error": error}
    print(json.dumps({"step": name, **outcome}, sort_keys=True), flush=True)


def kw(model, method, *args, **kwargs):
    return models.execute_kw(DB, uid, PASSWORD, model, method, list(args), kwargs)


def created(value):
    return "an id" if isinstance(value, int) and value > 0 else value


step("version", common.version, lambda v: {
    "server_version_info": v["server_version_info"][:2],
    "protocol_version": v["protocol_version"],
})
uid = step("authenticate", lambda: common.authenticate(DB, LOGIN, PASSWORD, {}))
step("authenticate-wrong-password", lambda: common.authenticate(DB, LOGIN, "not the password", {}))

companies = [["is_company", "=", True], ["id", "<", 80]]
step("search", lambda: kw("res.partner", "search", companies))
step("search-offset-limit", lambda: kw("res.partner", "search", companies, offset=2, limit=3))
step("search-count", lambda: kw("res.partner", "search_count", companies))
ids = kw("res.partner", "search", companies, limit=1)
step("read", lambda: kw("res.partner", "read", ids, fields=["name", "country_id", "comment"]))
step("fields-get", lambda: kw("res.partner", "fields_get", attributes=["string", "help", "type"]),
     lambda fields: {f: fields[f] for f in ("name", "country_id", "comment", "is_company")})
step("search-read", lambda: kw("res.partner", "search_read", companies,
                               fields=["name", "country_id", "comment"], limit=5))

new = step("create", lambda: kw("res.partner", "create", {"name": "odoo-rs walk New Partner"}),
           created)
new_id = kw("res.partner", "search", [["name", "=", "odoo-rs walk New Partner"]])
step("write", lambda: kw("res.partner", "write", new_id, {"name": "odoo-rs walk Newer Partner"}))
step("read-after-write", lambda: kw("res.partner", "read", new_id, fields=["name"]),
     lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows])
step("unlink", lambda: kw("res.partner", "unlink", new_id))
step("search-after-unlink", lambda: kw("res.partner", "search", [["id", "in", new_id]]))
step("read-after-unlink", lambda: kw("res.partner", "read", new_id, fields=["name"]))

step("ir-model-ilike", lambda: kw("ir.model", "search_read", [["model", "ilike", "res.country"]],
                                  fields=["model", "name", "state"], order="model"),
     lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows])

# A custom model, as the documentation creates one.
model_id = step("create-custom-model", lambda: kw("ir.model", "create", {
    "name": "odoo-rs walk model", "model": MODEL, "state": "manual",
}), created)
model_id = kw("ir.model", "search", [["model", "=", MODEL]])
step("custom-model-fields", lambda: sorted(kw("ir.model.fields", "search_read",
                                              [["model", "=", MODEL]], fields=["name", "ttype"]),
                                           key=lambda f: f["name"]),
     lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows])
step("create-x-name-again", lambda: kw("ir.model.fields", "create", {
    "model_id": model_id[0], "name": "x_name", "ttype": "char", "state": "manual",
}), created)
step("create-custom-field", lambda: kw("ir.model.fields", "create", {
    "model_id": model_id[0], "name": "x_note", "ttype": "text", "state": "manual",
    "field_description": "Note",
}), created)
step("custom-create-without-access", lambda: kw(MODEL, "create", {"x_name": "odoo-rs walk one"}),
     created)
step("custom-read-without-access", lambda: kw(MODEL, "search_read", [], fields=["x_name"]))
json2("json2-custom-search-read-without-access", MODEL, "search_read",
      {"domain": [], "fields": ["x_name"]})
step("create-access", lambda: kw("ir.model.access", "create", {
    "name": "odoo-rs walk access", "model_id": model_id[0],
    "perm_read": True, "perm_write": True, "perm_create": True, "perm_unlink": True,
}), created)
# Odoo 19 keeps the models each user may touch per operation in a cache, which the access
# row's own `create` empties and then fills again for `create` before the row exists (its
# access check runs after the clearing): the new row counts for creating only once another
# write to the access rules empties the cache. The documentation's next call would fail with
# an AccessError on the real server until then; a write of the row makes that deterministic.
step("touch-access", lambda: kw("ir.model.access", "write",
                                kw("ir.model.access", "search", [["model_id", "in", model_id]]),
                                {"name": "odoo-rs walk access (granted)"}))
step("custom-create", lambda: kw(MODEL, "create", {"x_name": "odoo-rs walk one",
                                                   "x_note": "a note"}), created)
step("custom-search-read", lambda: kw(MODEL, "search_read", [], fields=["x_name", "x_note"]),
     lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows])
json2("json2-custom-search-read", MODEL, "search_read", {"domain": [], "fields": ["x_name"]},
      shape=lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows])
step("custom-fields-get", lambda: kw(MODEL, "fields_get", ["x_name", "x_note"],
                                     attributes=["string", "type", "required"]))
step("remove-custom-model", lambda: kw("ir.model", "unlink", model_id))
json2("json2-search-read", "res.partner", "search_read",
      {"domain": companies, "fields": ["name"], "limit": 3})
json2("json2-wrong-key", "res.partner", "search_count", {"domain": companies}, key="not a key")
