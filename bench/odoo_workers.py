#!/usr/bin/env python3
"""Runs the kit's Odoo (`odoo-bin server ...`) for `wan.py --workers N`, with the kit's venv:

    /tmp/odoo-server/venv/bin/python odoo_workers.py /tmp/odoo-server/src server -c odoo-workers.conf

Why not odoo-bin itself: with workers > 0, Odoo's prefork master also starts
`<sys.argv[0]> gevent ...` for websockets (the bus), and respawns it whenever it exits. The kit
does not install gevent, so that process would crash and be restarted again and again, using
CPU during the measurements. Started through this file, `gevent` is that file again, and it
only waits for its master to go away. RPC needs no websocket.
"""
import os
import sys
import time

if len(sys.argv) > 1 and sys.argv[1] == 'gevent':
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)
    sys.exit(0)

if len(sys.argv) < 3:
    sys.exit(__doc__)
src = sys.argv.pop(1)            # argv is now [this file, 'server', ...], as odoo-bin sees it
os.environ['TZ'] = 'UTC'
sys.path.insert(0, src)
import odoo.cli  # noqa: E402

odoo.cli.main()
