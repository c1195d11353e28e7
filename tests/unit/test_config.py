"""Settings precedence: explicit argument > environment variable > default."""
from pathlib import Path

import config


def test_default_then_environment_then_explicit(monkeypatch):
    monkeypatch.delenv("VRS_MIN_RESPONDENTS", raising=False)
    assert config.get("min_respondents") == 30
    monkeypatch.setenv("VRS_MIN_RESPONDENTS", "50")
    assert config.get("min_respondents") == 50
    assert config.get("min_respondents", 80) == 80


def test_relative_paths_resolve_from_the_project_root(monkeypatch):
    monkeypatch.setenv("VRS_INDICATORS", "elsewhere/indicators.parquet")
    assert config.get("indicators_path") == config.ROOT / "elsewhere/indicators.parquet"
    assert config.manifest_path() == config.ROOT / "elsewhere/manifest.json"
    assert config.get("indicators_path", "/abs/x.parquet") == Path("/abs/x.parquet")


def test_redis_url_switches_the_cache(monkeypatch):
    from data.cache import cache_settings

    monkeypatch.delenv("REDIS_URL", raising=False)
    assert cache_settings()["CACHE_TYPE"] == "SimpleCache"
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/0")
    assert cache_settings()["CACHE_TYPE"] == "RedisCache"
