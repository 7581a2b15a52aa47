package dev.tidemark.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TestFX set-up the window tests share, around {@link WindowHarness}: before each test, the
 * primary stage (as {@link ApplicationExtension} prepares it, so an {@code FxRobot} parameter works
 * too) and a fresh data directory, with a harness on them put into every {@code WindowHarness}
 * field of the test and handed to every {@code WindowHarness} parameter; after each test, the
 * harness closed as quitting would (also one a test put into the field itself, e.g. to reopen the
 * window) and the data directory deleted. The test opens the window with {@code harness.open(...)},
 * after setting on the harness what it needs beyond the defaults (environment, journal options, the
 * FX executor, a key file, local servers, the real clipboard, a step before the window shows).
 *
 * <pre>
 * &#64;ExtendWith(WindowExtension.class)
 * class SomeWindowTest {
 *     private WindowHarness harness;
 *
 *     &#64;Test
 *     void something(FxRobot robot) throws Exception {
 *         MainWindow window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
 * </pre>
 */
public final class WindowExtension extends ApplicationExtension {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WindowExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        super.beforeEach(context);
        Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        WindowHarness harness = new WindowHarness(Files.createTempDirectory("tidemark-window-test"), stage);
        context.getStore(NAMESPACE).put(WindowHarness.class, harness);
        Object test = context.getRequiredTestInstance();
        for (Field field : harnessFields(test.getClass())) {
            field.set(test, harness);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        WindowHarness made = context.getStore(NAMESPACE).remove(WindowHarness.class, WindowHarness.class);
        Set<WindowHarness> harnesses = new LinkedHashSet<>();
        Object test = context.getRequiredTestInstance();
        for (Field field : harnessFields(test.getClass())) {
            if (field.get(test) instanceof WindowHarness h) {
                harnesses.add(h);
            }
        }
        if (made != null) {
            harnesses.add(made);
        }
        Exception failed = null;
        for (WindowHarness h : harnesses) {
            try {
                h.close();
            } catch (Exception e) {
                failed = add(failed, e);
            }
        }
        try {
            super.afterEach(context);
        } catch (Exception e) {
            failed = add(failed, e);
        }
        if (made != null) {
            try {
                deleteTree(made.dataDir);
            } catch (IOException e) {
                failed = add(failed, e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WindowHarness.class || super.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() != WindowHarness.class) {
            return super.resolveParameter(parameter, context);
        }
        WindowHarness harness = context.getStore(NAMESPACE).get(WindowHarness.class, WindowHarness.class);
        if (harness == null) {
            throw new ParameterResolutionException("a WindowHarness exists only for a test method and its"
                    + " @BeforeEach/@AfterEach methods");
        }
        return harness;
    }

    private static List<Field> harnessFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == WindowHarness.class && !Modifier.isStatic(f.getModifiers())
                        && !Modifier.isFinal(f.getModifiers())) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private static Exception add(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
