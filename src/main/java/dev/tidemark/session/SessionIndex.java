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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The index file, {@code sessions/index.json}: what each session file holds (its summary) with the
 * file's size and modification time, so that the list opens without reading the session files.
 * Reads and writes the file; which entries to trust is the {@link SessionListing}'s business. See
 * {@code docs/session-format.md}.
 */
final class SessionIndex {

    static final String FILE_NAME = "index.json";
    /**
     * The index format written: 3, each entry with {@code attachments} (every distinct hash its file
     * refers to, left out when they are not known: a damaged file, or one of a newer format).
     */
    static final int FORMAT = 3;
    /** The first index format whose entries carry their attachments; one before it is rebuilt from the files. */
    static final int ATTACHMENTS_FORMAT = 3;
    /** Format 2 wrote times as numbers (epoch second, nanosecond). */
    static final int NUMERIC_TIMES_FORMAT = 2;
    /** The oldest index format still read: 1, times as ISO-8601 strings. */
    static final int OLDEST_FORMAT = 1;
    private static final String CREATED_NANO = "createdAtNano";
    private static final String UPDATED_NANO = "updatedAtNano";
    private static final String DELETED_NANO = "deletedAtNano";
    private static final JsonFactory JSON = SessionJson.factory();

    /** A file's size and modification time: a change of either means the index entry is stale. */
    record FileStamp(long size, long mtimeNanos) {
        static FileStamp of(BasicFileAttributes attributes) {
            return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }

        // Written out: a record's own equals and hashCode run through method handles, slow before the
        // JIT has compiled them, and opening the store compares a stamp for every session file.
        @Override
        public boolean equals(Object o) {
            return o instanceof FileStamp other && size == other.size && mtimeNanos == other.mtimeNanos;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 + Long.hashCode(mtimeNanos);
        }
    }

    /**
     * What one file holds, as the index keeps it.
     *
     * @param attachments every distinct attachment hash the file refers to (all versions of the
     *                    tree), or null when not known (a damaged file, one of a newer format, or an
     *                    entry of an index before format 3)
     */
    record Entry(SessionSummary summary, FileStamp stamp, Set<String> attachments) {
        Entry {
            attachments = attachments == null ? null : java.util.Collections.unmodifiableSet(new TreeSet<>(attachments));
        }

        /** An entry of a file that refers to no attachment. */
        Entry(SessionSummary summary, FileStamp stamp) {
            this(summary, stamp, Set.of());
        }
    }

    /**
     * Every distinct attachment hash of a session, all versions of its tree included, the images of
     * its tool results too (session format 6), in a stable order.
     */
    static Set<String> attachmentsOf(dev.tidemark.model.Session session) {
        Set<String> hashes = new TreeSet<>();
        for (dev.tidemark.model.Message m : session.allMessages()) {
            for (dev.tidemark.model.Attachment a : m.attachments()) {
                hashes.add(a.sha256());
            }
            ToolCallCodec.imagesOf(m.toolCalls(), hashes); // a tool result's images are attachments too
        }
        return hashes;
    }

    /** Why an index file was not used. */
    static final class Unreadable extends IOException {
        Unreadable(String reason) {
            super(reason);
        }
    }

    private final Path file;
    private final SessionFiles files;
    private volatile int formatRead = -1; // of the last index read, -1 when none was read

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
     * The index's entries by session id; empty when there is no index or it is of a format this
     * version does not read (newer, or older than {@link #OLDEST_FORMAT}): both are rebuilt from
     * the files without a word, which is safe because the index only repeats what they hold.
     *
     * @throws Unreadable when there is an index of a format this version reads that cannot be read
     */
    Optional<Map<String, Entry>> read() throws Unreadable {
        if (!files.exists(file)) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(files.read(file))) {
            return decode(parser, this);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(String.valueOf(e.getMessage()));
        }
    }

    void write(Collection<Entry> entries) throws IOException {
        files.replace(file, encode(entries));
    }

    /** The format of the index the last {@link #read} used, or -1 when it used none. */
    int formatRead() {
        return formatRead;
    }

    private static Optional<Map<String, Entry>> decode(JsonParser parser, SessionIndex index) throws IOException {
        index.formatRead = -1;
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
                if (format < OLDEST_FORMAT || format > FORMAT) {
                    return Optional.empty();
                }
            } else if (field.equals("sessions") && format >= OLDEST_FORMAT) {
                entries = new HashMap<>(1024);
                boolean numericTimes = format >= NUMERIC_TIMES_FORMAT;
                boolean withAttachments = format >= ATTACHMENTS_FORMAT;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Entry entry = entry(parser, numericTimes, withAttachments);
                    entries.put(entry.summary().id(), entry);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (entries == null) {
            throw new IOException("no sessions in it");
        }
        index.formatRead = format;
        return Optional.of(entries);
    }

    /**
     * One entry, read field by field (no tree: the list of 10,000 sessions must open in a blink).
     *
     * @param numericTimes format 2: a time is {@code <name>} (epoch second) and, unless it is 0,
     *                     {@code <name>Nano}; format 1: a time is an ISO-8601 string
     */
    private static Entry entry(JsonParser p, boolean numericTimes, boolean withAttachments) throws IOException {
        Set<String> attachments = null;
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
        // format 2's times, put together once the entry is read (a second and its nanosecond)
        long createdSecond = 0;
        long updatedSecond = 0;
        long deletedSecond = 0;
        int createdNano = 0;
        int updatedNano = 0;
        int deletedNano = 0;
        boolean hasCreated = false;
        boolean hasUpdated = false;
        boolean hasDeleted = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "title" -> title = p.getValueAsString("");
                case "createdAt" -> {
                    if (numericTimes) {
                        createdSecond = second(p, value);
                        hasCreated = true;
                    } else {
                        created = Instant.parse(p.getValueAsString());
                    }
                }
                case CREATED_NANO -> createdNano = nano(p, value);
                case "updatedAt" -> {
                    if (numericTimes) {
                        updatedSecond = second(p, value);
                        hasUpdated = true;
                    } else {
                        updated = Instant.parse(p.getValueAsString());
                    }
                }
                case UPDATED_NANO -> updatedNano = nano(p, value);
                case "messages" -> messages = p.getValueAsInt(0);
                case "preview" -> preview = p.getValueAsString("");
                case "pinned" -> pinned = p.getValueAsBoolean(false);
                case "deletedAt" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        hasDeleted = false;
                    } else if (numericTimes) {
                        deletedSecond = second(p, value);
                        hasDeleted = true;
                    } else {
                        deletedAt = Instant.parse(p.getValueAsString());
                    }
                }
                case DELETED_NANO -> deletedNano = nano(p, value);
                case "format" -> format = p.getValueAsInt(-1);
                case "damaged" -> damaged = p.getValueAsBoolean(false);
                case "problem" -> problem = p.getValueAsString();
                case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case "mtime" -> mtime = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case "attachments" -> attachments = hashes(p, value);
                default -> p.skipChildren();
            }
        }
        if (numericTimes) {
            created = hasCreated ? Instant.ofEpochSecond(createdSecond, createdNano) : null;
            updated = hasUpdated ? Instant.ofEpochSecond(updatedSecond, updatedNano) : null;
            deletedAt = hasDeleted ? Instant.ofEpochSecond(deletedSecond, deletedNano) : null;
        }
        if (!SessionStore.isSafeId(id) || created == null || updated == null || size == null || mtime == null) {
            throw new IOException("an entry is damaged");
        }
        SessionSummary summary = new SessionSummary(id, title, created, updated, messages, preview, pinned, deletedAt,
                format, damaged, problem);
        return new Entry(summary, new FileStamp(size, mtime), withAttachments ? attachments : null);
    }

    /** An entry's {@code attachments}: a list of hashes; anything else makes the entry damaged. */
    private static Set<String> hashes(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new IOException("an entry's attachments are not a list");
        }
        Set<String> hashes = new TreeSet<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            String hash = p.getText();
            if (!dev.tidemark.model.Attachment.isHash(hash)) {
                throw new IOException("an entry names an attachment that is not a hash");
            }
            hashes.add(hash);
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("an entry's attachments are not a list of hashes");
        }
        return hashes;
    }

    /** A time's epoch second (format 2). */
    private static long second(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("a time is not a whole number of seconds");
        }
        return p.getLongValue();
    }

    /** A time's nanosecond within its second (format 2). */
    private static int nano(JsonParser p, JsonToken value) throws IOException {
        long nano = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
        if (nano < 0 || nano > 999_999_999) {
            throw new IOException("a time's nanosecond is out of range");
        }
        return (int) nano;
    }

    /** A time as format 2 writes it: {@code name} (epoch second), then {@code nanoName} unless 0. */
    private static void writeTime(JsonGenerator out, String name, String nanoName, Instant time) throws IOException {
        out.writeNumberField(name, time.getEpochSecond());
        if (time.getNano() != 0) {
            out.writeNumberField(nanoName, time.getNano());
        }
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
                writeTime(out, "createdAt", CREATED_NANO, s.createdAt());
                writeTime(out, "updatedAt", UPDATED_NANO, s.updatedAt());
                out.writeNumberField("messages", s.messageCount());
                out.writeStringField("preview", s.preview());
                out.writeBooleanField("pinned", s.pinned());
                if (s.deletedAt() != null) {
                    writeTime(out, "deletedAt", DELETED_NANO, s.deletedAt());
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
                if (entry.attachments() != null) {
                    out.writeArrayFieldStart("attachments");
                    for (String hash : entry.attachments()) {
                        out.writeString(hash);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
