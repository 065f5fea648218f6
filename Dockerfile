# Runs the jar that `mvn package` built; build it first (see README, "Operate").
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /app gateway && mkdir -p /app/config && chown -R gateway /app
WORKDIR /app
COPY target/bedrock-gateway-*.jar /app/bedrock-gateway.jar
# The catalog travels inside the jar; mount a config/gateway.yml here to override it.
USER gateway

EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/bedrock-gateway.jar"]
