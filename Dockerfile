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
RUN mvn -q -DskipTests package && cp target/bedrock-gateway-*.jar /src/bedrock-gateway.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app gateway && mkdir -p /app/config && chown -R gateway /app
WORKDIR /app
COPY --from=build /src/bedrock-gateway.jar /app/bedrock-gateway.jar
# The catalog travels inside the jar; mount a config/gateway.yml here to override it.
USER gateway

EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/bedrock-gateway.jar"]
