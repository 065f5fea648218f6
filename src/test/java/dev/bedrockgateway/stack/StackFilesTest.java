package dev.bedrockgateway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, config/prometheus.yml, Grafana's provisioning and the Dockerfile agree with each other and with the app. */
class StackFilesTest {

    private static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{PORT:(\\d+)}");

    @Test
    void prometheusScrapesTheGatewayServiceOnTheAppsPort() throws IOException {
        int appPort = applicationDefaultPort();
        Map<String, Object> services = map(load("docker-compose.yml").get("services"));
        Map<String, Object> prometheus = load("config/prometheus.yml");
        Map<String, Object> job = map(list(prometheus.get("scrape_configs")).get(0));
        List<Object> targets = list(map(list(job.get("static_configs")).get(0)).get("targets"));

        assertThat(appPort).isEqualTo(8080);
        assertThat(services).containsKeys("gateway", "prometheus", "grafana");
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(targets).containsExactly("gateway:" + appPort);
        assertThat(list(map(services.get("gateway")).get("ports"))).contains(appPort + ":" + appPort);
        assertThat(list(map(services.get("prometheus")).get("volumes")))
                .contains("./config/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void gatewayRunsOnTheEmulatorByDefaultAndSwitchesWithOneVariable() throws IOException {
        Map<String, Object> gateway = map(map(load("docker-compose.yml").get("services")).get("gateway"));
        Map<String, Object> environment = map(gateway.get("environment"));

        assertThat(environment.get("GATEWAY_BACKEND")).isEqualTo("${GATEWAY_BACKEND:-emulator}");
        assertThat(environment).containsKeys("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN");
    }

    @Test
    void grafanaReadsPrometheusAndTheDashboardFromTheMountedFolders() throws IOException {
        Map<String, Object> services = map(load("docker-compose.yml").get("services"));
        List<Object> grafanaVolumes = list(map(services.get("grafana")).get("volumes"));
        Map<String, Object> datasource = map(list(load("config/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).get(0));
        Map<String, Object> provider = map(list(load("config/grafana/provisioning/dashboards/bedrock-gateway.yml")
                .get("providers")).get(0));
        String prometheusPort = list(map(services.get("prometheus")).get("ports")).get(0).toString().split(":")[1];

        assertThat(datasource.get("url")).isEqualTo("http://prometheus:" + prometheusPort);
        assertThat(grafanaVolumes).contains("./config/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./config/grafana/dashboards:" + map(provider.get("options")).get("path") + ":ro");
        assertThat(Files.exists(DashboardMetricsTest.DASHBOARD)).isTrue();
    }

    @Test
    void imageExposesAndChecksTheAppsPortAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        int appPort = applicationDefaultPort();

        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre", "EXPOSE " + appPort,
                "http://localhost:" + appPort + "/actuator/health", "USER gateway");
    }

    @Test
    void imageStartsWithTheClassDataArchiveItsTrainingRunWrote() throws IOException, ClassNotFoundException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher written = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+) .*-cp (\\S+) \\\\\\s+(\\S+)").matcher(dockerfile);
        Matcher used = Pattern.compile("\"-XX:SharedArchiveFile=([^\"]+)\", \"-jar\", \"([^\"]+)\"").matcher(dockerfile);

        assertThat(written.find()).as("a training run writes the archive").isTrue();
        assertThat(used.find()).as("the entry point uses an archive").isTrue();
        assertThat(used.group(1)).isEqualTo(written.group(1));
        assertThat(used.group(2)).as("the same classpath at training and at run time").isEqualTo(written.group(2));
        assertThat(Class.forName(written.group(3))).isNotNull();
    }

    private static int applicationDefaultPort() throws IOException {
        Object port = map(load("src/main/resources/application.yml").get("server")).get("port");
        Matcher matcher = DEFAULT_PORT.matcher(port.toString());
        assertThat(matcher.matches()).as("server.port is ${PORT:<default>}").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static Map<String, Object> load(String file) throws IOException {
        return new Yaml().load(Files.readString(Path.of(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
