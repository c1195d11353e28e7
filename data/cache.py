"""flask-caching for query results: a simple in-process cache by default, Redis when REDIS_URL is set."""
from __future__ import annotations

from flask_caching import Cache

import config

cache = Cache()


def cache_settings() -> dict:
    redis_url = config.get("redis_url")
    if redis_url:
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                "CACHE_DEFAULT_TIMEOUT": config.get("cache_timeout")}
    return {"CACHE_TYPE": config.get("cache_type"), "CACHE_DEFAULT_TIMEOUT": config.get("cache_timeout"),
            "CACHE_THRESHOLD": 2000}


def init_cache(server) -> Cache:
    cache.init_app(server, config=cache_settings())
    return cache
