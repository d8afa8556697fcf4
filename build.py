"""Build the repository's own sample site: the same as `recap build` here.

    python build.py [recap build options]
"""

import sys
from pathlib import Path

from recap_site.cli import SHELL, main

if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    main(["build", "--source", str(root), *sys.argv[1:]], prog_name="python build.py", obj=SHELL)
