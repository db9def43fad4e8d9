#!/usr/bin/env bash
# 跨省通办 demo: two OneGo platforms on one machine, configured as peers (config/federation/):
# 湖南 43 on http://localhost:8080 and 广东 44 on http://localhost:8081, each with its own database and
# simulated departments. By default each starts its own embedded PostgreSQL and Redis (data in
# ~/.onego/platform-43 and ~/.onego/platform-44); as root (embedded PostgreSQL refuses root) or to use your
# own servers give each platform its own: ONEGO_PG_URL_43, ONEGO_PG_URL_44 (two databases), and
# ONEGO_REDIS_URL_43, ONEGO_REDIS_URL_44. Run from the repository root after `mvn -q package -DskipTests`;
# Ctrl-C stops both.
set -euo pipefail
JAR=intake-server/dev/target/onego-dev.jar
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
unset ONEGO_PG_URL ONEGO_REDIS_URL
platform() { # <code> <port> <overlay>
  local pg="ONEGO_PG_URL_$1" redis="ONEGO_REDIS_URL_$1"
  env ${!pg:+ONEGO_PG_URL=${!pg}} ${!redis:+ONEGO_REDIS_URL=${!redis}} ONEGO_HTTP_PORT="$2" \
    ONEGO_DATA_DIR="$HOME/.onego/platform-$1" ONEGO_CONFIG="config/federation/$3" java -jar "$JAR"
}
platform 44 8081 guangdong-44.yaml > /tmp/onego-platform-44.log 2>&1 &
B=$!
trap 'kill $B 2>/dev/null; wait $B 2>/dev/null' EXIT
echo "广东 44 starting on :8081 (log /tmp/onego-platform-44.log); 湖南 43 on :8080 below"
platform 43 8080 hunan-43.yaml
