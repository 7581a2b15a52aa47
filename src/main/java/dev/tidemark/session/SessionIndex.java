package dev.tidemark.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The index file, {@code sessions/index.json}: what each session file holds (its summary) with the
 * file's size and modification time, so that the list opens without reading the session files.
 * Reads and writes the file; which entries to trust is the {@link SessionListing}'s business. See
 * {@code docs/session-format.md}.
 */
final class SessionIndex {

    static final String FILE_NAME = "index.json";
    static final int FORMAT = 1;
    private static final JsonFactory JSON = new JsonFactory();

    /** A file's size and modification time: a change of either means the index entry is stale. */
    record FileStamp(long size, long mtimeNanos) {
        static FileStamp of(BasicFileAttributes attributes) {
            return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /** What one file holds, as the index keeps it. */
    record Entry(SessionSummary summary, FileStamp stamp) {
    }

    /** Why an index file was not used. */
    static final class Unreadable extends IOException {
        Unreadable(String reason) {
            super(reason);
        }
    }

    private final Path file;
    private final SessionFiles files;

    SessionIndex(Path dir, SessionFiles files) {
        this.file = dir.resolve(FILE_NAME);
        this.files = files;
    }

    /** When the index file was last written (its modification time), or 0 when there is none. */
    long writtenNanos() {
        try {
            return files.attributes(file).lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The index's entries by session id; empty when there is no index or it is of another version
     * (both are rebuilt from the files without a word).
     *
     * @throws Unreadable when there is an index of this version that cannot be read
     */
    Optional<Map<String, Entry>> read() throws Unreadable {
        if (!files.exists(file)) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(files.read(file))) {
            return decode(parser);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(String.valueOf(e.getMessage()));
        }
    }

    void write(Collection<Entry> entries) throws IOException {
        files.replace(file, encode(entries));
    }

    private static Optional<Map<String, Entry>> decode(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        Map<String, Entry> entries = null;
        int format = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("format")) {
                format = parser.getValueAsInt(-1);
                if (format != FORMAT) {
                    return Optional.empty();
                }
            } else if (field.equals("sessions") && format == FORMAT) {
                entries = new HashMap<>();
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Entry entry = entry(parser);
                    entries.put(entry.summary().id(), entry);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (entries == null) {
            throw new IOException("no sessions in it");
        }
        return Optional.of(entries);
    }

    /** One entry, read field by field (no tree: the list of 10,000 sessions must open in a blink). */
    private static Entry entry(JsonParser p) throws IOException {
        String id = null;
        String title = "";
        Instant created = null;
        Instant updated = null;
        int messages = 0;
        String preview = "";
        boolean pinned = false;
        Instant deletedAt = null;
        int format = -1;
        boolean damaged = false;
        String problem = null;
        Long size = null;
        Long mtime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "title" -> title = p.getValueAsString("");
                case "createdAt" -> created = Instant.parse(p.getValueAsString());
                case "updatedAt" -> updated = Instant.parse(p.getValueAsString());
                case "messages" -> messages = p.getValueAsInt(0);
                case "preview" -> preview = p.getValueAsString("");
                case "pinned" -> pinned = p.getValueAsBoolean(false);
                case "deletedAt" -> deletedAt = value == JsonToken.VALUE_NULL ? null
                        : Instant.parse(p.getValueAsString());
                case "format" -> format = p.getValueAsInt(-1);
                case "damaged" -> damaged = p.getValueAsBoolean(false);
                case "problem" -> problem = p.getValueAsString();
                case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case "mtime" -> mtime = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                default -> p.skipChildren();
            }
        }
        if (!SessionStore.isSafeId(id) || created == null || updated == null || size == null || mtime == null) {
            throw new IOException("an entry is damaged");
        }
        SessionSummary summary = new SessionSummary(id, title, created, updated, messages, preview, pinned, deletedAt,
                format, damaged, problem);
        return new Entry(summary, new FileStamp(size, mtime));
    }

    static byte[] encode(Collection<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * entries.size() + 64);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("format", FORMAT);
            out.writeArrayFieldStart("sessions");
            for (Entry entry : entries) {
                SessionSummary s = entry.summary();
                out.writeRaw('\n');
                out.writeStartObject();
                out.writeStringField("id", s.id());
                out.writeStringField("title", s.title());
                out.writeStringField("createdAt", s.createdAt().toString());
                out.writeStringField("updatedAt", s.updatedAt().toString());
                out.writeNumberField("messages", s.messageCount());
                out.writeStringField("preview", s.preview());
                out.writeBooleanField("pinned", s.pinned());
                if (s.deletedAt() != null) {
                    out.writeStringField("deletedAt", s.deletedAt().toString());
                }
                out.writeNumberField("format", s.format());
                if (s.damaged()) {
                    out.writeBooleanField("damaged", true);
                }
                if (s.problem() != null) {
                    out.writeStringField("problem", s.problem());
                }
                out.writeNumberField("size", entry.stamp().size());
                out.writeNumberField("mtime", entry.stamp().mtimeNanos());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
