"""`python -m psn_reports --quarter 2026Q4 [--quarters 4] [--out DIR]`: the board's quarterly report.

Where the services are: `--base-url` (the ingress, or PSN_BASE_URL), or one URL per service
(`--identity-url`, `--training-url`, `--sessions-url`). Who asks: a token (`--token` or PSN_TOKEN) of a
governance, coordinator or admin account, or `--email` with the password in PSN_PASSWORD (never on
the command line, where other users of the machine could read it).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from psn_reports.assemble import assemble
from psn_reports.csv_file import write_csv
from psn_reports.fetch import SOURCES, ReportError, login
from psn_reports.pdf_file import write_pdf
from psn_shared.errors import InvalidInput
from psn_shared.quarters import Quarter


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="psn_reports", description="The board's quarterly evaluation report")
    parser.add_argument("--quarter", required=True, help="the quarter to report, e.g. 2026Q4")
    parser.add_argument("--quarters", type=int, default=4, help="quarters shown for the trend (this one included)")
    parser.add_argument("--out", type=Path, default=Path("."), help="directory for the PDF and CSV")
    parser.add_argument("--base-url", default=os.environ.get("PSN_BASE_URL", "http://127.0.0.1:8000"))
    for source in SOURCES:
        parser.add_argument(f"--{source}-url", default=None, help=f"{source}'s URL, when not behind --base-url")
    parser.add_argument("--token", default=os.environ.get("PSN_TOKEN"))
    parser.add_argument("--email", default=os.environ.get("PSN_EMAIL"))
    args = parser.parse_args(argv)
    try:
        args.quarter = Quarter.parse_begun(args.quarter, datetime.now(UTC))
    except InvalidInput as exc:
        parser.error(f"--quarter: {exc}")
    if not 1 <= args.quarters <= 12:
        parser.error("--quarters: from 1 to 12")
    return args


def make_report(quarter: Quarter, count: int, out: Path, urls: dict[str, str], token: str,
                **fetching: object) -> tuple[Path, Path]:
    """Fetch every part of the quarters and write `board-report-<quarter>.pdf` and `.csv` into `out`."""
    found, names = assemble(quarter, count, urls, token, **fetching)
    out.mkdir(parents=True, exist_ok=True)
    pdf, csv = out / f"board-report-{quarter}.pdf", out / f"board-report-{quarter}.csv"
    write_csv(csv, found, names)
    write_pdf(pdf, found, names)
    return pdf, csv


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    urls = {s: (getattr(args, f"{s}_url") or args.base_url).rstrip("/") for s in SOURCES}
    try:
        token = args.token
        if not token:
            password = os.environ.get("PSN_PASSWORD")
            if not (args.email and password):
                print("give --token (or PSN_TOKEN), or --email with PSN_PASSWORD", file=sys.stderr)
                return 2
            token = login(urls["identity"], args.email, password)
        pdf, csv = make_report(args.quarter, args.quarters, args.out, urls, token)
    except ReportError as exc:
        print(f"the report was not made: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {pdf} and {csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
