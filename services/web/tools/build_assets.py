"""Copy the NHS.UK design system's built CSS, JS and images from node_modules into the static folder.

Run by `make install` after `npm ci`, so a fresh clone serves them; the copy is not committed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parents[1]
DIST = WEB / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = WEB / "src" / "web" / "static" / "nhsuk"


def main() -> None:
    if not DIST.is_dir():
        sys.exit(f"{DIST} is missing: run `npm ci` in {WEB} first")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for name in ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js"):
        shutil.copy2(DIST / name, TARGET / name)
    shutil.copytree(DIST / "assets", TARGET / "assets")
    print(f"copied nhsuk-frontend into {TARGET.relative_to(WEB)}")


if __name__ == "__main__":
    main()
