#!/usr/bin/env bash
# Runs every test project. As root on Debian/Ubuntu it first installs the system tools the syscall-order and
# crash tests use; elsewhere those tests skip (unless DURABLE_REQUIRE_SYSTEM_TESTS=1, which turns a skip into a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

install_system_tools() {
    local missing=()
    command -v strace >/dev/null || missing+=(strace)
    command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
    command -v mkfs.xfs >/dev/null || missing+=(xfsprogs)
    command -v mkfs.btrfs >/dev/null || missing+=(btrfs-progs)
    command -v fiu-run >/dev/null || missing+=(fiu-utils)
    command -v gcc >/dev/null || missing+=(gcc)
    command -v losetup >/dev/null || missing+=(mount)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    install_system_tools
fi

# The crash tests write their table of results here; print it at the end, where a CI log shows it.
results=artifacts/durability/durability.md
rm -f "$results"
status=0
dotnet test Analyzers.sln -c Release --logger "console;verbosity=normal" "$@" || status=$?
if [ -f "$results" ]; then
    echo
    echo "Crash test results ($results):"
    cat "$results"
fi
exit $status
