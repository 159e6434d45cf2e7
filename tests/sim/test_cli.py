"""``kingpin simulate`` end to end through the CLI: summary, report.json, the five plots,
rules files and a side-by-side comparison."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kingpin_sim.plots import PLOTS


def _kingpin(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as its own process: it configures logging for the whole process, which must not
    leak into the test run's later tests."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=300, check=False
    )

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_small_season_writes_the_report_and_five_plots(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    printed = _kingpin("simulate", "--viewers", "200", "--days", "3", "--seed", "5", "--out", str(out))
    assert printed.returncode == 0, printed.stderr
    assert "200 viewers × 3 days, seed 5" in printed.stdout
    for figure in ("Gini", "median", "top 1 %", "faucets", "sinks", "tiers", "jail rate", "rob", "actions/s"):
        assert figure in printed.stdout, figure
    assert "conserved" in printed.stdout and ": yes" in printed.stdout
    assert "day 3/3" in printed.stderr  # the progress bar
    report = json.loads((out / "report.json").read_text())
    assert report["config"]["viewers"] == 200 and len(report["days"]) == 3
    for day in report["days"]:
        assert {"money_supply", "gini", "median_wealth", "top1_share", "flows", "tiers", "jail_rate"} <= set(day)
    for name in PLOTS:
        data = (out / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 5_000, name


def test_rules_and_compare_files_run_two_rule_sets_on_the_same_seed(tmp_path: Path) -> None:
    cheap = tmp_path / "cheap_play.toml"
    cheap.write_text("[play]\nwealth_caps = [400, 1760, 5760, 16640, 44800, 120000]\nbust_chance = 0.10\n")
    out = tmp_path / "cmp"
    done = _kingpin("simulate", "--viewers", "120", "--days", "2", "--compare", str(cheap), "--out", str(out))
    assert done.returncode == 0, done.stderr
    printed = done.stdout
    assert "today's rules:" in printed and "cheap_play:" in printed
    base = json.loads((out / "report.json").read_text())
    other = json.loads((out / "report-compare.json").read_text())
    assert base["config"]["rules_overrides"] == {}
    assert other["config"]["rules_overrides"]["play.bust_chance"] == 0.1
    assert base["config"]["seed"] == other["config"]["seed"]
    assert other["checks"]["play"]["bust"]["expected"] == 0.1
    for name in PLOTS:
        assert (out / name).read_bytes().startswith(PNG)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[play]\nbust_chanse = 0.1\n", "unknown rule play.bust_chanse"),
        ("[roulette]\nrtp = 0.9\n", "unknown rules section [roulette]"),
        ("[rob]\nbase_rate = \"high\"\n", "rob.base_rate must be a number"),
        ("[play]\nwealth_caps = [1, 2]\n", "play.wealth_caps must be a list of 6 values"),
        ("bust_chance = 0.1\n", "unknown top-level rule"),
        ("[play\n", "not valid TOML"),
        ("[content]\nplay_wealth_scale = -1\n", "content.play_wealth_scale must be a positive number"),
        ("[content]\nxp = 2\n", "unknown content scale content.xp"),
    ],
)
def test_a_bad_rules_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    done = _kingpin("simulate", "--viewers", "10", "--days", "1", "--rules", str(bad), "--out", str(tmp_path))
    assert done.returncode == 2
    err = done.stderr
    assert message in err and "bad.toml" in err
    assert not (tmp_path / "report.json").exists()


def test_content_scales_change_the_catalogue_the_engine_reads(tmp_path: Path) -> None:
    from game import load_catalogue
    from kingpin_sim.rules_file import load_rules_file, scale_catalogue

    file = tmp_path / "half.toml"
    file.write_text("[content]\nplay_wealth_scale = 0.5\nitem_price_scale = 2\n[rob]\nbase_rate = 0.5\n")
    given = load_rules_file(file)
    assert given.rules.rob.base_rate == 0.5 and given.overrides == {"rob.base_rate": 0.5}
    shipped = load_catalogue()
    scaled = scale_catalogue(shipped, given.content)
    for before, after in zip(shipped.events, scaled.events, strict=True):
        assert after.wealth_max == max(1, int(before.wealth_max * 0.5))
        assert (after.xp_min, after.xp_max, after.negative) == (before.xp_min, before.xp_max, before.negative)
    assert scaled.by_key["rusty-knife"].price == 2 * shipped.by_key["rusty-knife"].price
