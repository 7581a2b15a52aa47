package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.lucene.util.Version;

import dev.tidemark.journal.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The index's folder, {@code <data dir>/index/}: Lucene's files, and a marker file saying which
 * version of Tidemark's layout and of Lucene wrote them. An index without a matching marker is
 * built afresh.
 */
final class IndexFolder {

    /**
     * Bump when what is indexed, or how, changes: the index is then rebuilt. 2: every version of
     * the conversation tree, with the message's id indexed and its version stored.
     */
    static final int VERSION = 2;
    static final String MARKER = "tidemark-index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    IndexFolder(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** Whether the marker says the files are of this version and this Lucene. */
    boolean markerMatches() {
        try {
            JsonNode marker = JSON.readTree(Files.readAllBytes(dir.resolve(MARKER)));
            return marker.path("version").asInt(-1) == VERSION
                    && Version.LATEST.toString().equals(marker.path("lucene").asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    void writeMarker() throws IOException {
        String marker = "{\"format\":\"tidemark-search-index\",\"version\":" + VERSION + ",\"lucene\":\""
                + Version.LATEST + "\"}\n";
        AtomicFiles.replace(dir.resolve(MARKER), marker.getBytes(StandardCharsets.UTF_8)); // rw-------
    }

    /** Removes the marker, so that the next start builds the index afresh. */
    void removeMarker() {
        try {
            Files.deleteIfExists(dir.resolve(MARKER));
        } catch (IOException ignored) {
            // then the next start finds the damage by itself
        }
    }

    /** Removes the index's files (only files directly in the folder). */
    void wipe() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
