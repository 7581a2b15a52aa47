package dev.tidemark.ui.theme;

import java.util.Optional;

/**
 * Asks the operating system whether the user prefers a light or a dark look. JavaFX 21 has no API
 * for it (Platform.getPreferences arrives in 22), so implementations ask the OS itself; they may take
 * a moment, so call them off the FX thread.
 */
@FunctionalInterface
public interface ColorSchemeProbe {

    /** A probe that never knows; the window then follows "light". */
    ColorSchemeProbe UNKNOWN = Optional::empty;

    /** The system's preference, or empty when it cannot be told. */
    Optional<ColorScheme> detect();
}
