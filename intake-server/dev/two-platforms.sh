#!/usr/bin/env bash
# 跨省通办 demo: two OneGo platforms on one machine, each with its own embedded PostgreSQL and Redis
# (data in ~/.onego/platform-43 and ~/.onego/platform-44) and simulated departments, configured as peers:
# 湖南 43 on http://localhost:8080 and 广东 44 on http://localhost:8081 (config/federation/).
# Run from the repository root after `mvn -q package -DskipTests`; Ctrl-C stops both.
set -euo pipefail
JAR=intake-server/dev/target/onego-dev.jar
[ -f "$JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
unset ONEGO_PG_URL ONEGO_REDIS_URL
ONEGO_HTTP_PORT=8081 ONEGO_DATA_DIR="$HOME/.onego/platform-44" ONEGO_CONFIG=config/federation/guangdong-44.yaml \
  java -jar "$JAR" > /tmp/onego-platform-44.log 2>&1 &
B=$!
trap 'kill $B 2>/dev/null; wait $B 2>/dev/null' EXIT
echo "广东 44 starting on :8081 (log /tmp/onego-platform-44.log); 湖南 43 on :8080 below"
ONEGO_HTTP_PORT=8080 ONEGO_DATA_DIR="$HOME/.onego/platform-43" ONEGO_CONFIG=config/federation/hunan-43.yaml java -jar "$JAR"
