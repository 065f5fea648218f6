package dev.bedrockgateway.config;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * {@code config} binds settings to plain records and nothing more: it knows no domain type, so a config record can
 * never become part of the runtime model (the route table is compiled from it in {@code routing}), and no package
 * cycle runs through it.
 */
class ConfigBindsSettingsOnlyTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bedrockgateway");

    @Test
    void configDependsOnNoOtherGatewayPackage() {
        noClasses().that().resideInAPackage("dev.bedrockgateway.config..")
                .should().dependOnClassesThat(resideInAPackage("dev.bedrockgateway..")
                        .and(not(resideInAPackage("dev.bedrockgateway.config.."))))
                .check(MAIN);
    }

    @Test
    void theCatalogIsCompiledFromSettingsButDoesNotReadThem() {
        noClasses().that().resideInAPackage("dev.bedrockgateway.catalog..")
                .should().dependOnClassesThat(resideInAPackage("dev.bedrockgateway.config.."))
                .check(MAIN);
    }
}
