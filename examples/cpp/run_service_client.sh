#!/bin/sh
# Runs example_service_client against a `passerelle serve` started on a free
# loopback port in a temporary folder (the example's test).
# Usage: run_service_client.sh PASSERELLE EXAMPLE_CLIENT
set -u
dir=$(mktemp -d)
"$1" serve --listen 127.0.0.1:0 --data-dir "$dir/data" 2>"$dir/log" &
pid=$!
port=""
for _ in $(seq 200); do
  port=$(grep -o '"port":[0-9]*' "$dir/log" | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.05
done
"$2" "127.0.0.1:$port"
rc=$?
kill -TERM "$pid"
wait "$pid" || rc=1
rm -rf "$dir"
exit $rc
