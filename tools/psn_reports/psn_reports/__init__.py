"""The board's quarterly evaluation report: `python -m psn_reports --quarter 2026Q4`.

Each service serves its own part of a quarter, aggregates only, small counts already suppressed
(`GET /api/v1/reports/board/<service>?quarter=`); this asks each for the quarter and the ones before
it, and writes one PDF (tables, the trend, charts) and one CSV of every figure.
"""
