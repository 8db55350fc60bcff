"""The benchmark's settings: production's (PostgreSQL, Redis cache, DEBUG off, the manifest of
collected static files served by WhiteNoise), served over plain HTTP on 127.0.0.1 without the TLS
proxy, so the cookies are not marked secure and nothing redirects to https. The runner
(bench/dashboards/run.py) sets the environment production reads."""

from fht.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The benchmark's people sign in once each, before the pages they read; production's password
# hashing (hundreds of milliseconds of CPU, by design) would only slow their start. MD5 checks the
# benchmark's own passwords (build.py) and nothing else: no real password is ever here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every request comes straight from the load tool, not through a proxy.
FHT_PROXY_COUNT = 0
