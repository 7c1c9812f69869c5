"""gunicorn settings for the portal, shared by the container, `make bench` and the fault tests.

Each value can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, …) so
that one file describes production and the measurements made against it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threads let a worker overlap the database round trips of several requests; two processes
# per core keep the CPU busy while one of them waits.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# On SIGTERM (a deployment, `docker stop`) requests already accepted have this long to finish
# before a worker is killed; new connections are refused from the first moment.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# A worker is replaced after this many requests, which bounds the memory any slow leak takes.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 10000))
max_requests_jitter = 1000
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
# gunicorn's control socket (one per user, in the home folder) is not used: several servers on
# one machine (a deployment beside `make bench`) would otherwise contend for it.
control_socket_disable = True
