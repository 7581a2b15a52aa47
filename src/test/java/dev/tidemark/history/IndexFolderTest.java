package dev.tidemark.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IndexFolderTest {

    @TempDir
    Path dir;

    @Test
    void aMarkerThisVersionWroteMatchesAndAnotherDoesNot() throws Exception {
        IndexFolder folder = new IndexFolder(dir);
        assertThat(folder.markerMatches()).as("no marker").isFalse();

        folder.writeMarker();
        assertThat(folder.markerMatches()).isTrue();

        Files.writeString(dir.resolve(IndexFolder.MARKER), Files.readString(dir.resolve(IndexFolder.MARKER))
                .replace("\"version\":" + IndexFolder.VERSION, "\"version\":" + (IndexFolder.VERSION + 1)));
        assertThat(folder.markerMatches()).isFalse();

        Files.writeString(dir.resolve(IndexFolder.MARKER), "{not json");
        assertThat(folder.markerMatches()).isFalse();
    }

    @Test
    void removingTheMarkerMeansBuildingAfresh() throws Exception {
        IndexFolder folder = new IndexFolder(dir);
        folder.writeMarker();
        folder.removeMarker();
        assertThat(folder.markerMatches()).isFalse();
        folder.removeMarker(); // twice is harmless
    }

    @Test
    void wipingRemovesTheFilesButNotFoldersInIt() throws Exception {
        IndexFolder folder = new IndexFolder(dir);
        folder.writeMarker();
        Files.writeString(dir.resolve("_0.cfs"), "lucene");
        Files.createDirectory(dir.resolve("keep"));

        folder.wipe();

        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("keep");
        }
        new IndexFolder(dir.resolve("missing")).wipe(); // nothing to wipe
    }
}
