#!/usr/bin/env python3
"""test_offside_job.py - runs scripts/spark/offside_job.py in local[2] mode and
checks its merged report equals a single-machine `offside scan`.

It generates a small corpus with scripts/gen_corpus.py, cuts it into several
zstd archives at line boundaries (so conversations, and some details split
over messages, run across archives), scans them all in one `offside scan`,
runs the Spark job over the same archives, and compares:
  - report.json: equal after dropping `timings` and sorting keys;
  - clients.csv: equal line for line after sorting.
Then it checks that a corrupt archive fails the job with offside's message.

The job is started with spark-submit --files, shipping the offside binary
and the relationships file as a cluster run would.

Usage: scripts/spark/test_offside_job.py [--offside PATH] [--keep DIR]
Needs: pyspark (scripts/setup --spark), java, zstd, python3.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOB = os.path.join(ROOT, "scripts", "spark", "offside_job.py")


def sh(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def make_archives(work: str, parts: int) -> list[str]:
    corpus = os.path.join(work, "corpus.jsonl")
    sh([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), "-o", corpus, "--seed", "5", "--messages", "6000"])
    with open(corpus, encoding="utf-8") as source:
        lines = source.readlines()
    # The labelled conversation set too: its split details and refusals.
    with open(os.path.join(ROOT, "Data", "eval", "conversations.jsonl"), encoding="utf-8") as source:
        lines += source.readlines()
    archives = []
    for part in range(parts):
        chunk = lines[len(lines) * part // parts: len(lines) * (part + 1) // parts]
        plain = os.path.join(work, f"archive-{part:02d}.jsonl")
        with open(plain, "w", encoding="utf-8") as out:
            out.writelines(chunk)
        sh(["zstd", "-q", "-f", "--rm", "-3", plain])
        archives.append(plain + ".zst")
    return archives


def comparable_report(path: str) -> str:
    with open(path, encoding="utf-8") as source:
        report = json.load(source)
    report.pop("timings")
    return json.dumps(report, sort_keys=True, indent=1)


def sorted_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as source:
        return sorted(source.read().splitlines())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--offside", default=os.path.join(ROOT, ".build", "debug", "offside"))
    p.add_argument("--keep", help="keep the work files in this directory")
    args = p.parse_args()
    offside = os.path.abspath(args.offside)
    work = args.keep or tempfile.mkdtemp(prefix="offside-spark-test-")
    os.makedirs(work, exist_ok=True)
    failures = 0
    try:
        archives = make_archives(work, parts=5)
        relationships = os.path.join(ROOT, "Data", "eval", "relationships.csv")
        single = os.path.join(work, "single")
        os.makedirs(single, exist_ok=True)
        # Named as the job's users name a file shipped with --files.
        sh([offside, "scan", *archives, "--quiet", "--relationships", "relationships.csv",
            "--report", os.path.join(single, "report.json"), "--report-csv", os.path.join(single, "clients.csv")],
           cwd=os.path.dirname(relationships))

        # As on a cluster: spark-submit ships the binary and the pairs file.
        import pyspark
        spark_submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
        spark_out = os.path.join(work, "spark")
        job = [spark_submit, "--master", "local[2]", "--files", f"{offside},{relationships}", JOB,
               "--relationships", "relationships.csv", "--out", spark_out, os.path.join(work, "archive-*.jsonl.zst")]
        print("test: " + " ".join(job), file=sys.stderr)
        sh(job, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "spark.log"), "w"))

        with open(os.path.join(single, "report.json"), encoding="utf-8") as source:
            clients = len(json.load(source)["clients"])
        if clients < 50:
            print(f"FAIL: the single scan found only {clients} clients; the test corpus is too thin", file=sys.stderr)
            failures += 1
        if comparable_report(os.path.join(single, "report.json")) != comparable_report(os.path.join(spark_out, "report.json")):
            print("FAIL: report.json from Spark differs from the single scan's", file=sys.stderr)
            failures += 1
        else:
            print(f"ok: report.json equal ({clients} clients, {len(archives)} archives)", file=sys.stderr)
        if sorted_lines(os.path.join(single, "clients.csv")) != sorted_lines(os.path.join(spark_out, "clients.csv")):
            print("FAIL: clients.csv from Spark differs from the single scan's", file=sys.stderr)
            failures += 1
        else:
            print("ok: clients.csv equal after sorting", file=sys.stderr)
        if not os.path.getsize(os.path.join(spark_out, "report.html")):
            print("FAIL: report.html is empty", file=sys.stderr)
            failures += 1

        # A corrupt archive fails its task, and the job, with offside's words.
        bad = os.path.join(work, "bad")
        os.makedirs(bad, exist_ok=True)
        shutil.copy(archives[0], bad)
        with open(archives[1], "rb") as source:
            data = bytearray(source.read())
        data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64
        with open(os.path.join(bad, "archive-99.jsonl.zst"), "wb") as out:
            out.write(data)
        failed = subprocess.run([sys.executable, JOB, "--master", "local[2]", "--offside", offside,
                                 "--out", os.path.join(work, "bad-out"), os.path.join(bad, "*.zst")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if failed.returncode == 0:
            print("FAIL: a corrupt archive did not fail the job", file=sys.stderr)
            failures += 1
        elif "archive-99.jsonl.zst: corrupt zstd data at byte" not in failed.stderr:
            print("FAIL: the failed job does not carry offside's message; its stderr ends:\n"
                  + failed.stderr[-2000:], file=sys.stderr)
            failures += 1
        else:
            print("ok: a corrupt archive fails the job with the task's stderr", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
