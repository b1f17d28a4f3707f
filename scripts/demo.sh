#!/usr/bin/env bash
# A guided run: the gateway with the repository's yarp.json (demo secrets, in-memory store) in front of an nginx backend,
# scraped by a real Prometheus with the shipped deploy/prometheus files. For each seed provider it sends a callback signed
# by src/Gateway.Signer, the same callback again, and a forged one, and says what happened to each, from what the sender
# was answered and what the backend received. It ends with the dashboard's key numbers, queried from Prometheus.
# Everything listens on 127.0.0.1 only. Installs nginx and prometheus if missing.
#
#   bash scripts/demo.sh            starts its own gateway and Prometheus on free ports, and removes them at the end
#   bash scripts/demo.sh --attach   sends to the gateway and Prometheus you started as README's "Operating it" says
#                                   (gateway on 5000, management on 9091, Prometheus on 9090), with nginx as the
#                                   backend on 5080 where yarp.json expects it
set -euo pipefail
cd "$(dirname "$0")/.."
attach=false; [ "${1:-}" = --attach ] && attach=true
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v prometheus >/dev/null || [ -x /usr/bin/prometheus ] || missing+=(prometheus)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if $attach; then backend=5080; gateway=5000; management=9091; prometheus=9090
else backend=$(free_port); gateway=$(free_port); management=$(free_port); prometheus=$(free_port); fi

# The backend answers 200 "OK" (what IXOPAY expects) and logs what the gateway vouches for.
cat > "$work/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/error.log;
events {}
http { client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  log_format seen '\$request_uri verified=\$http_x_callback_verified event=\$http_x_callback_event_id';
  server { listen 127.0.0.1:$backend; access_log $work/seen.log seen; location / { return 200 "OK"; } } }
NGINX
touch "$work/seen.log"
/usr/sbin/nginx -c "$work/nginx.conf" &

dotnet build src/Gateway.Signer -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
if $attach; then
  curl -sf "http://127.0.0.1:$management/readyz" >/dev/null || { echo "no ready gateway on 127.0.0.1:$management (see README, Operating it)"; exit 1; }
  curl -sf "http://127.0.0.1:$prometheus/-/ready" >/dev/null || { echo "no Prometheus on 127.0.0.1:$prometheus (see README, Operating it)"; exit 1; }
else
dotnet build src/Gateway -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --config yarp.json --urls "http://127.0.0.1:$gateway" \
  "--Gateway:ManagementUrls=http://127.0.0.1:$management" "--Gateway:ShutdownDelay=00:00:00" \
  "--ReverseProxy:Clusters:shop:Destinations:a:Address=http://127.0.0.1:$backend/" >"$work/gateway.log" 2>&1 &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$management/readyz" >/dev/null && break; sleep 0.2; done

# The shipped Prometheus files, pointed at this run's management port and scraping every second.
cp deploy/prometheus/alerts.yml "$work/"
sed -e "s/127\.0\.0\.1:9091/127.0.0.1:$management/" -e 's/scrape_interval: .*/scrape_interval: 1s/' \
  -e 's/evaluation_interval: .*/evaluation_interval: 1s/' deploy/prometheus/prometheus.yml >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus" >"$work/prometheus.log" 2>&1 &
fi

query() { curl -sfG "http://127.0.0.1:$prometheus/api/v1/query" --data-urlencode "query=$1"; }
total() { query 'sum(gateway_callbacks_total)' | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)' 2>/dev/null || echo 0; }
for _ in $(seq 40); do curl -sf "http://127.0.0.1:$prometheus/-/ready" >/dev/null && break; sleep 0.25; done
counted=$(total)

sign() { dotnet src/Gateway.Signer/bin/Release/net10.0/Gateway.Signer.dll "$@" --send 2>/dev/null || true; }
url="http://127.0.0.1:$gateway/callbacks"
delivered() { grep -c "^/callbacks/$1" "$work/seen.log" || true; }

# Sends one callback and says what became of it: the sender's answer, and whether the backend got it.
send() { # label, provider, signer arguments
  local label=$1 name=$2; shift 2
  local before after answer status title what
  before=$(delivered "$name"); answer=$(sign "$@"); sleep 0.2; after=$(delivered "$name")
  status=$(printf '%s\n' "$answer" | head -1 | awk '{print $2}')
  title=$(printf '%s\n' "$answer" | sed -n 's/.*"title":"\([^"]*\)".*/\1/p')
  if [ "$after" -gt "$before" ]; then
    what="delivered: the backend got it (${after}× in all), the sender was answered $status"
  elif [ "${status:0:1}" = 2 ]; then
    what="a duplicate: answered $status by the gateway itself, not forwarded (the backend still has it ${after}×)"
  else
    what="rejected with $status ${title:-}: not forwarded"
  fi
  printf '  %-7s %s\n' "$label" "$what"
}
try() { # name, then signer arguments with the right secret; the forged copy uses a wrong one
  local name=$1; shift
  echo "$name:"
  send first "$name" "$@"
  send again "$name" "$@"
  local forged=("$@"); forged[2]="not-the-secret-$RANDOM$RANDOM$RANDOM$RANDOM$RANDOM"
  [ "$name" = crypto2b ] && forged[2]=$(printf 'not-the-secret-%s' "$RANDOM" | base64)
  send forged "$name" "${forged[@]}"
}
try spell       spell       --secret demo-only-replace-me-spell --body scripts/demo/spell.json --url "$url/spell"
try cryptocloud cryptocloud --secret demo-only-replace-me-cryptocloud-secret-key --body scripts/demo/cryptocloud.json --url "$url/cryptocloud"
try ixopay      ixopay      --secret demo-only-replace-me-ixopay --body scripts/demo/ixopay.json --url "$url/ixopay?someId=0815"
try crypto2b    crypto2b    --secret ZGVtby1vbmx5LXJlcGxhY2UtbWUtY3J5cHRvMmI= --public-key demo-only-public-key --body scripts/demo/crypto2b.json --url "$url/crypto2b"

echo; echo "What the backend received (each event once, with the gateway's headers):"
sed 's/^/  /' "$work/seen.log"

# The dashboard's key numbers, from Prometheus, after a scrape that has seen all of the above (12 callbacks more).
for _ in $(seq 80); do
  [ "$(total)" -ge $((counted + 12)) ] && break
  sleep 0.5
done
echo; echo "From Prometheus (http://127.0.0.1:$prometheus), what the dashboard shows:"
show() { # title, PromQL
  query "$2" | python3 -c '
import json, sys
title, rows = sys.argv[1], json.load(sys.stdin)["data"]["result"]
print(f"  {title}")
for row in sorted(rows, key=lambda r: sorted(r["metric"].items())):
    labels = ", ".join(f"{k}={v}" for k, v in sorted(row["metric"].items())) or "(all)"
    value = float(row["value"][1])
    print(f"    {labels:<40} {value:g}")
' "$1"
}
show "callbacks by outcome" 'sum by (outcome) (gateway_callbacks_total) > 0'
show "rejected (not forwarded), by policy" 'sum by (policy) (gateway_callbacks_total{policy!="", outcome!~"forwarded|duplicate|in_flight"}) > 0'
show "duplicates answered without forwarding, by policy" 'sum by (policy) (gateway_callbacks_total{outcome="duplicate"}) > 0'
show "dedup store up (1 = answering)" 'min by (instance) (gateway_dedup_store_up)'
show "alerts firing" 'count(ALERTS{alertstate="firing"}) or vector(0)'
