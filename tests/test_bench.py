"""The regression check of ``bench/run.py --quick``, on fixed numbers (no timing here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
bench_run = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = bench_run  # dataclasses look their module up
spec.loader.exec_module(bench_run)

MEDIANS = {
    "recap": {"cold": 3.0, "nochange": 0.5, "rss_mb": 120.0},
    "hugo": {"cold": 2.0, "nochange": 2.0, "rss_mb": 240.0},
    "pelican": {"cold": 10.0, "nochange": 0.0},  # a zero reference gives no ratio
}


def test_ratios_are_recap_over_each_other_tool_and_each_scenario_over_hugos_full_build():
    assert bench_run.ratios(MEDIANS) == {
        "cold/hugo": 1.5, "nochange/hugo": 0.25, "rss_mb/hugo": 0.5, "cold/pelican": 0.3,
        "cold/hugo-cold": 1.5, "nochange/hugo-cold": 0.25,
    }


def test_the_report_shows_scenarios_only_recap_has_and_the_markdown_floor():
    medians = {"recap": {**MEDIANS["recap"], "edit": 1.0, "ci": 4.0}, "hugo": MEDIANS["hugo"]}
    lines = bench_run.report(2000, medians, bench_run.ratios(medians), None, floor=1.5).splitlines()
    assert "| recap | 3.00 s | 0.50 s | 1.00 s | – | – | 4.00 s | 120 MB |" in lines
    assert "| hugo | 2.00 s | 2.00 s | – | – | – | – | 240 MB |" in lines
    assert "| ci | – | – | 2.00 |" in lines
    assert lines[-1] == ("Markdown floor (stock Python-Markdown over the same recaps, divided by the cores): "
                         "1.50 s; recap cold / floor: 2.00")


def test_a_ratio_up_to_30_percent_worse_passes():
    assert bench_run.regressions({"cold/hugo": 1.3}, {"cold/hugo": 1.0}) == []
    assert bench_run.regressions({"cold/hugo": 0.4}, {"cold/hugo": 1.0}) == []  # better is fine


def test_a_ratio_more_than_30_percent_worse_fails_with_its_numbers():
    assert bench_run.regressions({"cold/hugo": 1.31, "edit/hugo": 0.2}, {"cold/hugo": 1.0, "edit/hugo": 0.2}) == [
        "cold/hugo: 1.310 is more than 30% worse than the baseline 1.000",
    ]


def test_a_ratio_missing_from_this_run_is_not_a_regression():
    assert bench_run.regressions({}, {"layout/pelican": 1.0}) == []


def test_the_committed_baseline_holds_ratios():
    baseline = json.loads((BENCH / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["events"] == 300
    assert set(baseline["ratios"]) >= {"cold/hugo", "nochange/hugo", "edit/hugo", "layout/hugo", "cold/pelican"}
    assert all(isinstance(value, float) and value > 0 for value in baseline["ratios"].values())


def test_the_runner_explains_its_options():
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fail if a ratio is >30% worse than" in " ".join(done.stdout.split())


def test_the_tools_take_turns_within_each_round_of_each_scenario():
    steps = bench_run.schedule(["recap", "hugo"], 2)
    assert steps[:6] == [("cold", 0, "recap"), ("cold", 0, "hugo"), ("cold", 0, "floor"),
                         ("cold", 1, "recap"), ("cold", 1, "hugo"), ("cold", 1, "floor")]
    assert steps[6:10] == [("nochange", 0, "recap"), ("nochange", 0, "hugo"),
                           ("nochange", 1, "recap"), ("nochange", 1, "hugo")]
    # Scenarios only recap-site has are run by it alone; every scenario keeps the order of SCENARIOS.
    assert [s for s in steps if s[0] in ("yaml", "ci")] == [("yaml", 0, "recap"), ("yaml", 1, "recap"),
                                                             ("ci", 0, "recap"), ("ci", 1, "recap")]
    assert [s for s, _, _ in steps] == sorted((s for s, _, _ in steps), key=bench_run.SCENARIOS.index)
    assert ("cold", 0, "floor") not in bench_run.schedule(["hugo"], 1)


def test_builds_run_with_pythons_bytecode_cache_as_in_a_users_shell(monkeypatch, tmp_path):
    """A sandbox that sets PYTHONDONTWRITEBYTECODE made every timed build compile recap-site's
    modules again, which no user's machine does; the child sees the rest of the environment."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("RECAP_BENCH_PROBE", "kept")
    probe = tmp_path / "probe.py"
    probe.write_text("import json, os, sys\n"
                     "print(json.dumps([sys.dont_write_bytecode, os.environ.get('RECAP_BENCH_PROBE')]), "
                     "file=sys.stderr)\nsys.exit(3)\n")
    try:
        bench_run.timed([sys.executable, str(probe)], tmp_path)
    except SystemExit as stop:  # the probe fails on purpose, so that its stderr is shown
        assert json.loads(str(stop).splitlines()[-1]) == [False, "kept"]
    else:
        raise AssertionError("the probe's exit status 3 was not reported")
