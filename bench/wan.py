#!/usr/bin/env python3
"""The WAN benchmark's driver (standard library only): odoo-rs against Python peers on
production-shaped links, one table per workload.

    wan.py [--rows 10000] [--links loopback,region,continent] [--workloads read,create,small,pull,sync]
           [--workers 2] [--repeat 1] [--creates 200] [--batch 1000] [--pull-methods]

Normally started by `bench/run`, which installs nginx and the Python peers, starts the kit's
Odoo and builds the Rust binaries first, and passes ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD
and ODOO_API_KEY_FILE in the environment.

What it starts, and stops at the end (also on error and Ctrl-C): an nginx on 127.0.0.1:8070 in
front of Odoo with the proxy and gzip settings of Odoo's deployment documentation, one
`shared/wan/shape.py` per shaped link in front of that nginx, and with `--workers N` a second
Odoo with N workers on 127.0.0.1:8079 (same database) that everything then talks to.

Each client run is a child process (`Popen` + `os.wait4`): wall time around it, its CPU
(ru_utime + ru_stime) and peak RSS (ru_maxrss), and the bytes that crossed the link from the
nginx access log lines of that run. Each child prints one JSON line saying what it did, and the
driver checks it (rows read, records created, calls made, models pulled) and fails loudly
otherwise.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHAPE = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'wan', 'shape.py'))
RS_BIN = os.path.join(ROOT, 'target', 'release', 'odoo-bench')
CODEGEN_BIN = os.path.join(ROOT, 'target', 'release', 'odoo-codegen')
VENV_PY = os.path.join(HERE, '.venv', 'bin', 'python')
PEERS = os.path.join(HERE, 'peers.py')

NGINX_PORT = 8070
SYNC_WAIT = 4.3   # seconds after the sync's writes' second began (see Workbench.touch)
WORKERS_PORT = 8079

# name -> (label, rtt ms, Mbit/s, shaper port); rtt None: no shaper
LINKS = {
    'loopback': ('loopback, direct to Odoo', None, None, None),
    'nginx': ('loopback via nginx', None, None, None),
    'region': ('region: 10 ms, 200 Mbit/s', 10, 200, 8071),
    'continent': ('continent: 40 ms, 50 Mbit/s', 40, 50, 8072),
    'far': ('far: 150 ms, 20 Mbit/s', 150, 20, 8073),
}
DEFAULT_LINKS = 'loopback,region,continent'
WORKLOADS = ['read', 'create', 'small', 'pull', 'sync']

# key, label, kind, protocol/client, extra args, workloads it runs in (None: all), ours
BASE_CLIENTS = [
    ('rs-xmlrpc', 'odoo-rs XML-RPC', 'rs', 'xmlrpc', [], None),
    ('rs-jsonrpc', 'odoo-rs JSON-RPC', 'rs', 'jsonrpc', [], None),
    ('rs-json2', 'odoo-rs JSON-2', 'rs', 'json2', [], None),
    ('py-xmlrpc', 'Python xmlrpc.client', 'py', 'xmlrpc', [], None),
    ('odoorpc', 'odoorpc (JSON-RPC)', 'py', 'odoorpc', [], None),
    ('odooly', 'odooly (JSON-2)', 'py', 'odooly', [], None),
]
EXTRA_CLIENTS = [
    ('rs-xmlrpc-single', 'odoo-rs XML-RPC, one request', 'rs', 'xmlrpc', ['--single'], {'read'}),
    ('rs-jsonrpc-single', 'odoo-rs JSON-RPC, one request', 'rs', 'jsonrpc', ['--single'], {'read'}),
    ('rs-json2-single', 'odoo-rs JSON-2, one request', 'rs', 'json2', ['--single'], {'read'}),
    ('rs-json2-fieldsget', 'odoo-rs JSON-2, --source fields-get', 'rs', 'json2', ['--source', 'fields-get'], {'pull'}),
    ('rs-json2-naive', 'odoo-rs JSON-2, naive search_read', 'rs', 'json2', ['--naive'], {'sync'}),
]
METHODS_CLIENT = ('rs-json2-methods', 'odoo-rs JSON-2, with methods', 'rs', 'json2', ['--with-methods'], {'pull'})
PEER_KEYS = ['py-xmlrpc', 'odoorpc', 'odooly']
OURS_KEYS = ['rs-xmlrpc', 'rs-jsonrpc', 'rs-json2']


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


def die(msg):
    raise BenchError(msg)


# ------------------------------------------------------------------------------- processes

class Services:
    """Everything the bench starts, stopped in reverse order by stop()."""

    def __init__(self):
        self.procs = []      # (name, Popen)
        self.child = None    # the client being measured

    def start(self, name, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL, **kw)
        self.procs.append((name, p))
        return p

    def stop(self):
        if self.child is not None and self.child.returncode is None:
            try:
                os.kill(self.child.pid, signal.SIGKILL)
                os.waitpid(self.child.pid, 0)
            except OSError:
                pass
        for name, p in reversed(self.procs):
            if p.poll() is not None:
                continue
            try:
                p.terminate()
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log(f'{name} (pid {p.pid}) did not stop on SIGTERM; killing its process group')
                try:
                    os.killpg(p.pid, signal.SIGKILL)   # its own session, started by us
                except OSError:
                    pass
                p.wait(timeout=5)
            except OSError:
                pass
        self.procs = []


def port_open(port, host='127.0.0.1'):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait_port(port, proc, name, timeout=60):
    t = time.time()
    while time.time() - t < timeout:
        if port_open(port):
            return
        if proc.poll() is not None:
            die(f'{name} exited with status {proc.returncode} before listening on {port}')
        time.sleep(0.1)
    die(f'{name} did not listen on 127.0.0.1:{port} within {timeout} s')


def need_free(port, what):
    if port_open(port):
        die(f'port {port} (for {what}) is already in use on 127.0.0.1; stop what holds it')


# ------------------------------------------------------------------------------- nginx

NGINX_CONF = r"""# written by bench/wan.py; started with nginx -p {tmp} -c {tmp}/nginx.conf -e {tmp}/error.log
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}

http {{
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    access_log off;

    # one line per request: what crossed the link (up: request line + headers + body; down:
    # status line + headers + body as sent, i.e. gzipped when it was), and the time Odoo took
    log_format bench '$msec $request_length $bytes_sent $body_bytes_sent $upstream_response_time '
                     '$request_time $status $connection $connection_requests "$request_method $uri" '
                     '"$http_accept_encoding" "$sent_http_content_encoding"';

    # as in Odoo's deployment documentation (https://www.odoo.com/documentation/19.0/administration/on_premise/deploy.html),
    # plus keep-alive connections to Odoo
    upstream odoo {{
        server 127.0.0.1:{odoo_port};
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name _;
        access_log {tmp}/access.log bench;
        client_max_body_size 512m;

        proxy_read_timeout 720s;
        proxy_connect_timeout 720s;
        proxy_send_timeout 720s;

        location / {{
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_redirect off;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://odoo;
        }}

        # common gzip
        gzip_types text/css text/scss text/plain text/xml application/xml application/json application/javascript;
        gzip on;
    }}
}}
"""


def start_nginx(svc, tmp, odoo_port):
    nginx = shutil.which('nginx') or ('/usr/sbin/nginx' if os.path.exists('/usr/sbin/nginx') else None)
    if not nginx:
        die('nginx not found (bench/run installs it: apt-get install -y nginx)')
    need_free(NGINX_PORT, 'nginx')
    conf = os.path.join(tmp, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write(NGINX_CONF.format(tmp=tmp, port=NGINX_PORT, odoo_port=odoo_port))
    open(os.path.join(tmp, 'access.log'), 'a').close()
    argv = [nginx, '-p', tmp, '-c', conf, '-e', os.path.join(tmp, 'error.log')]
    check = subprocess.run(argv + ['-t', '-q'], capture_output=True, text=True)
    if check.returncode:
        die(f'nginx -t failed:\n{check.stderr}')
    p = svc.start('nginx', argv + ['-g', 'daemon off;'],
                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, 'nginx.out'), 'w'))
    wait_port(NGINX_PORT, p, 'nginx')
    version = subprocess.run([nginx, '-v'], capture_output=True, text=True).stderr.strip()
    return version.split('/')[-1]


class AccessLog:
    def __init__(self, path):
        self.path = path

    def offset(self):
        return os.path.getsize(self.path)

    def since(self, offset):
        with open(self.path, 'rb') as f:
            f.seek(offset)
            data = f.read().decode('utf-8', 'replace')
        stats = {'requests': 0, 'up': 0, 'down': 0, 'body_down': 0, 'upstream_s': 0.0,
                 'request_s': 0.0, 'gzip': 0, 'connections': set(), 'accept': set(), 'statuses': {}}
        for line in data.splitlines():
            parts = line.split(' ', 9)
            if len(parts) < 10:
                continue
            _msec, req_len, sent, body, upstream, req_time, status, conn, _creqs, rest = parts
            stats['requests'] += 1
            stats['up'] += int(req_len)
            stats['down'] += int(sent)
            stats['body_down'] += int(body)
            stats['upstream_s'] += sum(float(x) for x in upstream.replace(',', ' ').replace(':', ' ').split()
                                       if x.replace('.', '', 1).isdigit())
            stats['request_s'] += float(req_time)
            stats['connections'].add(conn)
            stats['statuses'][status] = stats['statuses'].get(status, 0) + 1
            quoted = rest.split('"')
            if len(quoted) >= 6:
                stats['accept'].add(quoted[3] or '-')
                if 'gzip' in quoted[5]:
                    stats['gzip'] += 1
        stats['connections'] = len(stats['connections'])
        stats['accept'] = sorted(stats['accept'])
        stats['upstream_s'] = round(stats['upstream_s'], 3)
        stats['request_s'] = round(stats['request_s'], 3)
        return stats


# ------------------------------------------------------------------------------- Odoo with workers

def start_workers_odoo(svc, tmp, kit_dir, workers):
    conf_in = os.path.join(kit_dir, 'odoo.conf')
    src = os.path.join(kit_dir, 'src')
    py = os.path.join(kit_dir, 'venv', 'bin', 'python')
    for p in (conf_in, src, py):
        if not os.path.exists(p):
            die(f'--workers: {p} not found (the kit dir is {kit_dir}; set ODOO_KIT_DIR)')
    need_free(WORKERS_PORT, f'Odoo with {workers} workers')
    override = {'http_port': str(WORKERS_PORT), 'workers': str(workers), 'max_cron_threads': '0',
                'logfile': os.path.join(tmp, 'odoo-workers.log'), 'gevent_port': str(WORKERS_PORT + 10)}
    lines, seen = [], set()
    for line in open(conf_in):
        key = line.split('=', 1)[0].strip()
        if key in override:
            line = f'{key} = {override[key]}\n'
            seen.add(key)
        lines.append(line)
    lines += [f'{k} = {v}\n' for k, v in override.items() if k not in seen]
    conf = os.path.join(tmp, 'odoo-workers.conf')
    with open(conf, 'w') as f:
        f.write('; written by bench/wan.py from %s\n' % conf_in)
        f.writelines(lines)
    p = svc.start(f'Odoo --workers {workers}',
                  [py, os.path.join(HERE, 'odoo_workers.py'), src, 'server', '-c', conf,
                   '--pidfile', os.path.join(tmp, 'odoo-workers.pid')],
                  stdout=open(os.path.join(tmp, 'odoo-workers.out'), 'w'), stderr=subprocess.STDOUT)
    wait_port(WORKERS_PORT, p, f'Odoo --workers {workers}', timeout=120)
    # the workers load the registry on their first request
    t = time.time()
    while True:
        try:
            uid = xmlrpc.client.ServerProxy(f'http://127.0.0.1:{WORKERS_PORT}/xmlrpc/2/common').authenticate(
                os.environ['ODOO_DB'], os.environ['ODOO_USER'], os.environ['ODOO_PASSWORD'], {})
            if uid:
                break
        except (OSError, xmlrpc.client.Error):
            pass
        if p.poll() is not None or time.time() - t > 120:
            die(f'Odoo --workers {workers} did not answer; see {tmp}/odoo-workers.log')
        time.sleep(0.5)
    return f'http://127.0.0.1:{WORKERS_PORT}'


# ------------------------------------------------------------------------------- the server, directly

class Direct:
    """XML-RPC straight to Odoo for the bench's own set-up and checks (never through the link)."""

    def __init__(self, url, db, user, password):
        self.db, self.pw = db, password
        self.uid = xmlrpc.client.ServerProxy(f'{url}/xmlrpc/2/common').authenticate(db, user, password, {})
        if not self.uid:
            die(f'cannot authenticate {user} on {url}')
        self.url = url

    def kw(self, model, method, args, kwargs=None):
        proxy = xmlrpc.client.ServerProxy(f'{self.url}/xmlrpc/2/object', allow_none=True)
        return proxy.execute_kw(self.db, self.uid, self.pw, model, method, args, kwargs or {})


# ------------------------------------------------------------------------------- one run

TIME = '/usr/bin/time'


def run_child(svc, argv, env, access, tmp):
    """Runs argv; returns (json out, wall s, cpu s, maxrss KiB, log stats or None).

    Wall time is taken around the child, CPU from os.wait4's rusage. Peak RSS: a child's
    ru_maxrss also counts the memory of the process it was forked from (Linux keeps the
    larger of the old and the new image's high-water mark across exec), so with this driver
    as the parent every client would show the driver's ~30 MB. The child is therefore started
    through GNU time (1 MB), whose %M is the client's own peak; without it, ru_maxrss is used
    and the header says so.
    """
    offset = access.offset() if access else None
    out_path, err_path = os.path.join(tmp, 'child.out'), os.path.join(tmp, 'child.err')
    rss_path = os.path.join(tmp, 'child.rss')
    wrapped = [TIME, '-q', '-f', '%M', '-o', rss_path] + argv if os.access(TIME, os.X_OK) else argv
    with open(out_path, 'w') as out, open(err_path, 'w') as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        svc.child = p
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        svc.child = None
    stdout = open(out_path).read()
    stderr = open(err_path).read()
    maxrss = ru.ru_maxrss
    if wrapped is not argv:
        try:
            maxrss = int(open(rss_path).read().split()[-1])
        except (OSError, ValueError, IndexError):
            die(f'GNU time wrote no peak RSS for {argv[0]}')
    if p.returncode != 0:
        die(f'{" ".join(argv[:3])} exited with {p.returncode}:\n{stderr[-3000:]}{stdout[-1000:]}')
    lines = [l for l in stdout.splitlines() if l.strip().startswith('{')]
    result = json.loads(lines[-1]) if lines else {}
    result['_stderr'] = stderr.strip().splitlines()[-1][:300] if stderr.strip() else ''
    stats = None
    if access:
        time.sleep(0.05)   # nginx logs a request when it has sent it, before the client has it all
        stats = access.since(offset)
    return result, wall, ru.ru_utime + ru.ru_stime, maxrss, stats


def child_argv(client, workload, url, a, tmp, run_id, since):
    key, label, kind, proto, extra, _ = client
    conn_rs = ['--url', url, '--db', a.db, '--user', a.user, '--protocol', proto]
    if proto == 'json2':
        conn_rs += ['--api-key-file', a.api_key_file]
    else:
        conn_rs += ['--password', a.password]
    conn_py = ['--client', proto, '--url', url, '--db', a.db, '--user', a.user,
               '--password', a.password, '--api-key-file', a.api_key_file]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith('ODOO_') and k not in ('RUST_LOG', 'PYTHONPATH')}
    if workload == 'pull' and kind == 'rs':
        snap = os.path.join(tmp, f'snapshot-{run_id}.json')
        argv = [CODEGEN_BIN, 'pull', '--out', snap, '-q', '--protocol', proto]
        if '--with-methods' not in extra:
            argv.append('--no-methods')
        argv += [x for x in extra if x != '--with-methods']
        env.update({'ODOO_URL': url, 'ODOO_DB': a.db, 'ODOO_USER': a.user})
        if proto == 'json2':
            env['ODOO_API_KEY'] = open(a.api_key_file).read().strip()
        else:
            env['ODOO_PASSWORD'] = a.password
        return argv, env, snap
    since, cursor = since or ('', '')
    if workload == 'sync' and kind == 'rs':
        sync_args = ['--naive', '--since', since] if '--naive' in extra else ['--cursor', cursor]
        extra = [x for x in extra if x != '--naive']
    else:
        sync_args = ['--since', since]
    args = {'read': [], 'small': ['--calls', str(a.calls)], 'sync': sync_args,
            'create': ['--run', run_id, '--creates', str(a.creates), '--batch', str(a.batch)],
            'pull': []}[workload]
    if kind == 'rs':
        if workload == 'read':
            args += ['--page-size', str(a.page_size)]
            if a.in_flight:
                args += ['--in-flight', str(a.in_flight)]
        return [RS_BIN, workload] + conn_rs + args + extra, env, None
    return [VENV_PY, PEERS, workload] + conn_py + args + extra, env, None


# ------------------------------------------------------------------------------- checks and set-up

class Workbench:
    def __init__(self, a, direct):
        self.a, self.d = a, direct
        self.expected_rows = direct.kw('res.partner', 'search_count', [[]])
        if self.expected_rows < a.rows:
            die(f'the server has {self.expected_rows} active partners, fewer than --rows {a.rows}')
        log(f'reference read of {self.expected_rows} partners (direct XML-RPC, for the checksum)')
        self.checksum = self.reference()
        self.bench_ids = direct.kw('res.partner', 'search', [[('name', '=like', 'Bench Partner %')]],
                                   {'order': 'id', 'limit': max(a.rows, 1000)})
        if len(self.bench_ids) < 100:
            die('fewer than 100 bench partners to touch for the sync workload')
        self.n_models = direct.kw('ir.model', 'search_count', [[]])
        self.sync_round = 0

    def reference(self):
        """The checksum odoo-bench and peers.py compute, from a read straight from Odoo."""
        # In pages of 10,000 ids: one answer of 100,000 rows outlives the time and memory
        # limits of an Odoo with workers (`--workers 2`), which cut it off.
        total, last = 0, 0
        while True:
            rows = self.d.kw('res.partner', 'search_read', [[('id', '>', last)]],
                             {'fields': ['name', 'color', 'category_id', 'country_id'],
                              'order': 'id', 'limit': 10000})
            if not rows:
                return total
            total += sum(r['id'] + r['color'] + len((r['name'] or '').encode()) + len(r['category_id'])
                         + (r['country_id'][0] if r['country_id'] else 0) for r in rows)
            last = rows[-1]['id']

    def touch(self, run_id):
        """The sync's set-up, not timed, once per link and repeat (every client then reads the
        same changes): 100 partners written just after a whole second, the cursor. Returns
        (since, cursor): `since` for write_date >= since; `cursor` is odoo_runtime::sync's
        Cursor just past every record of the second before."""
        # Everything written before is older than the cursor's second, so exactly these 100
        # are new (unless someone else writes partners meanwhile).
        now = time.time()
        second = math.ceil(now + 0.001)
        time.sleep(second - now + 0.05)
        k = self.sync_round * 100 % (len(self.bench_ids) - 99)
        self.sync_round += 1
        ids = self.bench_ids[k:k + 100]
        self.d.kw('res.partner', 'write', [ids, {'comment': f'<p>bench sync {run_id}</p>'}])
        # odoo-rs's sync reads only seconds that ended `settle` (2 s) before its keys query
        # started on the server's clock, which it knows as the answer's Date (whole seconds)
        # less the time the query took: for the second C of the writes to be read, that Date
        # must be C+4 or later. Every client waits the same; the wait is not timed.
        time.sleep(max(0.0, second + SYNC_WAIT - time.time()))
        since = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(second))
        cursor = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(second - 1)) + '/2147483647'
        return since, cursor

    def check(self, workload, client, out, snap, run_id, notes):
        key, label, kind = client[0], client[1], client[2]
        where = f'{workload} / {label}'
        if workload == 'read':
            if out.get('rows') != self.expected_rows:
                now = self.d.kw('res.partner', 'search_count', [[]])
                if out.get('rows') != now:
                    die(f'{where}: read {out.get("rows")} rows, expected {self.expected_rows} (now {now})')
                notes.add(f'the partner count changed during the run ({self.expected_rows} -> {now}): '
                          'someone else writes to this database')
                self.expected_rows = now
            elif out.get('checksum') != self.checksum:
                now = self.reference()
                if out.get('checksum') != now:
                    die(f'{where}: checksum {out.get("checksum")} != reference {self.checksum} (now {now})')
                notes.add('the partners changed during the run (the read checksum moved): '
                          'someone else writes to this database')
                self.checksum = now
        elif workload == 'create':
            if out.get('creates') != self.a.creates or out.get('batch') != self.a.batch:
                die(f'{where}: reported {out}')
            ids = self.d.kw('res.partner', 'search', [[('name', '=like', f'Bench Create {run_id} %')]],
                            {'context': {'active_test': False}})
            if len(ids) != self.a.creates + self.a.batch:
                die(f'{where}: {len(ids)} partners named "Bench Create {run_id} ..." on the server, '
                    f'expected {self.a.creates + self.a.batch}')
            self.d.kw('res.partner', 'unlink', [ids])   # clean-up, not timed
        elif workload == 'small':
            if out.get('calls') != self.a.calls or not out.get('median_ms'):
                die(f'{where}: reported {out}')
        elif workload == 'sync':
            if (out.get('rows') or 0) < 100:
                die(f'{where}: {out.get("rows")} changed rows, expected the 100 touched')
            if out['rows'] > 100:
                notes.add(f'sync: {label} saw {out["rows"]} changed rows, not 100: someone else writes partners')
        elif workload == 'pull':
            if kind == 'rs':
                with open(snap) as f:
                    n = len(json.load(f)['models'])
                os.unlink(snap)
                out['models'] = out['ok'] = n
                if n != self.n_models:
                    die(f'{where}: the snapshot holds {n} models, ir.model has {self.n_models}')
            else:
                if out.get('models') != self.n_models or out.get('ok', 0) + len(out.get('failed', [])) != self.n_models:
                    die(f'{where}: reported {out}')
                for f in out.get('failed', []):
                    notes.add(f'pull: {label}: fields_get failed for {f}')


# ------------------------------------------------------------------------------- report

def fmt_bytes(n):
    if n is None:
        return '-'
    if n >= 1e6:
        return f'{n / 1e6:.1f} MB'
    if n >= 1e3:
        return f'{n / 1e3:.0f} kB'
    return f'{n} B'


def key_metric(workload, r):
    """What the ratio compares: the median call for `small`, the wall time otherwise."""
    if workload == 'small':
        return r['out'].get('median_ms', 0) / 1e3
    return r['wall_s']


def summarize(runs):
    """Median over the repeats of one (workload, link, client)."""
    def med(xs):
        xs = [x for x in xs if x is not None]
        return statistics.median(xs) if xs else None
    first = runs[0]
    s = {'wall_s': med([r['wall_s'] for r in runs]), 'cpu_s': med([r['cpu_s'] for r in runs]),
         'rss_kib': med([r['rss_kib'] for r in runs]), 'out': first['out'], 'log': first['log'],
         'repeats': len(runs)}
    if first['log']:
        s['log'] = dict(first['log'])
        for k in ('requests', 'up', 'down', 'body_down', 'upstream_s', 'connections', 'gzip'):
            s['log'][k] = med([r['log'][k] for r in runs])
    if 'median_ms' in first['out']:
        s['out'] = dict(first['out'], median_ms=med([r['out']['median_ms'] for r in runs]))
    return s


def workload_detail(workload, s):
    o = s['out']
    if workload == 'read':
        return f'{o.get("rows")} rows' + (f', {o["mode"]}' if o.get('mode') else '')
    if workload == 'create':
        return f'{o.get("per_create_ms", 0):.1f} ms/create, batch {o.get("batch_ms", 0) / 1e3:.2f} s'
    if workload == 'small':
        return f'median {o.get("median_ms", 0):.1f} ms'
    if workload == 'pull':
        return f'{o.get("ok")}/{o.get("models")} models'
    if workload == 'sync':
        return f'{o.get("rows")} rows'
    return ''


def render(results, a, links, clients_for, header):
    out = [header, '']
    for workload in a.workloads:
        clients = clients_for(workload)
        if not any((workload, l, c[0]) in results for l in links for c in clients):
            continue
        out.append(f'### {workload}: {WORKLOAD_TITLES[workload].format(a=a)}')
        out.append('')
        def table(columns, cells_of):
            """One row per client, `columns` per link, from `cells_of(sample)`."""
            out.append('| client | ' + ' | '.join(f'{l}: {" | ".join(columns)}' for l in links) + ' |')
            out.append('|' + ' --- |' * (1 + len(columns) * len(links)))
            for c in clients:
                cells = [c[1]]
                for l in links:
                    s = results.get((workload, l, c[0]))
                    cells += cells_of(s) if s else [''] * len(columns)
                out.append('| ' + ' | '.join(cells) + ' |')
            out.append('')

        table(['wall', 'CPU', 'peak RSS', 'down'], lambda s: [
            f'{s["wall_s"]:.2f} s', f'{s["cpu_s"]:.2f} s', f'{s["rss_kib"] / 1024:.0f} MB',
            fmt_bytes(s['log']['down']) if s['log'] else '-'])
        # details: requests, bytes up, Odoo's time, what was done
        table(['requests', 'up', 'Odoo time', 'done'], lambda s: (
            [f'{s["log"]["requests"]:.0f}', fmt_bytes(s['log']['up']), f'{s["log"]["upstream_s"]:.2f} s']
            if s['log'] else ['-', '-', '-']) + [workload_detail(workload, s)])
    # ratios
    out.append('### ratios (peer / odoo-rs; above 1: odoo-rs is faster)')
    out.append('')
    out.append('Wall time of the whole run (process start, login, work), except `small`: its median call.')
    out.append('')
    out.append('| workload | comparison | ' + ' | '.join(links) + ' |')
    out.append('|' + ' --- |' * (2 + len(links)))
    pairs = [('fastest odoo-rs vs fastest peer', OURS_KEYS, PEER_KEYS),
             ('odoo-rs XML-RPC vs xmlrpc.client', ['rs-xmlrpc'], ['py-xmlrpc']),
             ('odoo-rs JSON-RPC vs odoorpc', ['rs-jsonrpc'], ['odoorpc']),
             ('odoo-rs JSON-2 vs odooly', ['rs-json2'], ['odooly'])]
    for workload in a.workloads:
        for title, ours, peers in pairs:
            cells = []
            for l in links:
                o = [(key_metric(workload, results[(workload, l, k)]), k) for k in ours if (workload, l, k) in results]
                p = [(key_metric(workload, results[(workload, l, k)]), k) for k in peers if (workload, l, k) in results]
                if not o or not p or min(o)[0] <= 0:
                    cells.append('')
                    continue
                (ov, ok), (pv, pk) = min(o), min(p)
                cell = f'{pv / ov:.2f}×'
                if len(ours) > 1:
                    cell += f' ({LABEL[ok].replace("odoo-rs ", "")} vs {LABEL[pk]})'
                cells.append(cell)
            if any(cells):
                out.append(f'| {workload} | {title} | ' + ' | '.join(cells) + ' |')
    out.append('')
    return '\n'.join(out)


WORKLOAD_TITLES = {
    'read': 'search_read of every active partner, 18 fields',
    'create': '{a.creates} partners created one at a time, then {a.batch} in one create (clean-up not timed)',
    'small': 'search_count([("id", "=", 1)]), {a.calls} calls after a warm-up, one connection',
    'pull': 'the schema of every model (odoo-rs: `odoo-codegen pull --no-methods`; peers: `fields_get` of each model `ir.model` lists)',
    'sync': '100 partners touched, then what changed since a cursor (`write_date >= cursor`, order `write_date,id`)',
}
LABEL = {c[0]: c[1] for c in BASE_CLIENTS + EXTRA_CLIENTS + [METHODS_CLIENT]}


def machine():
    model = '?'
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    return {'nproc': os.cpu_count(), 'cpu': model, 'kernel': platform.release(),
            'python': platform.python_version()}


def git_rev():
    try:
        rev = subprocess.run(['git', '-C', ROOT, 'log', '-1', '--format=%h (%cd)', '--date=format:%Y-%m-%d %H:%M'],
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--', 'odoo-runtime', 'odoo-codegen'],
                               capture_output=True, text=True).stdout.strip()
        return rev + (' (+ uncommitted changes in odoo-runtime/odoo-codegen)' if dirty else '')
    except OSError:
        return '?'


def pip_version(name):
    try:
        r = subprocess.run([VENV_PY, '-c', f'import importlib.metadata as m; print(m.version("{name}"))'],
                           capture_output=True, text=True)
        return r.stdout.strip() or '?'
    except OSError:
        return '?'


# ------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rows', type=int, default=10000, help='bench partners the server holds (10000 or 100000)')
    ap.add_argument('--links', default=DEFAULT_LINKS,
                    help=f'comma-separated, of {",".join(LINKS)} [default: {DEFAULT_LINKS}]')
    ap.add_argument('--workloads', default=','.join(WORKLOADS), help=f'comma-separated, of {",".join(WORKLOADS)}')
    ap.add_argument('--clients', default='', help='only these client keys (comma-separated; default: all)')
    ap.add_argument('--workers', type=int, default=0, help='run against a second Odoo with N workers on 8079')
    ap.add_argument('--repeat', type=int, default=1, help='runs per cell; the tables show the median')
    ap.add_argument('--creates', type=int, default=200, help='partners created one at a time [200]')
    ap.add_argument('--batch', type=int, default=1000, help='partners created in one batched create [1000]')
    ap.add_argument('--calls', type=int, default=50, help='small calls timed [50]')
    ap.add_argument('--page-size', type=int, default=1000, help="odoo-rs read's page size [1000]")
    ap.add_argument('--in-flight', type=int, default=0, help="odoo-rs read's pages in flight [the runtime's default, 4]")
    ap.add_argument('--no-extra', action='store_true', help='leave out the extra odoo-rs rows (one-request reads, fields-get pull)')
    ap.add_argument('--pull-methods', action='store_true', help='also pull with methods over JSON-2 (minutes per link)')
    ap.add_argument('--results', default=os.path.join(HERE, 'results'), help='directory for the JSON results')
    ap.add_argument('--url', default=os.environ.get('ODOO_URL'))
    ap.add_argument('--db', default=os.environ.get('ODOO_DB'))
    ap.add_argument('--user', default=os.environ.get('ODOO_USER'))
    ap.add_argument('--password', default=os.environ.get('ODOO_PASSWORD'))
    ap.add_argument('--api-key-file', default=os.environ.get('ODOO_API_KEY_FILE'))
    a = ap.parse_args()
    for k in ('url', 'db', 'user', 'password', 'api_key_file'):
        if not getattr(a, k):
            ap.error(f'--{k.replace("_", "-")} (or ODOO_{k.upper()}) is needed; bench/run sets them')
    links = [l.strip() for l in a.links.split(',') if l.strip()]
    for l in links:
        if l not in LINKS:
            ap.error(f'unknown link {l!r}; known: {", ".join(LINKS)}')
    a.workloads = [w.strip() for w in a.workloads.split(',') if w.strip()]
    for w in a.workloads:
        if w not in WORKLOADS:
            ap.error(f'unknown workload {w!r}; known: {", ".join(WORKLOADS)}')
    for path in (RS_BIN, CODEGEN_BIN, VENV_PY, SHAPE):
        if not os.path.exists(path):
            die(f'{path} is missing (bench/run builds and installs everything)')

    all_clients = BASE_CLIENTS + ([] if a.no_extra else EXTRA_CLIENTS) + ([METHODS_CLIENT] if a.pull_methods else [])
    only = {c.strip() for c in a.clients.split(',') if c.strip()}
    if only - set(LABEL):
        ap.error(f'unknown client(s) {", ".join(sorted(only - set(LABEL)))}; known: {", ".join(LABEL)}')

    def clients_for(workload):
        return [c for c in all_clients if (c[5] is None or workload in c[5]) and (not only or c[0] in only)]

    svc = Services()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f'signal {signum}')
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    tmp = tempfile.mkdtemp(prefix='odoo-bench-')
    os.chmod(tmp, 0o755)   # nginx's worker process (not root) writes its temp files here
    started = datetime.datetime.now(datetime.timezone.utc)
    m = machine()
    raw, notes, header_lines = [], set(), []
    direct, stamp = None, started.strftime('%H%M%S')

    def report():
        """Prints the tables and writes the JSON of every run so far."""
        groups = {}
        for r in raw:
            groups.setdefault((r['workload'], r['link'], r['client']), []).append(r)
        results = {k: summarize(runs) for k, runs in groups.items()}
        # which clients asked for compression, as nginx saw it
        for (workload, l, k), s in results.items():
            if s['log'] and workload == 'read':
                notes.add(f'read over nginx: {LABEL[k]} sent Accept-Encoding {", ".join(s["log"]["accept"])}; '
                          f'{s["log"]["gzip"]:.0f} of {s["log"]["requests"]:.0f} answers gzipped')
        table = render(results, a, links, clients_for, '\n'.join(header_lines))
        if notes:
            table += '\nNotes:\n\n' + '\n'.join(f'- {n}' for n in sorted(notes)) + '\n'
        print(table, flush=True)
        os.makedirs(a.results, exist_ok=True)
        path = os.path.join(a.results, f'{started:%Y-%m-%d-%H%M}-{a.rows}.json')
        with open(path, 'w') as f:
            args = {k: v for k, v in vars(a).items() if k != 'password'}
            json.dump({'date': started.isoformat(), 'machine': m, 'header': header_lines, 'args': args,
                       'links': {l: LINKS[l] for l in links}, 'notes': sorted(notes),
                       # with --repeat 1 the summary is the runs themselves
                       'summary': [{'workload': w, 'link': l, 'client': k, **s} for (w, l, k), s in results.items()]
                       if a.repeat > 1 else 'see runs',
                       'runs': raw}, f, default=str)
            f.write('\n')
        log(f'results: {path}; total {(datetime.datetime.now(datetime.timezone.utc) - started).total_seconds():.0f} s')

    try:
        odoo_url = a.url.rstrip('/')
        if a.workers:
            kit = os.environ.get('ODOO_KIT_DIR') or os.path.dirname(os.path.abspath(a.api_key_file))
            log(f'starting a second Odoo with --workers {a.workers} on 127.0.0.1:{WORKERS_PORT}')
            odoo_url = start_workers_odoo(svc, tmp, kit, a.workers)
        odoo_port = int(odoo_url.rsplit(':', 1)[1])
        needs_nginx = any(l != 'loopback' for l in links)
        nginx_version = start_nginx(svc, tmp, odoo_port) if needs_nginx else None
        access = AccessLog(os.path.join(tmp, 'access.log')) if needs_nginx else None
        urls = {}
        for l in links:
            label, rtt, mbit, port = LINKS[l]
            if l == 'loopback':
                urls[l] = odoo_url
            elif rtt is None:
                urls[l] = f'http://127.0.0.1:{NGINX_PORT}'
            else:
                need_free(port, f'the {l} shaper')
                p = svc.start(f'shape.py {l}', [sys.executable, SHAPE, '--listen', str(port),
                                                '--to', f'127.0.0.1:{NGINX_PORT}', '--rtt-ms', str(rtt), '--mbit', str(mbit)],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, f'shape-{l}.log'), 'w'))
                wait_port(port, p, f'shape.py {l}')
                urls[l] = f'http://127.0.0.1:{port}'
        direct = Direct(odoo_url, a.db, a.user, a.password)
        bench = Workbench(a, direct)
        version = xmlrpc.client.ServerProxy(f'{odoo_url}/xmlrpc/2/common').version()['server_version']
        header_lines += [
            f'- date: {started:%Y-%m-%d %H:%M} UTC; machine: {m["nproc"]} cores, {m["cpu"]}, Linux {m["kernel"]}',
            f'- server: Odoo {version} ({"workers " + str(a.workers) if a.workers else "workers 0, threaded"}), '
            f'{bench.expected_rows} active partners (--rows {a.rows}), {bench.n_models} models; '
            f'nginx {nginx_version or "-"} (gzip on, as Odoo\'s deployment guide)',
            f'- clients: odoo-rs at {git_rev()}; Python {m["python"]}, odoorpc {pip_version("odoorpc")}, '
            f'odooly {pip_version("odooly")}',
            f'- command: bench/run {" ".join(sys.argv[1:])}'.rstrip(),
            f'- links: ' + '; '.join(f'{l} = {LINKS[l][0]}' for l in links),
            f'- load average at start: {" ".join(f"{x:.2f}" for x in os.getloadavg())}; peak RSS '
            + ('from GNU time %M' if os.access(TIME, os.X_OK) else 'from ru_maxrss (includes the driver\'s own, no /usr/bin/time)'),
        ]
        log('\n'.join(header_lines))
        for workload in a.workloads:
            for l in links:
                for rep in range(a.repeat):
                    since = bench.touch(f'{stamp}-{l}-{rep}') if workload == 'sync' else None
                    for c in clients_for(workload):
                        run_id = f'{stamp}-{l}-{c[0]}-{rep}'
                        argv, env, snap = child_argv(c, workload, urls[l], a, tmp, run_id, since)
                        out, wall, cpu, rss, stats = run_child(svc, argv, env, access if l != 'loopback' else None, tmp)
                        bench.check(workload, c, out, snap, run_id, notes)
                        raw.append({'workload': workload, 'link': l, 'client': c[0], 'label': c[1], 'repeat': rep,
                                    'wall_s': round(wall, 4), 'cpu_s': round(cpu, 4), 'rss_kib': rss,
                                    'out': out, 'log': stats})
                        extra = f', {fmt_bytes(stats["down"])} down in {stats["requests"]} requests' if stats else ''
                        log(f'[{l}] {workload} {c[1]}: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss / 1024:.0f} MB{extra}; '
                            f'{workload_detail(workload, {"out": out})}')
        report()
        return 0
    except BenchError as e:
        log(f'wan.py: FAILED: {e}')
        if raw:   # what was measured before is still worth seeing
            notes.add(f'FAILED, the run stopped here: {str(e).splitlines()[0][:300]}')
            report()
        return 1
    except KeyboardInterrupt:
        log('wan.py: interrupted; stopping what it started')
        return 130
    finally:
        if direct is not None and 'create' in a.workloads:
            try:   # what an interrupted create left behind
                left = direct.kw('res.partner', 'search', [[('name', '=like', f'Bench Create {stamp}-%')]],
                                 {'context': {'active_test': False}})
                if left:
                    direct.kw('res.partner', 'unlink', [left])
                    log(f'removed {len(left)} partners an interrupted create left')
            except (OSError, xmlrpc.client.Error) as e:
                log(f'could not remove the partners named "Bench Create {stamp}-...": {e}')
        svc.stop()
        if os.environ.get('BENCH_KEEP_TMP'):
            log(f'kept {tmp}')
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
