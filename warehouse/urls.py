"""``canonical_url``: one spelling per advert address, so exact duplicates share a key."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that say how a visitor arrived, not which advert it is.
_TRACKING = frozenset({"gh_src", "gh_jid_src", "ref", "referrer", "source", "src", "lever-source",
                       "lever-origin", "trk", "trackingid", "fbclid", "gclid", "mc_cid", "mc_eid",
                       "campaign", "medium"})


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash.

    The remaining query parameters are sorted ("?b=2&a=1" and "?a=1&b=2" are one advert);
    path case is kept, because some boards' ids are case-sensitive.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    query = sorted((key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                   if key.lower() not in _TRACKING and not key.lower().startswith("utm_"))
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))
