package dev.tidemark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of DESIGN.md, checked on the compiled classes. Each rule of {@link ArchitectureRules}
 * is checked twice: the real classes keep it, and the deliberately wrong classes under
 * {@code dev.tidemark.archfixtures} (a small copy of the layers, imported on their own) break it,
 * each named in the rule's report — so a rule that silently stopped matching anything would fail.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tidemark");
    private static final ArchitectureRules MAIN = new ArchitectureRules("dev.tidemark", Path.of("src/main/java"));

    private static final String FIXTURE_ROOT = "dev.tidemark.archfixtures";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);
    private static final ArchitectureRules BROKEN = new ArchitectureRules(FIXTURE_ROOT, Path.of("src/test/java"));

    static List<ArchitectureRules.Named> rules() {
        return ArchitectureRules.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theCodeKeepsTheRule(ArchitectureRules.Named rule) {
        rule.of(MAIN).check(CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theRuleCatchesItsFixture(ArchitectureRules.Named rule) {
        EvaluationResult result = rule.of(BROKEN).evaluate(FIXTURES);

        assertThat(result.hasViolation()).as(rule.name()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String violator : rule.violators()) {
            assertThat(report).as("the report of '%s'", rule.name()).contains("." + violator);
        }
        for (String allowed : rule.allowed()) {
            assertThat(report).as("the report of '%s'", rule.name()).doesNotContain("." + allowed);
        }
    }
}
