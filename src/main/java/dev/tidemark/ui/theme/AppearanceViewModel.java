package dev.tidemark.ui.theme;

import dev.tidemark.settings.Appearance;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The window's look: the user's theme choice (light, dark, or follow the system), what the
 * system prefers, the scheme that results, and the text size. Every change is handed to
 * {@code persist} (which writes settings.json off the FX thread). Properties live on the FX thread.
 */
public final class AppearanceViewModel {

    private final ObjectProperty<Appearance.Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final IntegerProperty fontSize = new SimpleIntegerProperty(this, "fontSize");
    private final ReadOnlyObjectWrapper<ColorScheme> systemScheme =
            new ReadOnlyObjectWrapper<>(this, "systemScheme", ColorScheme.LIGHT);
    private final ReadOnlyBooleanWrapper systemKnown = new ReadOnlyBooleanWrapper(this, "systemKnown");
    private final ReadOnlyObjectWrapper<ColorScheme> scheme = new ReadOnlyObjectWrapper<>(this, "scheme");
    private final Consumer<Appearance> persist;
    private final ColorSchemeProbe probe;
    private final Executor background;
    private final Executor fx;
    private boolean probing; // FX thread

    /**
     * @param persist    told of every change (on the FX thread); must not block
     * @param probe      asks the OS for its light/dark preference; runs on {@code background}
     * @param background where the probe runs
     * @param fx         where its answer is applied
     */
    public AppearanceViewModel(Appearance initial, Consumer<Appearance> persist, ColorSchemeProbe probe,
                               Executor background, Executor fx) {
        this.persist = persist;
        this.probe = probe;
        this.background = background;
        this.fx = fx;
        theme.set(initial.theme());
        fontSize.set(initial.fontSize());
        scheme.bind(Bindings.createObjectBinding(() -> switch (theme.get()) {
            case LIGHT -> ColorScheme.LIGHT;
            case DARK -> ColorScheme.DARK;
            case SYSTEM -> systemScheme.get();
        }, theme, systemScheme));
        theme.addListener((obs, old, now) -> {
            if (now == null) {
                theme.set(Appearance.Theme.SYSTEM);
                return;
            }
            if (now == Appearance.Theme.SYSTEM) {
                refreshSystemScheme();
            }
            persist.accept(current());
        });
        fontSize.addListener((obs, old, now) -> {
            int clamped = Appearance.clamp(now.intValue());
            if (clamped != now.intValue()) {
                fontSize.set(clamped);
                return;
            }
            persist.accept(current());
        });
        if (initial.theme() == Appearance.Theme.SYSTEM) {
            refreshSystemScheme();
        }
    }

    /** An appearance that asks no OS and saves nowhere (tests, and windows built without settings). */
    public static AppearanceViewModel inMemory(Appearance initial) {
        return new AppearanceViewModel(initial, a -> { }, ColorSchemeProbe.UNKNOWN, Runnable::run, Runnable::run);
    }

    /**
     * Asks the system again whether it prefers dark (off the FX thread); when it cannot tell, the
     * window follows light. At most one question is in flight.
     */
    public void refreshSystemScheme() {
        if (probing) {
            return;
        }
        probing = true;
        background.execute(() -> {
            Optional<ColorScheme> answer;
            try {
                answer = probe.detect();
            } catch (RuntimeException e) {
                answer = Optional.empty(); // an OS that cannot answer is an OS that prefers nothing
            }
            Optional<ColorScheme> result = answer;
            fx.execute(() -> {
                probing = false;
                systemKnown.set(result.isPresent());
                systemScheme.set(result.orElse(ColorScheme.LIGHT));
            });
        });
    }

    public void larger() {
        fontSize.set(fontSize.get() + 1);
    }

    public void smaller() {
        fontSize.set(fontSize.get() - 1);
    }

    public void resetFontSize() {
        fontSize.set(Appearance.DEFAULT_FONT_SIZE);
    }

    public Appearance current() {
        return new Appearance(theme.get(), fontSize.get());
    }

    /** The user's choice. */
    public ObjectProperty<Appearance.Theme> themeProperty() {
        return theme;
    }

    /** The base text size in pixels, kept within {@link Appearance#MIN_FONT_SIZE}..{@link Appearance#MAX_FONT_SIZE}. */
    public IntegerProperty fontSizeProperty() {
        return fontSize;
    }

    /** The scheme on screen: the choice, or what the system prefers when following it. */
    public ReadOnlyObjectProperty<ColorScheme> schemeProperty() {
        return scheme.getReadOnlyProperty();
    }

    /** What the system prefers, as last asked (light when it could not tell). */
    public ReadOnlyObjectProperty<ColorScheme> systemSchemeProperty() {
        return systemScheme.getReadOnlyProperty();
    }

    /** False when the system was asked and could not tell (or has not answered yet). */
    public ReadOnlyBooleanProperty systemKnownProperty() {
        return systemKnown.getReadOnlyProperty();
    }
}
