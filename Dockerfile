# Builds the gateway from source, then runs it on a JRE as a non-root user: `docker compose up --build`
# needs nothing but Docker. The image talks to real Bedrock unless GATEWAY_BACKEND=emulator.
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

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app gateway && mkdir -p /app/config && chown -R gateway /app
WORKDIR /app
COPY --from=build /src/target/gateway/bedrock-gateway.jar /app/bedrock-gateway.jar
COPY --from=build /src/target/gateway/lib /app/lib
# The class-data-sharing archive: a training run on this image's JVM (the gateway on a built-in emulator, the common
# requests, no network) writes the classes they need, which every start then maps instead of loading them again
# (start-up about half as long, idle memory about a third less; README, "Run the packaged gateway").
RUN java -XX:ArchiveClassesAtExit=/app/bedrock-gateway.jsa -Xlog:cds*=error -cp /app/bedrock-gateway.jar \
        dev.bedrockgateway.ClassDataTraining > /tmp/class-data-training.log 2>&1 \
    || (tail -50 /tmp/class-data-training.log; exit 1)
# The catalog travels inside the jar; a config/gateway.yml mounted at /app/config replaces it (README, "Configuration
# and reload").
USER gateway

# The jar asks for API keys kept in PostgreSQL (GATEWAY_STORE_POSTGRES_URL) and refuses to start without them unless
# GATEWAY_AUTH_MODE=none is set (README, "Access control"); docker-compose.yml gives it PostgreSQL and Redis.
EXPOSE 8080
# /actuator/health answers 503 until the start-up warm-up (gateway.warmup, 10 s) is over; the start period covers it.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/bedrock-gateway.jsa", "-jar", "/app/bedrock-gateway.jar"]
