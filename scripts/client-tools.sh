#!/usr/bin/env bash
# What the client examples in docs/clients need, for their end-to-end tests (scripts/test runs this): Debian's gRPC and
# RabbitMQ libraries for Python, Node.js with npm, curl and jq, each installed only when missing; then the JavaScript
# example's packages, exactly as package-lock.json pins them, whenever that lock changed since the last `npm ci`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
missing=()
for package in python3-grpcio python3-grpc-tools python3-pika curl jq; do
  installed "$package" || missing+=("$package")
done
# Node may come from elsewhere (NodeSource bundles npm): only when a command is absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} ..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
    || { echo "installing ${missing[*]} failed" >&2; exit 1; }
fi

js="$root/docs/clients/javascript"
if [ ! -f "$js/node_modules/.package-lock.json" ] || [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
fi
