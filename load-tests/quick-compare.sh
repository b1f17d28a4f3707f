#!/usr/bin/env bash
# Quick side-by-side on this machine: the same gateway process, the same nginx backend, wrk on loopback;
# plain YARP route vs callback route (verify HMAC + claim + forward + mark done), alternated ROUNDS times; medians of
# throughput, latency and bytes the gateway allocated per request (from its own /metrics).
# Usage: load-tests/quick-compare.sh [--redis]   (needs wrk, nginx, python3; installs wrk/nginx if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-5}; CONNECTIONS=${CONNECTIONS:-32}; THREADS=${THREADS:-2}
for tool in wrk nginx; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $tool >/dev/null; }
done
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; sleep 0.5; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
backend_port=$(free_port); gateway_port=$(free_port)

mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $work/nginx/pid; error_log $work/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
       uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx; keepalive_requests 1000000;
       server { listen 127.0.0.1:$backend_port; location / { return 200 "ok"; } } }
NGINX
/usr/sbin/nginx -c "$work/nginx/nginx.conf" &

redis_args=()
if [ "${1:-}" = "--redis" ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  redis_args=("--ConnectionStrings:Redis=127.0.0.1:$redis_port")
fi

cat > "$work/gateway.json" <<JSON
{ "Logging": { "LogLevel": { "Default": "Warning" } },
  "ReverseProxy": {
    "Routes": {
      "hooks": { "ClusterId": "b", "Match": { "Path": "/hooks", "Methods": [ "POST" ] }, "Metadata": { "CallbackPolicy": "hooks" } },
      "plain": { "ClusterId": "b", "Match": { "Path": "{**catch-all}" } } },
    "Clusters": { "b": { "Destinations": { "a": { "Address": "http://127.0.0.1:$backend_port/" } } } } },
  "CallbackPolicies": { "hooks": { "Scheme": "Hmac", "Secrets": [ "bench-secret" ], "Header": "X-Signature", "Prefix": "sha256=",
    "TimestampHeader": "X-Timestamp", "Tolerance": "00:10:00", "Dedup": { "Identity": [ "/id" ] } } },
  "Gateway": { "SigningKey": "bench-gateway-key" } }
JSON
dotnet build src/Gateway -c Release -nologo -v q >/dev/null
dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --config "$work/gateway.json" --urls "http://127.0.0.1:$gateway_port" "${redis_args[@]}" >"$work/gateway.log" 2>&1 &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$gateway_port/healthz" >/dev/null && break; sleep 0.2; done

# Unique signed callbacks: generous for ROUNDS x DURATION seconds at up to 40k req/s.
python3 - "$work/callbacks.txt" $(((ROUNDS + 1) * DURATION * 40000)) <<'PY'
import hmac, hashlib, sys, time, uuid
path, n = sys.argv[1], int(sys.argv[2])
ts = str(int(time.time()))
with open(path, "w") as f:
    for i in range(n):
        body = '{"id":"evt_%d_%s","type":"invoice.paid","amount":1.10,"currency":"EUR"}' % (i, uuid.uuid4().hex[:8])
        sig = hmac.new(b"bench-secret", (ts + "." + body).encode(), hashlib.sha256).hexdigest()
        f.write("%s %s %s\n" % (ts, sig, body))
PY

allocated() { curl -s "http://127.0.0.1:$gateway_port/metrics" | awk '/^system_runtime_dotnet_gc_heap_total_allocated/ { print $2 }'; }
run() { # $1 = plain|callback; prints "rps p50_ms p99_ms bytes_allocated_per_request"
  local out before after
  before=$(allocated)
  if [ "$1" = plain ]; then
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$gateway_port/orders/42")
  else
    out=$(CALLBACKS_FILE="$work/callbacks.$round" WRK_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s load-tests/callbacks.lua "http://127.0.0.1:$gateway_port")
  fi
  after=$(allocated)
  echo "$out" | grep -q "Non-2xx" && { echo "non-2xx answers in $1 run:" >&2; echo "$out" >&2; exit 1; }
  local rps p50 p99 requests
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }'); p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.0f", (b - a) / n }')"
}
to_ms() { echo "$1" | awk '/us$/ { sub("us",""); print $1/1000; next } /ms$/ { sub("ms",""); print $1; next } /s$/ { sub("s",""); print $1*1000 }'; }

lines=$(wc -l < "$work/callbacks.txt"); per=$((lines / (ROUNDS + 1)))
split -l "$per" -d -a 1 "$work/callbacks.txt" "$work/callbacks."
round=0; run plain >/dev/null; run callback >/dev/null # warm-up of both paths (tiered JIT, pools, connections)
: > "$work/results"
for round in $(seq 1 "$ROUNDS"); do
  echo "plain $(run plain)" >> "$work/results"
  echo "callback $(run callback)" >> "$work/results"
done
dups=$(curl -s "http://127.0.0.1:$gateway_port/metrics" | awk '/^gateway_callbacks_total/ && /outcome="duplicate"/ { s += $2 } END { print s + 0 }')
fwd=$(curl -s "http://127.0.0.1:$gateway_port/metrics" | awk '/^gateway_callbacks_total/ && /outcome="forwarded"/ { s += $2 } END { print s + 0 }')
[ "$dups" = 0 ] || { echo "the callback runs sent $dups duplicates: raise the number of pre-signed callbacks" >&2; exit 1; }

echo "store: ${1:-in-memory}; $ROUNDS rounds x ${DURATION}s after a warm-up, $CONNECTIONS connections, $THREADS wrk threads; $fwd callbacks forwarded (warm-up included), 0 duplicates"
cat "$work/results"
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = lambda kind, col: statistics.median(float(r[col]) for r in rows if r[0] == kind)
p, c = [med("plain", i) for i in (1, 2, 3, 4)], [med("callback", i) for i in (1, 2, 3, 4)]
print(f"median plain    : {p[0]:9.0f} req/s  p50 {p[1]:.2f} ms  p99 {p[2]:.2f} ms  {p[3]:6.0f} B allocated/request")
print(f"median callback : {c[0]:9.0f} req/s  p50 {c[1]:.2f} ms  p99 {c[2]:.2f} ms  {c[3]:6.0f} B allocated/request")
print(f"callback / plain: throughput x{c[0]/p[0]:.2f}, p50 x{c[1]/p[1]:.2f}, p99 x{c[2]/p[2]:.2f}, allocations x{c[3]/p[3]:.2f}")
PY
