"""Shared test set-up: the project root on sys.path, Debian's Chromium for browser tests."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
