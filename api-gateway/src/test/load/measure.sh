#!/usr/bin/env bash
# Accepted jobs/s of POST /v1/jobs at p99 <= 25 ms, against 127.0.0.1 only. Not a test: a command
# that prints its figures. Starts a broker (LoadBroker) and the packaged gateway, runs wrk at
# increasing connection counts for DURATION each, stops both. Needs: wrk, the gateway packaged
# (./mvnw -B -o -pl api-gateway package -DskipTests) and test classes compiled.
#   usage: api-gateway/src/test/load/measure.sh [DURATION=15s] [CONNECTIONS="2 4 8 16 32"]
set -euo pipefail
cd "$(dirname "$0")/../../.."   # api-gateway/
DURATION=${1:-15s}
CONNECTIONS=${2:-"2 4 8 16 32"}
KAFKA_PORT=29092
GATEWAY_PORT=28080
KEY=load-test-key-0123456789
WORK=$(mktemp -d)
GW_PID=; BROKER_PID=
trap 'kill $GW_PID $BROKER_PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

(cd .. && ./mvnw -B -o -q -pl api-gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp" >/dev/null)
java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$WORK/cp")" dev.scalingar.gateway.load.LoadBroker $KAFKA_PORT \
  > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
until grep -qs READY "$WORK/broker.log"; do sleep 0.5; kill -0 $BROKER_PID; done

HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
java -Xmx2g ${GATEWAY_JAVA_OPTS:-} -DKAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$GATEWAY_PORT \
  -Dgateway.tenants.load.api-key-sha256=$HASH \
  -Dgateway.tenants.load.rate-per-second=1000000 -Dgateway.tenants.load.burst=1000000 \
  -Dgateway.tenants.load.max-queued-jobs=100000000 \
  -Dgateway.webhooks.signing-key=load -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
GW_PID=$!
until curl -sf http://127.0.0.1:$GATEWAY_PORT/q/health/ready >/dev/null; do sleep 0.5; kill -0 $GW_PID; done

# warm-up: JIT and producer batches; not reported
LOAD_API_KEY=$KEY wrk -t2 -c8 -d10s -s src/test/load/submit.lua http://127.0.0.1:$GATEWAY_PORT >/dev/null
for c in $CONNECTIONS; do
  echo "=== connections=$c duration=$DURATION load=$(cut -d' ' -f1-3 /proc/loadavg)"
  LOAD_API_KEY=$KEY wrk -t$(( c < 2 ? 1 : 2 )) -c"$c" -d"$DURATION" --latency -s src/test/load/submit.lua \
    http://127.0.0.1:$GATEWAY_PORT | grep -E "Requests/sec|Non-2xx|50%|90%|99%|requests in|Socket errors"
done
echo "=== gateway metrics"
curl -s http://127.0.0.1:$GATEWAY_PORT/q/metrics | grep -E '^scalingar_gateway_(jobs_total|kafka_ack_seconds\{quantile)' || true
