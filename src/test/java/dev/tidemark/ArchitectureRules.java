package dev.tidemark;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of DESIGN.md's layering, each written once for a root package: {@code dev.tidemark} for
 * the real classes, {@code dev.tidemark.archfixtures} for the deliberately wrong classes that show
 * each rule catches what it says ({@link ArchitectureTest}).
 *
 * <pre>
 * app ──► ui.* ──► chat, session, settings, history ──► provider, media, journal ──► model
 * </pre>
 *
 * @param root       the package the layers are under
 * @param sourceRoot the directory holding the root's {@code .java} files (the size and cache rules read them)
 */
record ArchitectureRules(String root, Path sourceRoot) {

    /**
     * A rule by name; {@code violators} are the fixture classes (simple names) it must report, and
     * {@code allowed} fixture classes it must not (what the rule deliberately lets through).
     */
    record Named(String name, Function<ArchitectureRules, ArchRule> rule, List<String> violators,
                 List<String> allowed) {
        Named(String name, Function<ArchitectureRules, ArchRule> rule, List<String> violators) {
            this(name, rule, violators, List.of());
        }

        ArchRule of(ArchitectureRules rules) {
            return rule.apply(rules);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final int MAX_LINES = 500;

    /**
     * The shared ui libraries: any ui package may use them, they use no other ui package. A
     * library's API is every public class, unless it is listed in {@link #LIBRARY_API}.
     */
    static final Set<String> UI_LIBRARIES = Set.of("fx", "theme", "markdown");

    /** Libraries whose other public classes are public for their tests and benchmarks only. */
    static final Map<String, Set<String>> LIBRARY_API = Map.of("markdown", Set.of("MarkdownView", "MarkdownStyles"));

    /**
     * The window's frame (menus, tool bar, status bar, notices). It drives features through their
     * view models (classes named {@code *ViewModel}), never their views.
     */
    static final String UI_SHELL = "shell";

    /**
     * Static state that may hold mutable objects only in a class named {@code …Cache}, whose Javadoc
     * says what it holds, who fills it, on which thread, and why it outlives every instance.
     */
    static final String CACHE_SUFFIX = "Cache";

    static List<Named> all() {
        return List.of(
                new Named("nothing outside ui and app touches JavaFX or ControlsFX",
                        ArchitectureRules::nothingOutsideUiAndAppTouchesJavaFx, List.of("SessionWithALabel")),
                new Named("only ui.fx calls Platform.runLater",
                        ArchitectureRules::onlyTheFxPackageCallsRunLater, List.of("CellCallingRunLater")),
                new Named("providers do not import each other",
                        ArchitectureRules::providersDoNotImportEachOther, List.of("OpenAiUsingAnthropic")),
                new Named("the journal knows nothing of the layers above it",
                        ArchitectureRules::theJournalKnowsNothingAbove, List.of("JournalNamingAStore")),
                new Named("the model depends on the JDK only",
                        ArchitectureRules::theModelDependsOnTheJdkOnly, List.of("MessageWithJackson")),
                new Named("problems (health) depend on the JDK only",
                        ArchitectureRules::problemsDependOnTheJdkOnly, List.of("ProblemNamingTheJournal")),
                new Named("the ui, chat and providers do no file I/O",
                        ArchitectureRules::theUiChatAndProvidersDoNoFileIo, List.of("CellReadingAFile")),
                new Named("lower layers (chat, session, settings, history, provider, media, journal, model) do not reach up (to mcp, ui, app, cli)",
                        ArchitectureRules::lowerLayersDoNotReachUp,
                        List.of("ChatNamingAView", "SettingsNamingAView", "HistoryNamingACommand", "MediaNamingACommand")),
                new Named("the top-level packages have no cycles",
                        ArchitectureRules::topLevelPackagesHaveNoCycles, List.of("ChatCallingTheStore", "StoreCallingChat")),
                new Named("providers know nothing of the journal, sessions, chat, settings or history",
                        ArchitectureRules::providersKnowNothingAbove, List.of("ProviderWritingTheJournal")),
                new Named("media knows nothing of providers, sessions, chat, settings, history or above",
                        ArchitectureRules::mediaKnowsNothingAbove, List.of("MediaReadingTheStore")),
                new Named("mcp knows nothing of ui, app or cli",
                        ArchitectureRules::mcpKnowsNothingAbove, List.of("McpNamingACommand")),
                new Named("only chat and app name a concrete provider",
                        ArchitectureRules::onlyChatAndAppNameAConcreteProvider,
                        List.of("DetectorNamingOpenAi")),
                new Named("ui features do not use each other's internals",
                        ArchitectureRules::uiFeaturesDoNotUseEachOthersInternals,
                        List.of("SessionsNamingAChatView", "ShellNamingASessionsView", "ChatUsingMarkdownInternals",
                                "ThemeNamingAChatView"),
                        List.of("ShellDrivingSessions", "ChatUsingMarkdownView")),
                new Named("no static mutable state or threads outside named caches",
                        ArchitectureRules::noStaticMutableStateOutsideNamedCaches,
                        List.of("StaticTooltips", "StaticTimer", "StaticCounter"),
                        List.of("TooltipCache", "ImmutableConstants")),
                new Named("a named cache says in its Javadoc what it holds",
                        ArchitectureRules::namedCachesAreDocumented, List.of("UndocumentedCache"),
                        List.of("TooltipCache")),
                new Named("no class over " + MAX_LINES + " lines",
                        ArchitectureRules::noClassOverMaxLines, List.of("Oversized")));
    }

    private String p(String layer) {
        return root + "." + layer + "..";
    }

    // ------------------------------------------------------------------ the layers

    ArchRule nothingOutsideUiAndAppTouchesJavaFx() {
        return noClasses().that().resideOutsideOfPackages(p("ui"), p("app"))
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..");
    }

    ArchRule onlyTheFxPackageCallsRunLater() {
        return noClasses().that().resideOutsideOfPackage(p("ui.fx"))
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class);
    }

    ArchRule providersDoNotImportEachOther() {
        return slices().matching(root + ".provider.(*)..").should().notDependOnEachOther();
    }

    ArchRule theJournalKnowsNothingAbove() {
        return noClasses().that().resideInAPackage(p("journal"))
                .should().dependOnClassesThat().resideInAnyPackage(p("provider"), p("session"), p("chat"),
                        p("settings"), p("history"), p("ui"), p("app"), p("cli"));
    }

    ArchRule theModelDependsOnTheJdkOnly() {
        return noClasses().that().resideInAPackage(p("model"))
                .should().dependOnClassesThat().resideOutsideOfPackages(p("model"), "java..");
    }

    /** Every layer reports problems, so the kinds of problem name nothing of any layer. */
    ArchRule problemsDependOnTheJdkOnly() {
        return noClasses().that().resideInAPackage(p("health"))
                .should().dependOnClassesThat().resideOutsideOfPackages(p("health"), "java..");
    }

    ArchRule theUiChatAndProvidersDoNoFileIo() {
        return noClasses().that().resideInAnyPackage(p("ui"), p("provider"), p("chat"))
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.FileChannel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter");
    }

    ArchRule lowerLayersDoNotReachUp() {
        return noClasses().that().resideInAnyPackage(p("chat"), p("session"), p("settings"), p("history"),
                        p("provider"), p("media"), p("journal"), p("model"))
                .should().dependOnClassesThat().resideInAnyPackage(p("ui"), p("app"), p("cli"), p("mcp"));
    }

    /** Layers of the same level ({@code chat}, {@code session}, {@code settings}, {@code history}) may use each other one way only. */
    ArchRule topLevelPackagesHaveNoCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /** Providers sit below everything that stores or orchestrates: they only turn wire bytes into events. */
    ArchRule providersKnowNothingAbove() {
        return noClasses().that().resideInAPackage(p("provider"))
                .should().dependOnClassesThat().resideInAnyPackage(p("journal"), p("session"), p("chat"),
                        p("settings"), p("history"));
    }

    /**
     * {@code media} (decoding, scaling, PDF text, their cache) is handed files and bytes by the store
     * and by chat; it may use {@code journal.AtomicFiles} and {@code model}, nothing above.
     */
    ArchRule mediaKnowsNothingAbove() {
        return noClasses().that().resideInAPackage(p("media"))
                .should().dependOnClassesThat().resideInAnyPackage(p("provider"), p("session"), p("chat"),
                        p("settings"), p("history"), p("ui"), p("app"), p("cli"));
    }

    /**
     * {@code mcp} (the MCP servers, a {@code chat.ToolHost}) sits beside chat's users: it may use
     * chat, session, settings and model, and is wired in by {@code app} and {@code cli}, which it
     * never names.
     */
    ArchRule mcpKnowsNothingAbove() {
        return noClasses().that().resideInAPackage(p("mcp"))
                .should().dependOnClassesThat().resideInAnyPackage(p("ui"), p("app"), p("cli"));
    }

    /**
     * A concrete provider ({@code provider.openai}, {@code provider.anthropic}, {@code provider.demo})
     * is chosen in one place, {@code chat.ProviderCatalog} (and {@code chat.ModelTitles}, which asks
     * for a title the same way); {@code app} wires. Everyone else speaks the SPI in {@code provider}.
     */
    ArchRule onlyChatAndAppNameAConcreteProvider() {
        return noClasses().that().resideOutsideOfPackages(root + ".provider.*..", p("chat"), p("app"))
                .should().dependOnClassesThat().resideInAPackage(root + ".provider.*..");
    }

    // ------------------------------------------------------------------ the ui features

    /**
     * The ui is cut by feature ({@code ui.chat}, {@code ui.sessions}, {@code ui.search},
     * {@code ui.settings}, and any new {@code ui.x}); {@link #UI_LIBRARIES} are shared by all; the
     * {@link #UI_SHELL} is the window's frame. A feature's internals are everything in it: features
     * never name one another (they meet in {@code app}, which composes them, or through an interface
     * the shell declares, like {@code ui.shell.ConversationCommands}). The shell names a feature's
     * view models only. Libraries name no feature and not the shell, and a library listed in
     * {@link #LIBRARY_API} is used through the classes listed there.
     */
    ArchRule uiFeaturesDoNotUseEachOthersInternals() {
        String ui = root + ".ui.";
        return classes().that().resideInAPackage(p("ui"))
                .should(new ArchCondition<>("use another ui package only through what it offers") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = feature(origin, ui);
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            String to = feature(target, ui);
                            if (from == null || to == null || to.equals(from) || allowed(from, to, target)) {
                                continue;
                            }
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                    + ": ui." + from + " may not use " + target.getSimpleName() + " of ui." + to));
                        }
                    }
                });
    }

    private static boolean allowed(String from, String to, JavaClass target) {
        if (UI_LIBRARIES.contains(to)) {
            Set<String> api = LIBRARY_API.get(to);
            return api == null || api.contains(topLevel(target).getSimpleName());
        }
        if (UI_LIBRARIES.contains(from)) {
            return false; // a library names no feature
        }
        return from.equals(UI_SHELL) && topLevel(target).getSimpleName().endsWith("ViewModel");
    }

    /** "chat" for {@code <root>.ui.chat.MessageCell}; null outside the ui. */
    private static String feature(JavaClass type, String ui) {
        String name = type.getPackageName() + ".";
        if (!name.startsWith(ui)) {
            return null;
        }
        String rest = name.substring(ui.length());
        return rest.isEmpty() ? "" : rest.substring(0, rest.indexOf('.'));
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    // ------------------------------------------------------------------ static state

    /**
     * Static state lives as long as the JVM and is shared by every window, test and stream: a static
     * field may not hold a mutable collection, a thread, an executor, a timer, an atomic, a JavaFX
     * node, window or observable, nor be a non-final reference or a non-private array, except in a
     * named cache (see {@link #CACHE_SUFFIX}). Allowed: immutable values and collections
     * ({@code List.of}, {@code Map.ofEntries}), private constant tables, and thread-safe helpers that
     * are configured once ({@code ObjectMapper}, {@code SecureRandom}, {@code Pattern},
     * {@code DateTimeFormatter}, a {@code Logger}).
     */
    ArchRule noStaticMutableStateOutsideNamedCaches() {
        return fields().that().areStatic()
                .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                .and().areDeclaredInClassesThat().haveSimpleNameNotEndingWith(CACHE_SUFFIX)
                .should(new ArchCondition<>("hold no mutable object or thread") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        String why = mutableStaticState(field);
                        if (why != null) {
                            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " " + why));
                        }
                    }
                });
    }

    /** The allowance above comes with a duty: a {@code …Cache} class opens with a Javadoc comment. */
    ArchRule namedCachesAreDocumented() {
        return classes().that().resideInAPackage(root + "..").and().areTopLevelClasses()
                .and().haveSimpleNameEndingWith(CACHE_SUFFIX)
                .should(new ArchCondition<>("have a Javadoc comment") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        String text = source(type);
                        int declaration = text.indexOf("class " + type.getSimpleName());
                        if (declaration < 0 || !text.substring(0, declaration).contains("/**")) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " holds static state without a Javadoc comment saying what, who fills it and why"));
                        }
                    }
                })
                .allowEmptyShould(true); // no cache today
    }

    private String source(JavaClass type) {
        Path file = sourceRoot.resolve(type.getPackageName().replace('.', '/'))
                .resolve(type.getSource().flatMap(source -> source.getFileName()).orElse(type.getSimpleName() + ".java"));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static final List<String> MUTABLE_TYPES = List.of("java.util.Collection", "java.util.Map",
            "java.lang.Thread", "java.util.concurrent.Executor", "java.util.Timer", "java.util.concurrent.Future",
            "javafx.scene.Node", "javafx.scene.Scene", "javafx.stage.Window", "javafx.beans.Observable");

    private static String mutableStaticState(JavaField field) {
        Set<JavaModifier> modifiers = field.getModifiers();
        if (modifiers.contains(JavaModifier.SYNTHETIC)) {
            return null; // the compiler's own ($VALUES, switch maps, assertion flags)
        }
        if (!modifiers.contains(JavaModifier.FINAL)) {
            return "is static and not final";
        }
        JavaClass type = field.getRawType();
        if (type.isArray() && !modifiers.contains(JavaModifier.PRIVATE)) {
            return "is a static array others can write";
        }
        if (type.getPackageName().equals("java.util.concurrent.atomic")) {
            return "holds an atomic";
        }
        for (String mutable : MUTABLE_TYPES) {
            if (type.isAssignableTo(mutable) && !(type.isInterface() && isCollection(mutable)
                    && !constructsMutableCollection(field.getOwner()))) {
                return "holds a " + type.getSimpleName() + " (" + mutable + ")";
            }
        }
        return null;
    }

    private static boolean isCollection(String type) {
        return type.equals("java.util.Collection") || type.equals("java.util.Map");
    }

    /**
     * A field typed as an interface ({@code Map}, {@code List}) is read by what the class's static
     * initializer builds: {@code new HashMap<>()} and the like count as mutable, {@code Map.of} not.
     * (So a class that fills a {@code HashMap} only to copy it into an immutable map is reported too:
     * build the map with {@code Map.ofEntries} or a collector instead.)
     */
    private static boolean constructsMutableCollection(JavaClass owner) {
        return owner.getStaticInitializer().map(init -> init.getConstructorCallsFromSelf().stream()
                        .map(JavaConstructorCall::getTargetOwner)
                        .anyMatch(t -> t.isAssignableTo("java.util.Collection") || t.isAssignableTo("java.util.Map")))
                .orElse(false);
    }

    // ------------------------------------------------------------------ size

    /**
     * A class's source file (top-level classes; a nested class is counted with its file) has at most
     * {@link #MAX_LINES} lines of text.
     */
    ArchRule noClassOverMaxLines() {
        return classes().that().resideInAPackage(root + "..").and().areTopLevelClasses()
                .should(new ArchCondition<>("have a source file of at most " + MAX_LINES + " lines") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        Optional<String> fileName = type.getSource().flatMap(source -> source.getFileName());
                        if (fileName.isEmpty()) {
                            return; // compiled without a SourceFile attribute: nothing to count
                        }
                        Path file = sourceRoot.resolve(type.getPackageName().replace('.', '/')).resolve(fileName.get());
                        if (!Files.isRegularFile(file)) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + ": no source at " + file));
                            return;
                        }
                        long lines = lines(file);
                        if (lines > MAX_LINES) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " has " + lines
                                    + " lines (" + sourceRoot.relativize(file) + ")"));
                        }
                    }
                });
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
