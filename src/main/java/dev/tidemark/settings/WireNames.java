package dev.tidemark.settings;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Finds the constant of a settings enum by the name settings.json (and the command line) spell it. */
final class WireNames {

    private WireNames() {
    }

    /** The constant whose wire name is {@code name} (case and surrounding blanks ignored), or empty. */
    static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> wireName, String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (wireName.apply(value).equals(wanted)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
