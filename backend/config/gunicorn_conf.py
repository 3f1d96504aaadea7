"""gunicorn settings of every web process: the run command, compose and the load benchmark
start gunicorn with `--config python:backend.config.gunicorn_conf` (command-line flags override).

Threaded workers (`gthread`): a request waiting on the database or computing a year's headroom
holds one thread, not the whole process, so a short list read is not queued behind it. Each
thread keeps its own database connection (`CONN_MAX_AGE`), so workers × threads connections.
"""

import os

wsgi_app = "backend.config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 60
# Request line and header limits (nginx's buffers are the same size; see the README).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
