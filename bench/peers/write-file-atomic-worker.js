'use strict';
// Peer worker: npm write-file-atomic (fsync on, its default), the synchronous API.
// Usage: node write-file-atomic-worker.js replace DIR SIZE COUNT WARMUP
// Prints each timed operation's latency in nanoseconds, one per line; process start and setup are not timed.
// A negative COUNT serves -COUNT operations: "ready" after the warm-up, then one timed operation per line read
// on standard input, each answered with its latency.
const fs = require('fs');
const path = require('path');
const writeFileAtomic = require('write-file-atomic');

const [mode, dir, sizeText, countText, warmupText] = process.argv.slice(2);
if (mode !== 'replace') {
  console.error(`write-file-atomic-worker: unsupported mode ${mode}`);
  process.exit(2);
}

const size = Number(sizeText), warmup = Number(warmupText);
const serve = Number(countText) < 0, count = Math.abs(Number(countText));
const payload = Buffer.alloc(size);
for (let i = 0; i < size; i++) payload[i] = 97 + (i % 26);
const target = path.join(dir, 'target');

function timed() {
  const start = process.hrtime.bigint();
  writeFileAtomic.sync(target, payload, { fsync: true });
  return process.hrtime.bigint() - start;
}

/** Reads one line from standard input, synchronously; false at the end of the input. */
function readLine() {
  const byte = Buffer.alloc(1);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, byte, 0, 1, null);
    } catch (error) {
      if (error.code === 'EAGAIN') continue;
      if (error.code === 'EOF') return false;
      throw error;
    }
    if (n === 0) return false;
    if (byte[0] === 10) return true;
  }
}

for (let i = 0; i < warmup; i++) timed();
if (serve) {
  fs.writeSync(1, 'ready\n');
  for (let i = 0; i < count && readLine(); i++) fs.writeSync(1, `${timed()}\n`);
} else {
  const latencies = [];
  for (let i = 0; i < count; i++) latencies.push(timed());
  process.stdout.write(latencies.join('\n') + '\n');
}
