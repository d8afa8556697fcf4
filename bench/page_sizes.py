"""The largest HTML page of each section in a build of the synthetic archive.

    python bench/page_sizes.py --events 2000 --outcomes chains --limit 200

Builds bench/generate.py's archive once with this checkout and prints, per section (the first
folder after the language: ``en/outcomes``, ``de/ergebnisse``, …), how many pages it made and the
largest one's size. With ``--limit`` (in
KB), exits 1 when any page is larger, naming it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from ab import HERE, synthetic_archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--outcomes", choices=("none", "plain", "chains"), default="chains")
    parser.add_argument("--limit", type=float, help="the largest a page may be, in KB (1000 bytes)")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    args = parser.parse_args()
    corpus = synthetic_archive(args.work, args.events, args.outcomes)
    with tempfile.TemporaryDirectory(prefix="recap-sizes-") as tmp:
        out = Path(tmp) / "public"
        env = {**os.environ, "PYTHONPATH": str(HERE / "src"), "RECAP_CACHE_DIR": str(Path(tmp) / "cache")}
        subprocess.run([sys.executable, "-m", "recap_site", "build", "--source", str(corpus / "recap"),
                        "--output", str(out), "--no-search"], env=env, check=True, stdout=subprocess.DEVNULL)
        largest: dict[str, tuple[int, Path]] = {}
        pages: dict[str, int] = defaultdict(int)
        for page in out.rglob("*.html"):
            relative = page.relative_to(out)
            layout = "/".join(relative.parts[:2]) if len(relative.parts) > 2 else str(relative)
            size = page.stat().st_size
            pages[layout] += 1
            if size > largest.get(layout, (0, page))[0]:
                largest[layout] = (size, relative)
    over = []
    for layout in sorted(largest, key=lambda name: -largest[name][0]):
        size, page = largest[layout]
        print(f"{layout:20} {pages[layout]:6} pages, largest {size / 1000:7.1f} KB  /{page}")
        if args.limit is not None and size > args.limit * 1000:
            over.append(f"/{page}: {size / 1000:.1f} KB")
    if over:
        print(f"larger than {args.limit:g} KB:", *over, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
