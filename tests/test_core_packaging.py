"""The installed package carries the default theme; build.py equals `recap build`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import MINIMAL, REPO, soup, write_site


def test_wheel_carries_the_theme_and_builds_a_content_only_site(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
    )
    wheel = next(wheels.glob("recap_site-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("recap_site/theme/layouts/base.html", "recap_site/theme/layouts/i18n/de.yaml",
                     "recap_site/theme/assets/css/site.css", "recap_site/cli.py"):
        assert expected in names

    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True)
    site = write_site(tmp_path / "only-content", {k: v for k, v in MINIMAL.items() if k.startswith("content/")})
    assert sorted(p.name for p in site.iterdir()) == ["content"]
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = (
        "import recap_site, sys; print(recap_site.__file__); "
        "from recap_site.cli import main; main(['build', '--source', sys.argv[1], '--output', sys.argv[2]])"
    )
    done = subprocess.run([sys.executable, "-c", script, str(site), str(tmp_path / "out")],
                          env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(target))  # the installed copy, not the repository
    page = soup(tmp_path / "out/de/index.html")
    assert page.select_one("a.skip-link").get_text() == "Zum Inhalt springen"
    assert (tmp_path / "out/assets/css/site.css").is_file()


def test_build_py_builds_the_sample_site(tmp_path: Path):
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(tmp_path / "public")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    home = soup(tmp_path / "public/de/index.html")
    cards = home.select("article.card")
    assert len(cards) == 5
    assert (tmp_path / "public/en/events/index.html").is_file()
