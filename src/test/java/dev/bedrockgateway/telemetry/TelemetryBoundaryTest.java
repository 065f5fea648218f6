package dev.bedrockgateway.telemetry;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bedrockgateway.resilience.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Telemetry sits below everything that reports to it: it may use the canonical types and the catalog, and nothing that
 * uses it (dispatch, routing, resilience, pipeline), so the packages form no cycle through it.
 */
class TelemetryBoundaryTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bedrockgateway");

    @Test
    void telemetryDependsOnlyOnCoreAndCatalog() {
        classes().that().resideInAPackage("dev.bedrockgateway.telemetry..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("dev.bedrockgateway..")).or(resideInAnyPackage(
                        "dev.bedrockgateway.telemetry..", "dev.bedrockgateway.core..", "dev.bedrockgateway.catalog..")))
                .check(MAIN);
    }

    @Test
    void anAnsweredRequestIsTaggedWithTheOutcomeAttemptsCallOk() {
        assertThat(GatewayMetrics.OK).isEqualTo(Outcome.OK.wireName());
    }
}
