#!/usr/bin/env bash
# Runs every benchmark and regenerates docs/benchmarks.md, docs/benchmarks/*.json and docs/benchmarks/runtime.svg.
#   bash bench/run.sh            the full run (about an hour on 2 busy cores: the analyzer benchmark compiles 600,000 lines 3 ways, twice)
#   bash bench/run.sh --quick    a short smoke run: fewer rounds and operations, a smaller corpus
# Environment: BENCH_WORK (default /var/tmp/durablewrites-bench) must be on a disk-backed filesystem;
# ANALYZERS, a comma-separated list of analyzer assemblies to measure (default: the .NET SDK's own NetAnalyzers,
# until the DurableWrites analyzers are built).
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
bench=bench/DurableWrites.Bench/bin/Release/net10.0/DurableWrites.Bench.dll
analyzer_bench=bench/DurableWrites.AnalyzerBench/bin/Release/net10.0/DurableWrites.AnalyzerBench.dll

echo "load before the runtime benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $quick = 1 ]; then
    dotnet "$bench" run --work "$work" --quick
else
    dotnet "$bench" run --work "$work" --rounds 25
fi

if [ -z "${ANALYZERS:-}" ]; then
    sdk_analyzers="$(dotnet --list-sdks | awk -v v="$(dotnet --version)" '$1 == v { gsub(/[\[\]]/, "", $2); print $2 "/" v }')/Sdks/Microsoft.NET.Sdk/analyzers"
    ANALYZERS="$sdk_analyzers/Microsoft.CodeAnalysis.NetAnalyzers.dll,$sdk_analyzers/Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"
fi
echo "load before the analyzer benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $quick = 1 ]; then
    dotnet "$analyzer_bench" --lines 20000 --rounds 1 --analyzers "$ANALYZERS"
else
    dotnet "$analyzer_bench" --lines 200000 --rounds 2 --analyzers "$ANALYZERS"
fi

dotnet "$bench" report
rm -rf "$work"
