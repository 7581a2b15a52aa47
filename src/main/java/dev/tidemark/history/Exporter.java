package dev.tidemark.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionJson;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Writes sessions out as Markdown or as the Tidemark export format. "All" is written one session at
 * a time, loaded and let go, so an export of the whole history never holds it in memory. Sessions
 * hold no API keys (those live in the keychain), so no export can contain one.
 */
public final class Exporter {

    public static final String FORMAT_NAME = "tidemark-export";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = SessionJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SessionLibrary library;
    private final Clock clock;

    public Exporter(SessionLibrary library, Clock clock) {
        this.library = library;
        this.clock = clock;
    }

    /** How many sessions were written. */
    public record Written(int sessions) {
    }

    /** Writes the session with this id; empty when there is none. */
    public Optional<Written> exportSession(String id, ExportFormat format, Writer out) throws IOException {
        if (library.load(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(write(List.of(id), format, out));
    }

    /** Writes every session, newest first. */
    public Written exportAll(ExportFormat format, Writer out) throws IOException {
        return write(library.ids(), format, out);
    }

    /**
     * Writes to {@code target} through a temporary file beside it, so a failed export never leaves a
     * half-written file where a good one was.
     */
    public static <T> T toFile(Path target, IoWriter<T> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            T result;
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                result = writer.write(out);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Something that writes text. */
    @FunctionalInterface
    public interface IoWriter<T> {
        T write(Writer out) throws IOException;
    }

    private Written write(List<String> ids, ExportFormat format, Writer out) throws IOException {
        return format == ExportFormat.JSON ? json(ids, out)
                : markdown(ids, out, format == ExportFormat.MARKDOWN_ALL_VERSIONS);
    }

    private Written markdown(List<String> ids, Writer writer, boolean allVersions) throws IOException {
        int count = 0;
        for (String id : ids) {
            Optional<Session> session = library.load(id);
            if (session.isEmpty()) {
                continue; // removed while exporting
            }
            if (count > 0) {
                writer.write("\n---\n\n");
            }
            MarkdownExport.write(session.get(), writer, allVersions);
            count++;
        }
        writer.flush();
        return new Written(count);
    }

    private Written json(List<String> ids, Writer out) throws IOException {
        int count = 0;
        try (JsonGenerator json = JSON.getFactory().createGenerator(new NonClosing(out))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT_NAME);
            json.writeNumberField("version", VERSION);
            json.writeStringField("exportedAt", clock.instant().toString());
            json.writeArrayFieldStart("sessions");
            for (String id : ids) {
                Optional<Session> session = library.load(id);
                if (session.isPresent()) {
                    JSON.writeTree(json, SessionCodec.toJson(session.get()));
                    count++;
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
        out.flush();
        return new Written(count);
    }

    /** Lets the generator finish without closing the caller's stream (stdout, for one). */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
