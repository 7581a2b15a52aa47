package dev.tidemark.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * How the window looks: light, dark or following the system, and the base text size in pixels.
 * Kept in {@code settings.json} as {@code "appearance": {"theme": "system", "fontSize": 13}}.
 *
 * @param theme    the user's choice
 * @param fontSize the base text size; other sizes scale with it
 */
public record Appearance(Theme theme, int fontSize) {

    public static final int DEFAULT_FONT_SIZE = 13;
    public static final int MIN_FONT_SIZE = 9;
    public static final int MAX_FONT_SIZE = 28;
    public static final Appearance DEFAULTS = new Appearance(Theme.SYSTEM, DEFAULT_FONT_SIZE);

    /** The user's choice of colours. */
    public enum Theme {
        LIGHT, DARK, SYSTEM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Theme> fromWireName(String name) {
            for (Theme t : values()) {
                if (t.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public Appearance {
        if (theme == null) {
            theme = Theme.SYSTEM;
        }
        fontSize = clamp(fontSize);
    }

    public Appearance withTheme(Theme newTheme) {
        return new Appearance(newTheme, fontSize);
    }

    public Appearance withFontSize(int newSize) {
        return new Appearance(theme, newSize);
    }

    /** A size within {@link #MIN_FONT_SIZE} and {@link #MAX_FONT_SIZE}. */
    public static int clamp(int size) {
        return Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, size));
    }
}
