#!/usr/bin/env bash
# A guided run of the gateway with the repository's yarp.json (demo secrets, in-memory store) in front of an nginx
# backend: for each seed provider, a callback signed by src/Gateway.Signer, the same callback again, and a forged one.
# Everything listens on 127.0.0.1 only. Installs nginx if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; sleep 0.3; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
backend=$(free_port); gateway=$(free_port); management=$(free_port)

# The backend answers 200 "OK" (what IXOPAY expects) and logs what the gateway vouches for.
cat > "$work/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/error.log;
events {}
http { client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  log_format seen '\$request_uri verified=\$http_x_callback_verified event=\$http_x_callback_event_id';
  server { listen 127.0.0.1:$backend; access_log $work/seen.log seen; location / { return 200 "OK"; } } }
NGINX
/usr/sbin/nginx -c "$work/nginx.conf" &

dotnet build Gateway.sln -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --config yarp.json --urls "http://127.0.0.1:$gateway" \
  "--Gateway:ManagementUrls=http://127.0.0.1:$management" \
  "--ReverseProxy:Clusters:shop:Destinations:a:Address=http://127.0.0.1:$backend/" >"$work/gateway.log" 2>&1 &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$management/readyz" >/dev/null && break; sleep 0.2; done

sign() { dotnet src/Gateway.Signer/bin/Release/net10.0/Gateway.Signer.dll "$@" --send 2>/dev/null | head -1 || true; }
url="http://127.0.0.1:$gateway/callbacks"
try() { # name, then signer arguments with the right secret; a forged copy uses a wrong one
  local name=$1; shift
  printf '%-12s first: %-18s again: %-18s' "$name" "$(sign "$@")" "$(sign "$@")"
  local forged=("$@"); forged[2]="not-the-secret-$RANDOM$RANDOM$RANDOM$RANDOM$RANDOM"
  [ "$name" = crypto2b ] && forged[2]=$(printf 'not-the-secret-%s' "$RANDOM" | base64)
  printf 'forged: %s\n' "$(sign "${forged[@]}")"
}
try spell       spell       --secret demo-only-replace-me-spell --body scripts/demo/spell.json --url "$url/spell"
try cryptocloud cryptocloud --secret demo-only-replace-me-cryptocloud-secret-key --body scripts/demo/cryptocloud.json --url "$url/cryptocloud"
try ixopay      ixopay      --secret demo-only-replace-me-ixopay --body scripts/demo/ixopay.json --url "$url/ixopay?someId=0815"
try crypto2b    crypto2b    --secret ZGVtby1vbmx5LXJlcGxhY2UtbWUtY3J5cHRvMmI= --public-key demo-only-public-key --body scripts/demo/crypto2b.json --url "$url/crypto2b"

echo; echo "What the backend received (each event once, with the gateway's headers):"
sed 's/^/  /' "$work/seen.log"
echo; echo "gateway_callbacks_total:"
curl -s "http://127.0.0.1:$management/metrics" | grep '^gateway_callbacks_total' | sed 's/^/  /'
