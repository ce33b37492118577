"""The services of the simulated hosts: how each is started, reached and killed.

Ports are the run's own (18300-18399, inside the namespaces). PostgreSQL is a throwaway cluster
made with ``initdb`` in the run's temporary folder (the machine's own server and its
configuration are not touched), Redis a throwaway ``redis-server`` without persistence.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from . import net

ROOT = Path(__file__).resolve().parents[2]
PG_PORT = 18305
REDIS_PORT = 18306
WEB_PORT = 18310
SMS_PORT = 18330
LB_PORT = 18343  # HTTPS
DB_NAME = "egov_cluster"
# Wagtail's own tasks use "default" (docs/reference/settings.md, "Task queues").
QUEUES = ("egov_sending", "egov_imports", "egov_analysis", "default")


def _pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise SystemExit(f"PostgreSQL's {name} is not installed")


class Cluster:
    """The run's folder, processes and environment; :meth:`stop` ends every one of them."""

    def __init__(self, web_workers=2, log=print):
        self.folder = Path(tempfile.mkdtemp(prefix="egov-cluster-"))
        os.chmod(self.folder, 0o755)
        self.log = log
        self.web_workers = web_workers
        self.processes = {}  # host -> [Popen]
        data = net.HOSTS["data"]
        self.database_url = f"postgres://postgres@{data}:{PG_PORT}/{DB_NAME}"
        self.redis_url = f"redis://{data}:{REDIS_PORT}/0"
        self.lb_url = f"https://{net.HOSTS['lb']}:{LB_PORT}"
        self.sms_url = f"http://{net.HOSTS['sms']}:{SMS_PORT}"
        self.cert = self.folder / "lb.crt"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.folder),
            "PYTHONPATH": os.pathsep.join(map(str, (ROOT, ROOT / "example_site", ROOT / "bench"))),
            "DJANGO_SETTINGS_MODULE": "cluster.settings",
            "SECRET_KEY": "cluster-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": f"{net.HOSTS['lb']},localhost",
            "CSRF_TRUSTED_ORIGINS": self.lb_url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.folder / "static"),
            "EGOV_PRIVATE_ROOT": str(self.folder / "private"),
            "EGOV_CLUSTER_SMS_URL": self.sms_url,
            "EGOV_CLUSTER_LB": net.HOSTS["lb"],
            "LOG_LEVEL": "ERROR",
        }

    # --- processes ---------------------------------------------------------------------------

    def spawn(self, host, command, *, name, env=None, user=None):
        """Start ``command`` inside ``host`` (its output to ``<folder>/<name>.log``)."""
        prefix = net.exec_args(host)
        if user:
            prefix += ["runuser", "-u", user, "--"]
        output = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [*prefix, *command],
            env={**self.env, **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            start_new_session=True,
        )
        output.close()
        self.processes.setdefault(host, []).append(process)
        return process

    def kill(self, host):
        """The host dies: SIGKILL every process in its namespace; returns how many there were."""
        count = net.kill_host(host)
        self._reap(host)
        return count

    def _reap(self, host, timeout=10):
        for process in self.processes.pop(host, []):
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()

    def stop(self):
        """Stop every process of every host (TERM, then KILL), and remove the folder."""
        for host in list(net.HOSTS):
            net.stop_host(host, grace=4.0)
            self._reap(host, timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def manage(self, host, *args, timeout=600):
        """Run ``manage.py *args`` inside ``host`` and wait for it; returns its output."""
        done = subprocess.run(
            [*net.exec_args(host), sys.executable, "example_site/manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} on {host}: {done.stderr[-2000:]}")
        return done.stdout

    def log_tail(self, name, size=3000):
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    # --- data host ---------------------------------------------------------------------------

    def start_data(self):
        """A throwaway PostgreSQL cluster and Redis on the data host."""
        pgdata = self.folder / "pgdata"
        pgdata.mkdir()
        shutil.chown(pgdata, "postgres", "postgres")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", _pg_bin("initdb"), "-D", str(pgdata),
             "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        with (pgdata / "pg_hba.conf").open("a") as hba:
            hba.write("host all all 10.77.0.0/24 trust\n")
        address = net.HOSTS["data"]
        self.spawn(
            "data",
            [_pg_bin("postgres"), "-D", str(pgdata), "-p", str(PG_PORT),
             "-c", f"listen_addresses={address}", "-c", f"unix_socket_directories={pgdata}",
             "-c", "max_connections=200", "-c", "shared_buffers=256MB",
             # A throwaway cluster: no crash safety needed, and the machine's disk is shared.
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            name="postgres", user="postgres",
        )  # fmt: skip
        self.spawn(
            "data",
            ["redis-server", "--bind", address, "--port", str(REDIS_PORT), "--save", "",
             "--appendonly", "no", "--protected-mode", "no", "--dir", str(self.folder)],
            name="redis",
        )  # fmt: skip
        self.wait(lambda: self._pg_ready(), 60, "PostgreSQL")
        self._psql(f'CREATE DATABASE "{DB_NAME}"')

    def _pg_ready(self):
        import psycopg

        try:
            psycopg.connect(self._pg("postgres"), connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def _pg(self, name):
        return f"postgresql://postgres@{net.HOSTS['data']}:{PG_PORT}/{name}"

    def _psql(self, sql):
        import psycopg

        with psycopg.connect(self._pg("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    # --- application hosts -------------------------------------------------------------------

    def start_web(self, host):
        """gunicorn with the production settings, trusting the load balancer's headers."""
        address = net.HOSTS[host]
        self.spawn(
            host,
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "example_site/gunicorn.conf.py")],
            name=host,
            env={
                "GUNICORN_BIND": f"{address}:{WEB_PORT}",
                "WEB_CONCURRENCY": str(self.web_workers),
                "FORWARDED_ALLOW_IPS": net.HOSTS["lb"],
                "GUNICORN_ACCESS_LOG": "0",
            },
        )

    def web_ready(self, host):
        import http.client

        try:
            connection = http.client.HTTPConnection(net.HOSTS[host], WEB_PORT, timeout=5)
            connection.request(
                "GET", "/healthz", headers={"Host": net.HOSTS["lb"], "X-Forwarded-Proto": "https"}
            )
            ok = connection.getresponse().status == 200
            connection.close()
            return ok
        except OSError:
            return False

    def start_workers(self, host):
        """One RQ worker per queue, as ``scripts/serve`` and ``deploy/egov-worker@.service``."""
        for queue in QUEUES:
            self.spawn(
                host,
                [sys.executable, "example_site/manage.py", "rqworker", queue,
                 "--job-class", "django_tasks_rq.Job", "--with-scheduler"],
                name=f"{host}-{queue}",
            )  # fmt: skip

    def start_sms(self):
        self.spawn(
            "sms",
            [sys.executable, "-m", "cluster.sms_host", net.HOSTS["sms"], str(SMS_PORT)],
            name="sms",
        )

    def start_lb(self):
        """nginx terminating TLS, with retries to the other web host (see nginx_config)."""
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=egov-cluster", "-addext", f"subjectAltName=IP:{net.HOSTS['lb']}",
             "-keyout", str(self.folder / "lb.key"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        conf = self.folder / "nginx.conf"
        conf.write_text(nginx_config(self.folder))
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / "nginx-temp" / sub).mkdir(parents=True, exist_ok=True)
            os.chmod(self.folder / "nginx-temp" / sub, 0o777)
        os.chmod(self.folder / "nginx-temp", 0o755)
        test = subprocess.run(
            [*net.exec_args("lb"), "nginx", "-t", "-c", str(conf)], capture_output=True, text=True
        )
        if test.returncode:
            raise RuntimeError(f"nginx -t: {test.stderr}")
        self.spawn("lb", ["nginx", "-c", str(conf), "-g", "daemon off;"], name="nginx")

    @staticmethod
    def wait(predicate, seconds, what):
        deadline = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.25)


def nginx_config(folder):
    """The load balancer's nginx configuration (the shape of deploy/nginx/egov.conf).

    ``proxy_next_upstream ... non_idempotent``: a request the dead host never answered goes to
    the other one, POSTs included. A vote POST that the dead host had already stored is then
    refused by the one-ballot-per-number constraint (409 "already voted") instead of stored
    twice — the scenario counts it. ``max_fails=3 fail_timeout=5s``: after three failures a
    host is left alone for 5 s, then tried again (passive health check; nginx has no active
    one); the failed attempts themselves went to the other host. ``proxy_read_timeout 120s``:
    500 residents at once queue for a few seconds on this shared machine; a read timeout
    counts as a failure, and a short one would take an overloaded but live host out.
    """
    web = "\n".join(
        f"        server {net.HOSTS[h]}:{WEB_PORT} max_fails=3 fail_timeout=5s;"
        for h in ("web1", "web2")
    )
    temp = folder / "nginx-temp"
    return f"""
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    client_max_body_size 20m;
    upstream egov_web {{
{web}
    }}
    server {{
        listen {net.HOSTS["lb"]}:{LB_PORT} ssl;
        ssl_certificate {folder}/lb.crt;
        ssl_certificate_key {folder}/lb.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        keepalive_requests 10000;
        location / {{
            proxy_pass http://egov_web;
            proxy_set_header Host $http_host;
            # The edge proxy overwrites whatever the client claimed: one trusted hop.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_connect_timeout 1s;
            proxy_read_timeout 120s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 150s;
        }}
    }}
}}
"""
