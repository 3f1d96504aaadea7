"""Who the client is: its IP address, read through a configured number of trusted proxies only.

`X-Forwarded-For` is written by whoever sends the request; only the entries appended by proxies we
run can be believed. With `TRUSTED_PROXY_COUNT = n`, the client is the n-th address from the right
of that header (each trusted proxy appends the address it received from; the compose nginx
overwrites the header with it, so there n = 1). With 0 — the run command, where gunicorn faces the
clients — the header is ignored and the socket's peer address is the client.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as far as our own proxies vouch for it."""
    peer = str(request.META.get("REMOTE_ADDR") or "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return peer
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        # The request did not come through every proxy we run: nothing in the header is vouched.
        return peer
    return forwarded[-trusted]
