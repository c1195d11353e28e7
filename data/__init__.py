"""Indicator data: the only I/O layer for indicators, and the build pipeline (microdata -> indicators)."""
