"""The manifest beside the indicator table (`data/build/manifest.json`): where the data come from.

The app labels every page from it (the "Données simulées" banner, the data version in the
footer), so it must never stop the app from serving: `read_manifest_or_default` turns a
missing or malformed manifest into a dict with origin "inconnue" and a `problem` message.

Fields (documented in `data/SCHEMA.md`): schema_version, data_version, built_at (ISO 8601,
UTC), origin ("simulation" or the real source's name), row_count, thresholds (the quality
rules used to assign statuses), seed (simulation only), plus any `extra` fields.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import config

SCHEMA_VERSION = 1
SIMULATION = "simulation"
UNKNOWN_ORIGIN = "inconnue"
REQUIRED = ("schema_version", "data_version", "built_at", "origin", "row_count", "thresholds")


class ManifestError(ValueError):
    """The manifest is missing or malformed; the message names the file."""


def write_manifest(path: Path | str, *, origin: str, data_version: str, row_count: int,
                   thresholds: dict, seed: int | None = None, extra: dict | None = None) -> dict:
    """Write the manifest atomically (a reader never sees half a file); return it as read back."""
    if not isinstance(origin, str) or not origin.strip():
        raise ValueError("origin doit être « simulation » ou le nom de la source réelle")
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "data_version": str(data_version),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "origin": origin,
        "row_count": int(row_count),
        "thresholds": dict(thresholds),
        "seed": seed,
    }
    clash = set(extra or {}) & set(manifest)
    if clash:
        raise ValueError(f"extra ne peut pas remplacer les champs : {', '.join(sorted(clash))}")
    manifest.update(extra or {})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as tmp:
        try:
            json.dump(manifest, tmp, ensure_ascii=False, indent=2, default=_plain)
            tmp.write("\n")
        except Exception:
            os.unlink(tmp.name)
            raise
    os.chmod(tmp.name, 0o644)  # NamedTemporaryFile is 0600: the app's workers may run as another user
    os.replace(tmp.name, path)
    return read_manifest(path)


def _plain(value: object) -> object:
    """numpy scalars (counts from pandas) as plain JSON numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"valeur non sérialisable dans le manifeste : {value!r}")


def read_manifest(path: Path | str | None = None) -> dict:
    """Read and check the manifest (default: `config.manifest_path()`); raise ManifestError naming the file."""
    path = Path(path) if path is not None else config.manifest_path()
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ManifestError(f"{path}: manifeste introuvable") from error
    except UnicodeDecodeError as error:
        raise ManifestError(f"{path}: manifeste illisible (encodage non UTF-8)") from error
    except json.JSONDecodeError as error:
        raise ManifestError(f"{path}: JSON invalide (ligne {error.lineno}, colonne {error.colno})") from error
    except OSError as error:
        raise ManifestError(f"{path}: manifeste illisible ({error.strerror})") from error
    _check(manifest, path)
    return manifest


def _check(manifest: object, path: Path) -> None:
    if not isinstance(manifest, dict):
        raise ManifestError(f"{path}: le manifeste doit être un objet JSON")
    missing = [field for field in REQUIRED if field not in manifest]
    if missing:
        raise ManifestError(f"{path}: champ(s) manquant(s) : {', '.join(missing)}")
    if not isinstance(manifest["origin"], str) or not manifest["origin"].strip():
        raise ManifestError(f"{path}: origin doit être un texte non vide")
    count = manifest["row_count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ManifestError(f"{path}: row_count doit être un entier positif ou nul")
    if not isinstance(manifest["thresholds"], dict):
        raise ManifestError(f"{path}: thresholds doit être un objet")


def read_manifest_or_default(path: Path | str | None = None) -> dict:
    """The manifest with `problem` None, or, when it cannot be read, a stand-in whose origin is
    "inconnue" and whose `problem` says why (the app shows it instead of failing)."""
    try:
        return {**read_manifest(path), "problem": None}
    except ManifestError as error:
        return {
            "schema_version": None,
            "data_version": UNKNOWN_ORIGIN,
            "built_at": None,
            "origin": UNKNOWN_ORIGIN,
            "row_count": None,
            "thresholds": config.quality_thresholds(),
            "seed": None,
            "problem": str(error),
        }


def is_simulated(manifest: dict) -> bool:
    """True when the manifest says the data are simulated. An unknown origin is not "simulated":
    callers label it separately (origin "inconnue")."""
    return str(manifest.get("origin", "")).strip().lower() == SIMULATION
