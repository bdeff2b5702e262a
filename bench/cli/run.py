#!/usr/bin/env python3
"""CLI start-up: wall time of `hapc --help` and `hapc status` (cold JVM, warm page cache) beside
`java -version` with the same JVM flags, in one run, and whether status loads Drools classes.

    mvn -q -DskipTests package && bench/cli/run.py [--runs 20]

A one-node sandbox (no demo, in a temporary directory) answers `status`; it is stopped at the end.
Goal (issue 10): `hapc status` and `hapc --help` <= 0.3 s wall on 2 cores.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HAPC = os.path.join(ROOT, "bin", "hapc")
GOAL = 0.300


def timed(cmd, env, runs):
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[-500:]}")
    return walls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=os.path.join(tmp, "home"), TMPDIR=tmp)
        for k in ("HAPC_SOCKET", "HAPC_NODE", "HAPC_SANDBOX_DIR", "HAPC_JAVA_OPTS"):
            env.pop(k, None)
        sandbox = os.path.join(tmp, "sb")
        subprocess.run([HAPC, "--help"], env=env, stdout=subprocess.DEVNULL)  # makes the class archive once
        subprocess.run([HAPC, "sandbox", "start", "--shared", "--nodes", "1", "--no-demo", "--dir", sandbox], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            socket = os.path.join(sandbox, "sandbox-1", "hapcd.sock")
            no_cds = dict(env, HAPC_NO_CDS="1")
            rows = [
                ("java -version (same JVM flags)", [java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-version"], env),
                ("hapc --help", [HAPC, "--help"], env),
                ("hapc status", [HAPC, "--socket", socket, "status"], env),
                ("hapc status --output json", [HAPC, "--socket", socket, "status", "--output", "json"], env),
                ("  without the class archive: --help", [HAPC, "--help"], no_cds),
                ("  without the class archive: status", [HAPC, "--socket", socket, "status"], no_cds),
            ]
            print(f"{'command':38} {'median':>8} {'min':>8} {'max':>8}  goal {GOAL:.3f} s   ({args.runs} runs, {os.cpu_count()} cores)")
            for name, cmd, run_env in rows:
                w = timed(cmd, run_env, args.runs)
                verdict = "" if not name.startswith("hapc") else ("  ok" if statistics.median(w) <= GOAL else "  OVER")
                print(f"{name:38} {statistics.median(w):8.3f} {min(w):8.3f} {max(w):8.3f}{verdict}")
            verbose = subprocess.run([HAPC, "--socket", socket, "status"], env=dict(env, HAPC_JAVA_OPTS="-verbose:class"),
                                     capture_output=True, text=True).stdout
            drools = sum(1 for l in verbose.splitlines() if "org.drools" in l or "org.kie" in l)
            print(f"Drools/KIE classes loaded by hapc status: {drools}")
        finally:
            subprocess.run([HAPC, "sandbox", "stop", "--dir", sandbox], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
