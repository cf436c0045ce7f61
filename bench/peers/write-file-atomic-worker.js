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
for (let i = 0; i < warmup + count; i++) {
  const start = process.hrtime.bigint();
  writeFileAtomic.sync(target, payload, { fsync: true });
  const end = process.hrtime.bigint();
  if (i >= warmup) latencies[i - warmup] = end - start;
}
process.stdout.write(latencies.join('\n') + '\n');
