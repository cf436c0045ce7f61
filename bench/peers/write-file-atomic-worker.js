'use strict';
// Peer worker: npm write-file-atomic (fsync on, its default), the synchronous API.
// Usage: node write-file-atomic-worker.js replace DIR SIZE COUNT WARMUP
// Prints each timed operation's latency in nanoseconds, one per line; process start and setup are not timed.
const path = require('path');
const writeFileAtomic = require('write-file-atomic');

const [mode, dir, sizeText, countText, warmupText] = process.argv.slice(2);
if (mode !== 'replace') {
  console.error(`write-file-atomic-worker: unsupported mode ${mode}`);
  process.exit(2);
}

const size = Number(sizeText), count = Number(countText), warmup = Number(warmupText);
const payload = Buffer.alloc(size);
for (let i = 0; i < size; i++) payload[i] = 97 + (i % 26);
const target = path.join(dir, 'target');

const latencies = new Array(count);
// The pause between warm-up and timing that every implementation takes (BENCH_PAUSE_MS, see docs/benchmarks.md).
const pauseMs = Number(process.env.BENCH_PAUSE_MS || 0);
for (let i = 0; i < warmup + count; i++) {
  if (i === warmup && pauseMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  const start = process.hrtime.bigint();
  writeFileAtomic.sync(target, payload, { fsync: true });
  const end = process.hrtime.bigint();
  if (i >= warmup) latencies[i - warmup] = end - start;
}
process.stdout.write(latencies.join('\n') + '\n');
