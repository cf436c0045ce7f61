"""Peer worker: Debian's python3-atomicwrites (atomic_write with overwrite=True).

Usage: /usr/bin/python3 atomicwrites-worker.py replace DIR SIZE COUNT WARMUP
Prints each timed operation's latency in nanoseconds, one per line; process start and setup are not timed.
A negative COUNT serves -COUNT operations: "ready" after the warm-up, then one timed operation per line read on
standard input, each answered with its latency.
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

    def timed() -> int:
        start = time.perf_counter_ns()
        with atomic_write(target, mode="wb", overwrite=True) as f:
            f.write(payload)
        return time.perf_counter_ns() - start

    for _ in range(warmup):
        timed()
    if count < 0:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        for _ in range(-count):
            if not sys.stdin.readline():
                break
            sys.stdout.write(f"{timed()}\n")
            sys.stdout.flush()
        return 0

    latencies = [timed() for _ in range(count)]
    sys.stdout.write("".join(f"{latency}\n" for latency in latencies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
