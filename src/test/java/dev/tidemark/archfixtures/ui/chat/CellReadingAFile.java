package dev.tidemark.archfixtures.ui.chat;

/** Breaks "the ui does no file I/O". */
public final class CellReadingAFile {
    boolean there() {
        return java.nio.file.Files.exists(java.nio.file.Path.of("session.json"));
    }
}
