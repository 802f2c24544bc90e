#!/usr/bin/env python3
"""The Python peers of the WAN benchmark: one workload per run, one JSON line on stdout.

    peers.py read   --client xmlrpc|odoorpc|odooly --url U --db D --user admin --password admin [--api-key-file F]
    peers.py create --run R --creates 200 --batch 1000 ...
    peers.py small  --calls 50 ...
    peers.py sync   --since "YYYY-MM-DD HH:MM:SS" ...
    peers.py pull   ...            # fields_get of every model that ir.model lists, one call each

Each client is used the way its documentation shows:
- xmlrpc:  Python's xmlrpc.client, ServerProxy + execute_kw (asks for gzip by default);
- odoorpc: odoorpc.ODOO(...).login(...), env['res.partner'].search_read(...) (JSON-RPC /jsonrpc);
- odooly:  odooly.Client(server, db, user, api_key=KEY): JSON-2 on Odoo 19 (see README).
The API key is read from the file and never printed. Wall time, CPU and peak RSS are measured
by the driver from outside.
"""
import argparse
import json
import statistics
import sys
import time
from urllib.parse import urlsplit

FIELDS = ['name', 'email', 'phone', 'street', 'city', 'zip', 'country_id', 'is_company',
          'category_id', 'comment', 'website', 'ref', 'color', 'create_date', 'write_date',
          'active', 'parent_id', 'type']


def checksum(rows):
    """The same number odoo-bench computes: every record touched."""
    s = 0
    for r in rows:
        c = r['country_id']
        s += r['id'] + r['color'] + len((r['name'] or '').encode()) + len(r['category_id']) \
            + (c[0] if c else 0)
    return s


class XmlRpc:
    name = 'xmlrpc.client'

    def __init__(self, a):
        import xmlrpc.client
        self.db, self.pw = a.db, a.password
        common = xmlrpc.client.ServerProxy(f'{a.url}/xmlrpc/2/common')
        self.uid = common.authenticate(a.db, a.user, a.password, {})
        if not self.uid:
            raise SystemExit('authentication failed')
        self.models = xmlrpc.client.ServerProxy(f'{a.url}/xmlrpc/2/object')
        self.Fault = xmlrpc.client.Fault

    def kw(self, model, method, args, kwargs=None):
        return self.models.execute_kw(self.db, self.uid, self.pw, model, method, args, kwargs or {})

    def search_read(self, domain, fields, **kw):
        return self.kw('res.partner', 'search_read', [domain], {'fields': fields, **kw})

    def create(self, vals):
        return self.kw('res.partner', 'create', [vals])

    def unlink(self, ids):
        return self.kw('res.partner', 'unlink', [ids])

    def search_count(self, domain):
        return self.kw('res.partner', 'search_count', [domain])

    def models_list(self):
        return [r['model'] for r in self.kw('ir.model', 'search_read', [[]], {'fields': ['model']})]

    def fields_get(self, model):
        return self.kw(model, 'fields_get', [])


class OdooRpc:
    name = 'odoorpc'

    def __init__(self, a):
        import odoorpc
        u = urlsplit(a.url)
        self.odoo = odoorpc.ODOO(u.hostname, protocol='jsonrpc', port=u.port or 80, timeout=600)
        self.odoo.login(a.db, a.user, a.password)
        self.Partner = self.odoo.env['res.partner']   # odoorpc asks fields_get of the model here

    def search_read(self, domain, fields, **kw):
        return self.Partner.search_read(domain, fields, **kw)

    def create(self, vals):
        if isinstance(vals, list):   # odoorpc's Model.create takes one dict; the list as Odoo takes it
            return self.odoo.execute_kw('res.partner', 'create', [vals])
        return self.Partner.create(vals)

    def unlink(self, ids):
        return self.odoo.execute_kw('res.partner', 'unlink', [ids])

    def search_count(self, domain):
        return self.Partner.search_count(domain)

    def models_list(self):
        return [r['model'] for r in self.odoo.execute_kw('ir.model', 'search_read', [[]], {'fields': ['model']})]

    def fields_get(self, model):
        return self.odoo.execute_kw(model, 'fields_get', [])


class Odooly:
    name = 'odooly'

    def __init__(self, a):
        import odooly
        key = open(a.api_key_file).read().strip()
        self.client = odooly.Client(a.url, db=a.db, user=a.user, api_key=key)
        self.env = self.client.env
        proto = getattr(self.env._execute_kw, '_protocol_name', '?')
        if proto != 'JSON-2':
            raise SystemExit(f'odooly did not pick JSON-2 but {proto}')
        self.Partner = self.env['res.partner']

    def search_read(self, domain, fields, **kw):
        return self.Partner.search_read(domain, fields, **kw)

    def create(self, vals):
        r = self.Partner.create(vals)
        return r.ids if isinstance(vals, list) else r.id

    def unlink(self, ids):
        return self.Partner.browse(ids).unlink()

    def search_count(self, domain):
        return self.Partner.search_count(domain)

    def models_list(self):
        return [r['model'] for r in self.env.execute('ir.model', 'search_read', [], ['model'])]

    def fields_get(self, model):
        return self.env.execute(model, 'fields_get')


CLIENTS = {'xmlrpc': XmlRpc, 'odoorpc': OdooRpc, 'odooly': Odooly}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('workload', choices=['read', 'create', 'small', 'sync', 'pull'])
    ap.add_argument('--client', required=True, choices=sorted(CLIENTS))
    ap.add_argument('--url', required=True)
    ap.add_argument('--db', required=True)
    ap.add_argument('--user', required=True)
    ap.add_argument('--password')
    ap.add_argument('--api-key-file')
    ap.add_argument('--run', default='0')
    ap.add_argument('--creates', type=int, default=1000)
    ap.add_argument('--batch', type=int, default=1000)
    ap.add_argument('--unlink', action='store_true')
    ap.add_argument('--calls', type=int, default=50)
    ap.add_argument('--since')
    a = ap.parse_args()
    c = CLIENTS[a.client](a)
    out = {}
    t0 = time.perf_counter()
    if a.workload == 'read':
        rows = c.search_read([], FIELDS)
        out = {'rows': len(rows), 'checksum': checksum(rows)}
    elif a.workload == 'create':
        ids = [c.create({'name': f'Bench Create {a.run} {i}'}) for i in range(a.creates)]
        t1 = time.perf_counter()
        many = c.create([{'name': f'Bench Create {a.run} {i}'} for i in range(a.creates, a.creates + a.batch)])
        t2 = time.perf_counter()
        if len(many) != a.batch:
            raise SystemExit(f'create of {a.batch} returned {len(many)} ids')
        out = {'creates': a.creates, 'batch': a.batch, 'one_by_one_ms': round((t1 - t0) * 1e3, 3),
               'batch_ms': round((t2 - t1) * 1e3, 3),
               'per_create_ms': round((t1 - t0) * 1e3 / max(a.creates, 1), 3)}
        if a.unlink:
            c.unlink(ids + list(many))
            out['unlink_ms'] = round((time.perf_counter() - t2) * 1e3, 3)
    elif a.workload == 'small':
        if c.search_count([('id', '=', 1)]) != 1:   # warm-up
            raise SystemExit('search_count of id 1 is not 1')
        times = []
        for _ in range(a.calls):
            t = time.perf_counter()
            n = c.search_count([('id', '=', 1)])
            times.append(time.perf_counter() - t)
            if n != 1:
                raise SystemExit('search_count of id 1 is not 1')
        out = {'calls': a.calls, 'median_ms': round(statistics.median(times) * 1e3, 3),
               'min_ms': round(min(times) * 1e3, 3), 'max_ms': round(max(times) * 1e3, 3)}
    elif a.workload == 'sync':
        rows = c.search_read([('write_date', '>=', a.since)], FIELDS, order='write_date,id')
        out = {'rows': len(rows), 'api': 'naive search_read',
               'next_cursor': max((r['write_date'] for r in rows), default=None)}
    elif a.workload == 'pull':
        models = c.models_list()
        ok, failed, n_fields = 0, [], 0
        for m in models:
            try:
                n_fields += len(c.fields_get(m))
                ok += 1
            except Exception as e:   # e.g. xmlrpc.client cannot carry a None (product.pricelist)
                msg = getattr(e, 'faultString', None) or str(e)
                failed.append(f'{m}: {msg.strip().splitlines()[-1][:160]}')
        out = {'models': len(models), 'ok': ok, 'fields': n_fields, 'failed': failed}
    out['ms'] = round((time.perf_counter() - t0) * 1e3, 3)
    out['client'] = c.name
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
