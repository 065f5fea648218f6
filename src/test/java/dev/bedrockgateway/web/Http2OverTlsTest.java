package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.BedrockGatewayApplication;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot's {@code server.ssl.*} with {@code server.http2.enabled=true}: the gateway's port speaks HTTP/2 to a
 * caller that offers h2 by ALPN, and HTTP/1.1 to one that does not. The certificate is self-signed, made for the test
 * by the JDK's keytool. A gateway of its own, since the shared one has no certificate.
 */
class Http2OverTlsTest {

    private static final String PASSWORD = "test-only";
    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void answersHttp2AndHttp11OverTlsOnOnePort() throws Exception {
        Path keyStore = selfSignedKeyStore();
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(BedrockGatewayApplication.class).run(
                "--server.port=0", "--gateway.backend=emulator", "--gateway.bedrock.max-attempts=1",
                "--server.ssl.key-store=" + keyStore.toUri(), "--server.ssl.key-store-password=" + PASSWORD,
                "--server.ssl.key-store-type=PKCS12")) {
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            SSLContext trustingTheCertificate = trusting(keyStore);

            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
                HttpClient client = HttpClient.newBuilder().version(version).sslContext(trustingTheCertificate).build();
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                                URI.create("https://localhost:" + port + "/v1/generate"))
                        .header("Content-Type", "application/json").timeout(ANSWER_TIME_LIMIT)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());

                assertThat(answer.version()).isEqualTo(version);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers().firstValue(RequestContext.REQUEST_ID_HEADER)).isPresent();
                assertThat(answer.body()).contains("\"alias\":\"llama3-8b\"");
            }
        }
    }

    /** A PKCS#12 key store with a self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool. */
    private Path selfSignedKeyStore() throws Exception {
        Path keyStore = directory.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        return keyStore;
    }

    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
