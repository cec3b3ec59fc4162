"""The caller's address, and a limit on failed attempts at a public form (a class's QR check-in page)."""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: ``REMOTE_ADDR``, or with ``TRUSTED_PROXY_COUNT`` proxies in front, what the nearest set.

    Only addresses appended by our own proxies are trusted; a client can write
    anything in the left of ``X-Forwarded-For``.
    """
    address = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            address = forwarded[-count]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class FailureLimit:
    """At most ``limit`` failed attempts per key (a page and an address) in ``seconds``; counted in the cache."""

    def __init__(self, name: str, *, limit: int, seconds: int):
        self.name, self.limit, self.seconds = name, limit, seconds

    def _key(self, request, scope) -> str:
        return f"failures:{self.name}:{scope}:{client_ip(request)}"

    def exceeded(self, request, scope) -> bool:
        return cache.get(self._key(request, scope), 0) >= self.limit

    def fail(self, request, scope) -> None:
        key = self._key(request, scope)
        if not cache.add(key, 1, self.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, self.seconds)
