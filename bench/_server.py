"""A real HTTP server for benchmarks: Django's threaded WSGI server on a free loopback port."""

import threading

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class LiveServer:
    """``with LiveServer() as url:`` serves the configured Django site until the block ends."""

    def __enter__(self):
        self.server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=True)
        self.server.daemon_threads = True
        self.server.set_app(WSGIHandler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
