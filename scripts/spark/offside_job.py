#!/usr/bin/env python3
"""offside_job.py - scan archives on a Spark cluster and merge the results.

One Spark task per archive (zstd archives are not splittable) runs
`offside scan ARCHIVE --partial P`; the partials come back to Spark as bytes
and are merged in a tree (`treeReduce`, each step one `offside merge A B
--partial OUT` on an executor, the last on the driver); the driver then writes
the reports with `offside merge`. The merged report is the one a single
`offside scan` of the same archives, in sorted order, writes.

The `offside` binary reaches the executors with `--files` (or `--offside`
naming a path every node has); it needs libzstd and Vectorscan's libhs there
(build it with `--static-swift-stdlib` so the Swift runtime travels inside).
Archives are read by path, so every executor must see them: a shared mount
(NFS, Lustre, a FUSE mount of the object store) or local mode.

  spark-submit --master yarn --files .build/release/offside,pairs.csv \\
      scripts/spark/offside_job.py --out /shared/reports/2026-11-20 \\
      --relationships pairs.csv '/shared/archives/2026-11-20/*.jsonl.zst'

A failed task fails the job, and the exception carries the task's stderr.
Python 3.9+, PySpark 3.4+ (tested with PySpark 4.0 on Java 17, local[2]).
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Scan archives with offside on Spark, one task per archive, and merge the partials "
        "into one report (identical to a single `offside scan` of the archives in sorted order).",
        epilog="Example: spark-submit --files offside scripts/spark/offside_job.py --out reports/ 'archives/*.zst'",
    )
    p.add_argument("archives", nargs="*", help="archive paths or glob patterns (quote them so the shell leaves them alone)")
    p.add_argument("--listing", help="a file with one archive path per line (# comments and blank lines ignored)")
    p.add_argument("--out", required=True, help="directory for report.json, clients.csv, report.html and merged.partial.zst")
    p.add_argument("--offside", default="offside",
                   help="the offside binary: a name shipped with --files (default 'offside'), or a path on every node")
    p.add_argument("--rules", help="rule pack YAML: a base name shipped with --files, or a path every node sees")
    p.add_argument("--relationships", help="exempt pairs CSV/JSONL: a base name shipped with --files, or a path every node sees")
    p.add_argument("--scan-threads", type=int, default=1,
                   help="offside worker threads per task (default 1: Spark runs one task per core)")
    p.add_argument("--depth", type=int, default=2, help="treeReduce depth (default 2)")
    p.add_argument("--reveal", action="store_true", help="write evidence unredacted in the reports")
    p.add_argument("--master", help="Spark master when run with python3 instead of spark-submit (e.g. local[2])")
    return p.parse_args(argv)


def expand(args) -> list[str]:
    names = list(args.archives)
    if args.listing:
        with open(args.listing, encoding="utf-8") as listing:
            names += [line.strip() for line in listing if line.strip() and not line.lstrip().startswith("#")]
    paths = []
    for name in names:
        matches = sorted(glob.glob(name)) if glob.has_magic(name) else [name]
        if not matches:
            sys.exit(f"offside_job: no archive matches {name}")
        paths += matches
    paths = sorted(set(os.path.abspath(path) for path in paths))
    if not paths:
        sys.exit("offside_job: no archives given (arguments or --listing)")
    return paths


def resolve(name: str | None) -> str | None:
    """A file shipped with --files (SparkFiles), else the name as given."""
    if name is None:
        return None
    from pyspark import SparkFiles

    try:
        shipped = SparkFiles.get(os.path.basename(name))
    except Exception:  # no SparkContext files root on this process
        shipped = None
    if shipped and os.path.exists(shipped):
        return shipped
    return name


def offside_binary(name: str) -> str:
    path = resolve(name)
    if os.path.exists(path) and not os.access(path, os.X_OK):
        os.chmod(path, 0o755)  # --files does not keep the executable bit everywhere
    return path


def run(command: list[str], what: str, cwd: str | None = None) -> None:
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed with exit status {done.returncode}: {' '.join(command)}\n"
                           f"--- offside stderr ---\n{done.stderr.strip()}")


def scan_task(settings):
    """mapPartitions body: each archive of the partition into one partial (bytes)."""

    def scan(archives):
        binary = offside_binary(settings["offside"])
        # A file shipped with --files is named as the user gave it, from the
        # folder Spark put it in: reports record the name as given, so they
        # do not depend on which executor scanned which archive.
        cwd = None
        options = []
        for flag in ("rules", "relationships"):
            name = settings[flag]
            if not name:
                continue
            shipped = resolve(name)
            if shipped != name and os.path.basename(name) == name:
                cwd = os.path.dirname(shipped)
            options += [f"--{flag}", name if shipped != name else shipped]
        for archive in archives:
            with tempfile.TemporaryDirectory(prefix="offside-scan-") as work:
                partial = os.path.join(work, "part.partial.zst")
                command = [binary, "scan", archive, "--partial", partial, "--quiet",
                           "--threads", str(settings["scan_threads"]), *options]
                run(command, f"offside scan of {archive}", cwd=cwd)
                with open(partial, "rb") as data:
                    yield data.read()

    return scan


def merge_pair(settings):
    """treeReduce body: two partials (bytes) into one."""

    def merge(left: bytes, right: bytes) -> bytes:
        binary = offside_binary(settings["offside"])
        with tempfile.TemporaryDirectory(prefix="offside-merge-") as work:
            paths = []
            for index, data in enumerate((left, right)):
                paths.append(os.path.join(work, f"in{index}.partial.zst"))
                with open(paths[-1], "wb") as out:
                    out.write(data)
            merged = os.path.join(work, "merged.partial.zst")
            run([binary, "merge", *paths, "--partial", merged, "--quiet"], "offside merge")
            with open(merged, "rb") as data:
                return data.read()

    return merge


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    archives = expand(args)
    os.makedirs(args.out, exist_ok=True)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("offside-scan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    settings = {"offside": args.offside, "rules": args.rules, "relationships": args.relationships,
                "scan_threads": args.scan_threads}
    try:
        partials = sc.parallelize(archives, numSlices=len(archives)).mapPartitions(scan_task(settings))
        merged = partials.treeReduce(merge_pair(settings), depth=args.depth)
        partial_path = os.path.join(args.out, "merged.partial.zst")
        with open(partial_path, "wb") as out:
            out.write(merged)
        os.chmod(partial_path, 0o600)
        command = [offside_binary(args.offside), "merge", partial_path, "--quiet",
                   "--report", os.path.join(args.out, "report.json"),
                   "--report-csv", os.path.join(args.out, "clients.csv"),
                   "--report-html", os.path.join(args.out, "report.html")]
        if args.reveal:
            command.append("--reveal")
        run(command, "offside merge (reports)")
    finally:
        spark.stop()
    print(f"offside_job: {len(archives)} archives scanned; reports in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
