#!/usr/bin/env bash
# Writes JDK 25's ahead-of-time cache for the packaged layout (target/gateway/bedrock-gateway.aot): a training run
# (dev.bedrockgateway.ClassDataTraining, the gateway's start-up warm-up against a Bedrock emulator, model calls
# included, for TRAINING, default 30s) under -XX:AOTCacheOutput. The cache holds the classes loaded and linked and
# the request path's method profiles (JEPs 483, 514, 515), so a gateway started with -XX:AOTCache=... skips class
# loading and its JIT starts from the training's profiles. The build stays on Java 17: the JDK 25 launcher makes
# the cache from the Java 17 bytecode, and the cache only fits that JDK 25 build and this jar.
#   bench/aot-cache.sh        (AOT_JAVA: a JDK 25+ bin/java; found under /usr/lib/jvm, /opt or /Library/Java if unset)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d)
LOAD_DRIVER=java
# shellcheck source=bench/lib.sh
. bench/lib.sh
AOT_JAVA=$(aot_java)
TRAINING=${TRAINING:-30s}
"$AOT_JAVA" -XX:AOTCacheOutput="$AOT_CACHE" -Xlog:aot*=error,cds*=error -cp "$CDS_JAR" \
  dev.bedrockgateway.ClassDataTraining "$TRAINING" > "$OUT/aot-training.log" 2>&1 \
  || { tail -30 "$OUT/aot-training.log" >&2; echo "bench: the AOT training run failed" >&2; exit 1; }
grep 'class-data training' "$OUT/aot-training.log" || true
echo "ahead-of-time cache: $AOT_CACHE ($(du -m "$AOT_CACHE" | cut -f1) MiB, $("$AOT_JAVA" -version 2>&1 | head -1))"
