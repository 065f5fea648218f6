# Builds the gateway from source, then runs it on a JRE as a non-root user: `docker compose up --build`
# needs nothing but Docker. The image talks to real Bedrock unless GATEWAY_BACKEND=emulator.
# RUNTIME_JDK picks the runtime image's Java (the gateway is built for Java 17 either way): 17, or 25 and later for
# JDK 25's ahead-of-time cache (docker build --build-arg RUNTIME_JDK=25 .; README, "Performance").
ARG RUNTIME_JDK=17
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
# Dependencies first, in their own layer, so a code change does not download them again.
RUN mvn -q dependency:go-offline
COPY config config
COPY src src
# target/gateway: the jar extracted (bedrock-gateway.jar + lib/). Its class-data-sharing archive is written below
# instead, because an archive only fits the JVM that wrote it.
RUN mvn -q -DskipTests -DskipClassDataTraining=true package

FROM eclipse-temurin:${RUNTIME_JDK}-jre
RUN useradd --system --uid 10001 --home-dir /app gateway && mkdir -p /app/config && chown -R gateway /app
WORKDIR /app
COPY --from=build /src/target/gateway/bedrock-gateway.jar /app/bedrock-gateway.jar
COPY --from=build /src/target/gateway/lib /app/lib
# The class-data-sharing archive: a training run on this image's JVM (the gateway on a built-in emulator, the common
# requests, no network) writes the classes they need, which every start then maps instead of loading them again
# (start-up about half as long, idle memory about a third less; README, "Run the packaged gateway"). On JDK 25 and
# later (a JVM that knows -XX:AOTMode) the same run, 30 s long, writes the ahead-of-time cache instead: classes and
# the request path's method profiles. The option that maps either goes to /app/jvm.options, read at every start.
RUN if java -XX:AOTMode=off -version > /dev/null 2>&1; then \
      java -XX:AOTCacheOutput=/app/bedrock-gateway.aot -Xlog:aot*=error,cds*=error -cp /app/bedrock-gateway.jar \
          dev.bedrockgateway.ClassDataTraining 30s > /tmp/class-data-training.log 2>&1 \
        && echo "-XX:AOTCache=/app/bedrock-gateway.aot" > /app/jvm.options; \
    else \
      java -XX:ArchiveClassesAtExit=/app/bedrock-gateway.jsa -Xlog:cds*=error -cp /app/bedrock-gateway.jar \
          dev.bedrockgateway.ClassDataTraining > /tmp/class-data-training.log 2>&1 \
        && echo "-XX:SharedArchiveFile=/app/bedrock-gateway.jsa" > /app/jvm.options; \
    fi || (tail -50 /tmp/class-data-training.log; exit 1)
# The catalog travels inside the jar; mount a config/gateway.yml here to override it.
USER gateway

EXPOSE 8080
# /actuator/health answers 503 until the start-up warm-up (gateway.warmup, 10 s) is over; the start period covers it.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "@/app/jvm.options", "-jar", "/app/bedrock-gateway.jar"]
