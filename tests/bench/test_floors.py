"""The bench's floors run: the headline's bare chain, the hello server and its load generator, and memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

import api_reads
import floor
import results
import system_memory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_read_ratio_is_the_median_of_the_rounds_ratios_so_one_disturbed_round_does_not_move_it():
    # The third round's hello ran while something else loaded the machine.
    rounds = api_reads.ReadRounds(reads=[400.0, 420.0, 410.0], hellos=[1000.0, 1000.0, 500.0])
    assert rounds.ratio == 0.42
    assert (rounds.read_per_s, rounds.hello_per_s) == (410.0, 1000.0)


def test_each_request_is_observed_after_a_row_per_hop(databases, amqp_url):
    url = databases.create("floor").replace("postgresql+psycopg://", "postgresql://")
    latencies = floor.measure(url, amqp_url, count=3, web_workers=1, port=free_port(), warm_up=2)
    assert len(latencies) == 3 and all(latency > 0 for latency in latencies)
    with psycopg.connect(url) as conn:
        steps = conn.execute(f"SELECT step, count(*) FROM {floor.TABLE} GROUP BY step").fetchall()
    assert dict(steps) == {"request": 5, "hop 1": 5, "hop 2": 5, "hop 3": 5}


def test_the_hello_floor_answers_under_the_load_generator():
    port = free_port()
    server = api_reads.hello_server(port, workers=1)
    try:
        assert api_reads.requests_per_second(f"http://127.0.0.1:{port}/hello", seconds=0.5, connections=2) > 0
        url = f"http://127.0.0.1:{port}/hello"
        rounds = api_reads.in_turn(url, {}, url, rounds=2, seconds=0.3)
        assert len(rounds.reads) == len(rounds.hellos) == 2 and min(rounds.reads + rounds.hellos) > 0
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_resident_memory_counts_a_process_and_its_children():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        child_only = system_memory.rss_mb([child.pid])
        assert child_only > 1
        ours_alone = system_memory.rss_mb([os.getpid()], with_descendants=False)
        assert system_memory.rss_mb([os.getpid()]) >= ours_alone + child_only * 0.9
    finally:
        child.communicate(b"")


def test_a_run_is_kept_and_compared_ratios_first(tmp_path, capsys):
    earlier = results.Results()
    earlier.add("headline_p50_ms", 40.0)
    earlier.add("headline_ratio_p50", 2.5, 2)
    kept = earlier.save(tmp_path)
    later = results.Results()
    later.add("headline_p50_ms", 30.0)
    later.add("headline_ratio_p50", 1.9, 2)
    capsys.readouterr()
    (tmp_path / "2026-12-02T0900-0000000.txt").write_text("headline_p50_ms: 99.0\n")  # an earlier run's
    later.compare(results.latest(tmp_path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"compared with {kept.name}:"
    assert lines[1:] == ["  headline_ratio_p50: 2.5 -> 1.9", "  headline_p50_ms: 40.0 -> 30.0"]


def test_a_run_keeps_the_versions_it_ran_with_and_the_comparison_names_those_that_changed(tmp_path, capsys):
    run = results.Results()
    run.add("api_read_ratio", 0.4, 2)
    kept = run.save(tmp_path)
    assert results.read(kept) == {"api_read_ratio": 0.4}
    assert results.read_versions(kept) == results.versions()
    assert results.versions()["gunicorn"] != "absent"
    kept.write_text(kept.read_text().replace(f"# gunicorn {results.versions()['gunicorn']}", "# gunicorn 23.0.0"))
    capsys.readouterr()
    run.compare(kept)
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        f"  version of gunicorn: 23.0.0 -> {results.versions()['gunicorn']}")
