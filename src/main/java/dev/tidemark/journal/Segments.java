package dev.tidemark.journal;

import java.nio.file.Path;
import java.util.OptionalLong;

/** How segment files are named: {@code 00000001.jsonl}, {@code 00000002.jsonl}, … */
final class Segments {

    static final String SUFFIX = ".jsonl";
    static final String CHECKPOINT_FILE = "checkpoint.json";
    static final String QUARANTINE_DIRECTORY = "quarantine";

    private Segments() {
    }

    static Path path(Path dir, long number) {
        return dir.resolve(String.format("%08d", number) + SUFFIX);
    }

    /** The segment number of a file, or empty when the file is not a segment. */
    static OptionalLong number(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 8 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < 8; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(name.substring(0, 8)));
    }
}
