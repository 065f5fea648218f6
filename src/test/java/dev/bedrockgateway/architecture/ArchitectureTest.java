package dev.bedrockgateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The map of the code (DESIGN.md §1–2): which package may use which, read top to bottom as a request travels.
 * A package not on the map fails the build, so a new one is placed on purpose; an import against the arrows fails
 * it too, naming the classes. The root package ({@code dev.bedrockgateway}) is the start-up wiring and may use
 * everything; it is the only one that may use the emulator.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.bedrockgateway";

    /** Each package and the packages it may use (besides itself, the JDK and libraries). */
    private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        // The edge: HTTP in and out, controllers, error rendering.
        MAY_USE.put("web", Set.of("nativeapi", "openai", "anthropic", "pipeline", "access", "usage", "routing", "dispatch",
                "resilience", "catalog", "config", "core"));
        // Wire records of each API and their mapping to the canonical records; answers are read from what the
        // pipeline served (the dispatch that answered, its catalog model).
        MAY_USE.put("nativeapi", Set.of("pipeline", "dispatch", "catalog", "core"));
        MAY_USE.put("openai", Set.of("pipeline", "dispatch", "catalog", "core"));
        MAY_USE.put("anthropic", Set.of("pipeline", "dispatch", "catalog", "core"));
        // The application service: one request through its policy chain and the dispatch.
        // Its identity step asks access who is calling; its limits step counts the caller in limits; its budget and
        // ledger steps ask usage what the caller spent. It checks a response format's schema (jsonschema) for every API.
        MAY_USE.put("pipeline", Set.of("access", "limits", "usage", "routing", "dispatch", "resilience", "telemetry",
                "catalog", "core", "jsonschema"));
        // Identity: keys, teams, their store and the admin audit; it reads its own settings (gateway.auth, .admin,
        // .store) and knows nothing of requests, routes or models beyond the names a key allows. A setting it
        // cannot start with is reported as config's InvalidConfigurationException, like every other.
        MAY_USE.put("access", Set.of("config", "core"));
        // Rate limits: counters in the shared Redis (which access opens) or in memory; knows keys only as counter
        // names, reads its own settings (gateway.limits) and names its meters from telemetry.
        MAY_USE.put("limits", Set.of("access", "telemetry", "core"));
        // Spend: the ledger, the spend counters and budgets, their meters; it charges keys and teams of access, and
        // knows nothing of requests, routes or models beyond the names a ledger row keeps.
        MAY_USE.put("usage", Set.of("access", "telemetry", "core"));
        // Start-up warm-up drives the pipeline like a caller would (with keys on, with the process's own key).
        MAY_USE.put("warmup", Set.of("pipeline", "access", "config", "core"));
        MAY_USE.put("routing", Set.of("resilience", "telemetry", "catalog", "config", "core"));
        MAY_USE.put("dispatch", Set.of("routing", "resilience", "provider", "bedrock", "telemetry", "catalog",
                "core"));
        MAY_USE.put("resilience", Set.of("telemetry", "catalog", "config", "core"));
        // Structured outputs check a strict answer against its schema (jsonschema).
        MAY_USE.put("provider", Set.of("bedrock", "catalog", "core", "jsonschema"));
        MAY_USE.put("bedrock", Set.of("config", "core"));
        // Meter names, cost, observations: used by everyone above, using only what it measures (it takes plain values
        // and records of its own, so no cycle runs through it).
        MAY_USE.put("telemetry", Set.of("catalog", "core"));
        // The catalog is compiled from settings (in routing) but does not read them.
        MAY_USE.put("catalog", Set.of("core"));
        // Binds settings: plain strings, numbers and durations, no domain type, so a config record can never become
        // part of the runtime model (the route table is compiled from it in routing).
        MAY_USE.put("config", Set.of());
        MAY_USE.put("core", Set.of());
        // JSON Schema checks (a schema is valid, an answer meets it): plain maps and strings in, messages out.
        MAY_USE.put("jsonschema", Set.of());
        // The Bedrock emulator: a product of its own that reads the catalog; only the root wiring starts it.
        MAY_USE.put("emulator", Set.of("catalog", "config", "core"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyPackageIsOnTheMap() {
        Set<String> packages = classes.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> name.startsWith(ROOT + "."))
                .map(ArchitectureTest::topLevel)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(MAY_USE.keySet()).as("packages on the map (add a new package to MAY_USE on purpose)")
                .containsAll(packages);
    }

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyWhatTheMapAllows() {
        return MAY_USE.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            String[] forbidden = MAY_USE.keySet().stream()
                    .filter(other -> !other.equals(entry.getKey()) && !entry.getValue().contains(other))
                    .map(other -> ROOT + "." + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + entry.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because("DESIGN.md §2: " + entry.getKey() + " may use only " + entry.getValue())
                    .allowEmptyShould(true)
                    .check(classes);
        }));
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheStartUpWiringUsesTheEmulator() {
        noClasses().that().resideOutsideOfPackages(ROOT, ROOT + ".emulator..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".emulator..")
                .because("the emulator is a product of its own; only the start-up wiring may start it")
                .check(classes);
    }

    @Test
    void configBindsSettingsOnly() {
        noClasses().that().resideInAPackage(ROOT + ".config..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".config..")))
                .because("config binds settings; compiling them into domain types happens in the packages that own them")
                .allowEmptyShould(true)
                .check(classes);
    }

    private static String topLevel(String packageName) {
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
