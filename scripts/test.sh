#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what is missing (redis-server, php-cli, python3, nginx, wrk, prometheus, openssl
# through apt-get), then builds with warnings as errors and runs the whole suite. The integration tests start their own
# redis-server on a free port; the backend-snippet tests run SECURITY.md's PHP and Python snippets with php and python3;
# the load-test smoke test runs the load-test tool, which drives the gateway with wrk in front of its own nginx; the
# deploy/ tests run promtool, and a prometheus server of their own against the gateway.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then missing+=(redis-server); fi
if ! command -v php >/dev/null 2>&1 && [ ! -x /usr/bin/php ]; then missing+=(php-cli); fi
if ! command -v python3 >/dev/null 2>&1 && [ ! -x /usr/bin/python3 ]; then missing+=(python3); fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then missing+=(nginx); fi
if ! command -v wrk >/dev/null 2>&1 && [ ! -x /usr/bin/wrk ]; then missing+=(wrk); fi
if ! command -v promtool >/dev/null 2>&1 && [ ! -x /usr/bin/promtool ]; then missing+=(prometheus); fi
if ! command -v openssl >/dev/null 2>&1 && [ ! -x /usr/bin/openssl ]; then missing+=(openssl); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "${missing[*]} missing: installing with apt-get"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  echo "note: node is not installed; it is only needed to regenerate the Spell vectors, which are committed"
fi

# The service apt-get may have started is not used: the fixtures start their own servers.
dotnet build Gateway.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
dotnet test Gateway.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line over all test projects: "N passed, N failed".
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
