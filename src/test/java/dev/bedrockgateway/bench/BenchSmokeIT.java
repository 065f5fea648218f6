package dev.bedrockgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark's smoke mode ({@code bench/run.sh --smoke}) against the packaged jar, so the benchmark cannot
 * rot: every phase must run, produce its figures and see no failed request. It judges no timing; the benchmark's
 * targets are read off its full run, not here.
 */
class BenchSmokeIT {

    private static final Path RESULTS = Path.of("target", "bench-smoke.md");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern REFERENCE_RATE = Pattern.compile("^\\| reference at (\\d+) req/s");

    @Test
    void smokeRunMeasuresEveryPhaseWithoutErrors() throws IOException, InterruptedException {
        Files.deleteIfExists(RESULTS);
        ProcessBuilder bench = new ProcessBuilder("bash", "bench/run.sh", "--smoke").redirectErrorStream(true);
        bench.environment().put("RESULTS", RESULTS.toString());
        Path output = Files.createTempFile("bench-smoke", ".log");
        Process process = bench.redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished).as("smoke run finished within 5 minutes; it printed:%n%s", printed).isTrue();
        assertThat(process.exitValue()).as("exit status; it printed:%n%s", printed).isZero();

        List<String> table = Files.readAllLines(RESULTS, StandardCharsets.UTF_8);
        // mvn verify runs on a laptop without wrk (or root to install it): the smoke run drives the load with
        // bench/load/LoadDriver.java on the JDK alone
        assertThat(String.join("\n", table)).contains("bench/load/LoadDriver.java").doesNotContain("wrk -t2");
        // direct, native (ratio), OpenAI (ratio)
        List<Double> throughput = numbers(row(table, "| most req/s ("));
        assertThat(List.of(throughput.get(0), throughput.get(1), throughput.get(3))).as("req/s")
                .allSatisfy(value -> assertThat(value).isPositive());
        List<Double> oneConnection = numbers(row(table, "| p50 / p99 at one connection"));
        assertThat(oneConnection).as("p50, p99, req/s direct, then through the gateway").hasSize(6)
                .allSatisfy(value -> assertThat(value).isPositive());
        assertThat(row(table, "| overhead at one connection")).doesNotContain("n/a");
        assertThat(row(table, "gateway_overhead_seconds")).doesNotContain("n/a");
        // the reference server (bench/reference), compiled against the packaged jar and measured at the same rate
        Matcher referenceRate = REFERENCE_RATE.matcher(row(table, "| reference at "));
        assertThat(referenceRate.find()).isTrue();
        assertThat(Integer.parseInt(referenceRate.group(1))).as("reference req/s").isPositive();
        assertThat(numbers(row(table, "| reference at "))).as("reference − direct, p50 and p99").hasSize(2);
        assertThat(numbers(row(table, "| gateway above the reference"))).as("gateway − reference, p50 and p99")
                .hasSize(2);
        // the layout with its class-data-sharing archive (the script fails when the JVM could not map it)
        assertThat(numbers(row(table, "| start-up to first answer, target/gateway")).get(0)).isPositive();
        assertThat(numbers(row(table, "| RSS idle after start-up, target/gateway")).get(0)).isPositive();
        // plain java -jar: start-up ms, idle RSS MiB
        assertThat(numbers(row(table, "| start-up to first answer / idle RSS, plain java -jar")))
                .hasSize(2).allSatisfy(value -> assertThat(value).isPositive());
        // read once the load is over: the kernel's peak RSS and the GC log's largest heap before a collection
        assertThat(numbers(row(table, "| peak RSS / peak heap used under load"))).as("peak RSS, peak heap (MiB)")
                .hasSize(2).allSatisfy(value -> assertThat(value).isPositive());
        assertThat(row(table, "| errors (socket errors and non-2xx, all phases)")).startsWith(
                "| errors (socket errors and non-2xx, all phases) | 0 |");
        // launch to ready: after the start-up warm-up, which the readiness probe waits for
        assertThat(numbers(row(table, "| start-up to ready")).get(0)).as("ms to ready").isPositive();
        String streams = row(table, "| 20 |");
        assertThat(numbers(streams).get(0)).as("completed streams").isPositive();
        assertThat(numbers(streams).get(1)).as("failed streams").isZero();
        assertThat(numbers(streams).subList(2, 4)).as("peak heap, peak RSS (MiB)")
                .allSatisfy(value -> assertThat(value).isPositive());
        // the warm-up curves (bench/warmup.sh): fresh gateways without and with the start-up warm-up; ms to ready,
        // req/s in each window, steady req/s, and the first window at 90% of the best steady rate
        for (String curve : List.of("| cds |", "| cds+warmup |")) {
            List<Double> figures = numbers(row(table, curve));
            assertThat(figures).as(curve).hasSizeGreaterThanOrEqualTo(4).allSatisfy(value -> assertThat(value)
                    .as(curve).isPositive());
        }
    }

    /** The row that starts with {@code marker}, or, for a marker that is no row's start, the row containing it. */
    private static String row(List<String> table, String marker) {
        return table.stream().filter(line -> marker.startsWith("|") ? line.startsWith(marker) : line.contains(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + marker + " in:\n" + String.join("\n", table)));
    }

    /** The numbers of a table row after its first cell. */
    private static List<Double> numbers(String row) {
        String values = row.substring(row.indexOf('|', 1));
        Matcher matcher = NUMBER.matcher(values);
        List<Double> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(Double.parseDouble(matcher.group()));
        }
        return found;
    }
}
