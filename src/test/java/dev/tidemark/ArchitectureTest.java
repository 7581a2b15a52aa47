package dev.tidemark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of DESIGN.md, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tidemark");

    @Test
    void nothingOutsideUiAndAppTouchesJavaFxOrControlsFx() {
        noClasses().that().resideOutsideOfPackages("dev.tidemark.ui..", "dev.tidemark.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(CLASSES);
    }

    @Test
    void onlyTheFxPackageCallsRunLater() {
        noClasses().that().resideOutsideOfPackage("dev.tidemark.ui.fx..")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .check(CLASSES);
    }

    @Test
    void providersDoNotImportEachOther() {
        slices().matching("dev.tidemark.provider.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void theJournalKnowsNothingOfProvidersSessionsOrTheUi() {
        noClasses().that().resideInAPackage("dev.tidemark.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tidemark.provider..",
                        "dev.tidemark.session..", "dev.tidemark.chat..", "dev.tidemark.ui..", "dev.tidemark.app..")
                .check(CLASSES);
    }

    @Test
    void theModelDependsOnTheJdkOnly() {
        noClasses().that().resideInAPackage("dev.tidemark.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.tidemark.model..", "java..")
                .check(CLASSES);
    }

    @Test
    void theUiAndProvidersDoNoFileIo() {
        noClasses().that().resideInAnyPackage("dev.tidemark.ui..", "dev.tidemark.provider..", "dev.tidemark.chat..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.FileChannel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .check(CLASSES);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.tidemark.chat..", "dev.tidemark.session..",
                        "dev.tidemark.provider..", "dev.tidemark.journal..", "dev.tidemark.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tidemark.ui..", "dev.tidemark.app..",
                        "dev.tidemark.cli..")
                .check(CLASSES);
    }
}
