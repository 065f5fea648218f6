package dev.bedrockgateway.telemetry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text scrape read into samples, so tests assert on what Prometheus itself would store. */
record PrometheusScrape(Map<String, Map<Map<String, String>, Double>> samples) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PrometheusScrape parse(String text) {
        Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.computeIfAbsent(sample.group(1), name -> new LinkedHashMap<>())
                    .put(labels, Double.parseDouble(sample.group(4)));
        }
        return new PrometheusScrape(samples);
    }

    Set<String> names() {
        return samples.keySet();
    }

    /** The sum of a metric's samples whose labels include all the given ones (0 when none match). */
    double sum(String name, String... labelPairs) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.getOrDefault(name, Map.of()).entrySet().stream()
                .filter(sample -> sample.getKey().entrySet().containsAll(wanted.entrySet()))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
