"""The client's IP address, behind trusted proxies or none (KISA 자동화 공격, 관리자 페이지 노출).

One rule for every part of the package that looks at the client's address: the audit log, the
rate limits on public forms (opinions, SMS codes, review codes, budget votes), the login lock
and the admin's network allow-list. They call :func:`client_ip`; none reads ``REMOTE_ADDR`` or
``X-Forwarded-For`` itself.

A client writes whatever it likes into ``X-Forwarded-For``; each proxy *appends* the address it
received the request from. Only the entries that trusted proxies appended are true, so the
header is read from the right:

- ``EGOV_TRUSTED_PROXY_COUNT = N``: N proxies stand in front of the application (a load
  balancer and nginx: 2). The client is the address the outermost of them saw: N entries to the
  left of ``REMOTE_ADDR`` in ``X-Forwarded-For, REMOTE_ADDR``.
- ``EGOV_TRUSTED_PROXIES = ["10.99.0.0/24", ...]``: the addresses or networks of the proxies.
  Walking leftwards from ``REMOTE_ADDR``, every trusted address is skipped; the first untrusted
  one is the client. A request that did not come from a trusted proxy keeps its
  ``REMOTE_ADDR`` whatever its header says. With both settings, at most N entries are skipped.
- Neither (the default): ``REMOTE_ADDR``; the header is ignored.

The first entry is never taken just because it is first: it is the one the client wrote. When
the header is shorter than the proxies should have made it, the leftmost entry is the best
guess; when the chosen entry is not an IP address, ``REMOTE_ADDR`` is used, so a forged value
never switches the per-address limits off. IPv4 addresses written as IPv6 (``::ffff:10.0.0.1``,
as dual-stack sockets report them) come back as IPv4.

``EGOV_TRUST_X_FORWARDED_FOR = True`` (deprecated) means ``EGOV_TRUSTED_PROXY_COUNT = 1``; the
system check ``egov_core.W004`` asks to replace it.
"""

import ipaddress

from .conf import egov_settings


def _address(value):
    """``value`` as an :mod:`ipaddress` address (port or brackets removed), or ``None``."""
    value = (value or "").strip().strip('"')
    if not value:
        return None
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def trusted_networks():
    """The networks of ``EGOV_TRUSTED_PROXIES`` (a list, or a comma-separated string)."""
    configured = egov_settings.TRUSTED_PROXIES or []
    if isinstance(configured, str):
        configured = configured.split(",")
    return [ipaddress.ip_network(item.strip(), strict=False) for item in configured if item.strip()]


def proxy_count():
    """How many proxies' entries of ``X-Forwarded-For`` to believe (0: none, by count)."""
    count = int(egov_settings.TRUSTED_PROXY_COUNT or 0)
    if not count and egov_settings.TRUST_X_FORWARDED_FOR:
        count = 1  # the deprecated switch: one proxy in front
    return count


def client_ip(request):
    """The client's IP address as a string, as the outermost trusted proxy saw it.

    ``None`` without a request (commands) or without any usable address.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR"))
    count = proxy_count()
    networks = trusted_networks()
    if not count and not networks:
        return str(remote) if remote is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    chain.append(request.META.get("REMOTE_ADDR", ""))
    position = len(chain) - 1
    hops = 0
    while position > 0 and (not count or hops < count):
        if networks:
            seen = _address(chain[position])
            if seen is None or not any(seen in network for network in networks):
                break  # an untrusted hop: nothing to its left can be believed
        position -= 1
        hops += 1
    chosen = _address(chain[position])
    if chosen is None:
        chosen = remote
    return str(chosen) if chosen is not None else None
