"""Peer worker: Debian's python3-atomicwrites (atomic_write with overwrite=True).

Usage: /usr/bin/python3 atomicwrites-worker.py replace DIR SIZE COUNT WARMUP
Prints each timed operation's latency in nanoseconds, one per line; process start and setup are not timed.
"""
import os
import sys
import time

from atomicwrites import atomic_write


def main() -> int:
    mode, directory, size, count, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if mode != "replace":
        print(f"atomicwrites-worker: unsupported mode {mode}", file=sys.stderr)
        return 2

    payload = bytes(97 + i % 26 for i in range(size))
    target = os.path.join(directory, "target")
    latencies = []
    # The pause between warm-up and timing that every implementation takes (BENCH_PAUSE_MS, see docs/benchmarks.md).
    pause_ms = int(os.environ.get("BENCH_PAUSE_MS", "0"))
    for i in range(warmup + count):
        if i == warmup and pause_ms > 0:
            time.sleep(pause_ms / 1000)
        start = time.perf_counter_ns()
        with atomic_write(target, mode="wb", overwrite=True) as f:
            f.write(payload)
        end = time.perf_counter_ns()
        if i >= warmup:
            latencies.append(end - start)

    sys.stdout.write("".join(f"{latency}\n" for latency in latencies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
