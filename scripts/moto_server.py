"""Run moto's AWS API server on a free loopback port until stdin closes.

Prints the endpoint URL (http://127.0.0.1:PORT) on the first line of stdout once it serves.
The tests and scripts/sandbox start it with a pipe on stdin, so the server stops when its
parent exits, however it exits.
"""

import os
import sys

# AWS managed policies (arn:aws:iam::aws:policy/AmazonEKS*) must be attachable.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
# Never pin every request to one account: the tests act as two accounts by AssumeRole.
os.environ.pop("MOTO_ACCOUNT_ID", None)

from moto.moto_server import threaded_moto_server  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

# moto lacks Route 53 Resolver DNS Firewall and EKS add-ons: documented stand-ins that store
# what they are given and return it.
import standin_dns_firewall  # noqa: E402,F401
import standin_eks_addons  # noqa: E402,F401

# Benchmarks only: answer every AWS request after a fixed delay, as a distant AWS endpoint
# does (moto itself answers in a few milliseconds of CPU). The sleep releases the GIL, so
# concurrent requests overlap as they would against AWS.
_latency = float(os.environ.get("EKS_ISOLATION_BENCH_LATENCY_MS", "0")) / 1000
if _latency > 0:
    import time

    _app = threaded_moto_server.DomainDispatcherApplication

    class _SlowApp(_app):
        def __call__(self, environ, start_response):
            if not environ.get("PATH_INFO", "").startswith("/moto-api/"):
                time.sleep(_latency)
            return super().__call__(environ, start_response)

    threaded_moto_server.DomainDispatcherApplication = _SlowApp

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
print(f"http://{host}:{port}", flush=True)
try:
    sys.stdin.read()
finally:
    server.stop()
