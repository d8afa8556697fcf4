"""The summary of ``bench/serve_latency.py``, on fixed numbers (no timing here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
spec = importlib.util.spec_from_file_location("bench_serve_latency", BENCH / "serve_latency.py")
serve_latency = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serve_latency)


def test_summary_of_latencies_against_the_300_ms_target():
    assert serve_latency.summarize([250.0, 900.0, 120.0, 300.0]) == {
        "count": 4, "median_ms": 275.0, "max_ms": 900.0, "within_target": 3, "target_ms": 300.0,
        "median_meets_target": True,
    }


def test_a_median_over_the_target_misses_it():
    summary = serve_latency.summarize([6210.0, 5440.0, 6930.0], target_ms=300.0)
    assert (summary["median_ms"], summary["max_ms"], summary["within_target"]) == (6210.0, 6930.0, 0)
    assert summary["median_meets_target"] is False
