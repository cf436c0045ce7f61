#!/usr/bin/env bash
# Runs every benchmark and regenerates docs/benchmarks.md, docs/benchmarks/*.json and docs/benchmarks/runtime.svg.
#   bash bench/run.sh            the full run (about 60 minutes on 2 quiet cores: every process of the runtime
#                                benchmark pauses 500 ms before timing; the analyzer benchmark compiles
#                                600,000 lines 3 ways, twice, each rule alone on 150,000 lines, 5 times, then builds
#                                the 200,000-line project 2 ways, 4 times)
#   bash bench/run.sh --quick    a short smoke run: fewer rounds and operations, a smaller corpus
# Environment: BENCH_WORK (default /var/tmp/durablewrites-bench) must be on a disk-backed filesystem;
# ANALYZERS, a comma-separated list of analyzer assemblies to measure (default: the DurableWrites analyzers,
# built here in Release).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[ "${1:-}" = "--quick" ] && quick=1
work="${BENCH_WORK:-/var/tmp/durablewrites-bench}"

# Peers and tools, when root on Debian/Ubuntu.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    missing=()
    command -v gcc >/dev/null || missing+=(gcc)
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    /usr/bin/python3 -c 'import atomicwrites' 2>/dev/null || missing+=(python3-atomicwrites)
    if [ ${#missing[@]} -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi
if command -v npm >/dev/null; then
    (cd bench/peers && npm ci --no-audit --no-fund --silent)
fi

dotnet build bench/DurableWrites.Bench -c Release -v q -nologo
dotnet build bench/DurableWrites.AnalyzerBench -c Release -v q -nologo
dotnet build src/DurableWrites.Analyzers -c Release -v q -nologo
bench=bench/DurableWrites.Bench/bin/Release/net10.0/DurableWrites.Bench.dll
analyzer_bench=bench/DurableWrites.AnalyzerBench/bin/Release/net10.0/DurableWrites.AnalyzerBench.dll

echo "load before the runtime benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $quick = 1 ]; then
    dotnet "$bench" run --work "$work" --quick
else
    dotnet "$bench" run --work "$work" --rounds 25
fi

ANALYZERS="${ANALYZERS:-src/DurableWrites.Analyzers/bin/Release/netstandard2.0/DurableWrites.Analyzers.dll}"
echo "load before the analyzer benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $quick = 1 ]; then
    dotnet "$analyzer_bench" --lines 20000 --rounds 1 --alone-lines 5000 --build-rounds 1 --build-work "$work/analyzer-build" --analyzers "$ANALYZERS"
else
    dotnet "$analyzer_bench" --lines 200000 --rounds 2 --alone-lines 50000 --alone-rounds 5 --build-rounds 3 --build-work "$work/analyzer-build" --analyzers "$ANALYZERS"
fi

dotnet "$bench" report
rm -rf "$work"
