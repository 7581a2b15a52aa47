package dev.tidemark.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
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
 *
 * <p>Written to a file ({@link #exportSessionTo}, {@link #exportAllTo}), an export takes the
 * attachments of its sessions along in a folder beside it ({@link ExportFolder}): a Tidemark export
 * {@code chats.json} names {@code "attachments": "chats.attachments"} at its top and the folder holds
 * each file under its hash; Markdown {@code chat.md} links the copies in {@code chat.files/}.
 * Written to a stream, it carries references only (Markdown: a line naming each file with its hash).
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

    /** An attachment to export is missing or damaged in the store: the words name it; nothing was exported. */
    public static final class AttachmentProblem extends IOException {
        private static final long serialVersionUID = 1L;

        public AttachmentProblem(String message) {
            super(message);
        }
    }

    /**
     * Writes the session with this id to {@code target} (through a temporary file), and its
     * attachments to the folder beside it; empty when there is no such session.
     *
     * @throws AttachmentProblem when an attachment is missing or damaged in the store (the file is not written)
     */
    public Optional<Written> exportSessionTo(String id, ExportFormat format, Path target) throws IOException {
        if (library.load(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(writeTo(List.of(id), format, target));
    }

    /** Writes every session to {@code target}, newest first, as {@link #exportSessionTo} writes one. */
    public Written exportAllTo(ExportFormat format, Path target) throws IOException {
        return writeTo(library.ids(), format, target);
    }

    /** Where an export to {@code target} puts its attachments: {@code chats.attachments}, {@code chat.files}. */
    public static Path folderBeside(Path target, ExportFormat format) {
        return ExportFolder.folderBeside(target, format);
    }

    private Written writeTo(List<String> ids, ExportFormat format, Path target) throws IOException {
        ExportFolder folder = library.attachments().map(store -> ExportFolder.beside(target, format, store))
                .orElse(null);
        return toFile(target, out -> write(ids, format, out, folder));
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
        return write(ids, format, out, null);
    }

    /** @param folder where the attachments go; null: references only */
    private Written write(List<String> ids, ExportFormat format, Writer out, ExportFolder folder) throws IOException {
        return format == ExportFormat.JSON ? json(ids, out, folder)
                : markdown(ids, out, format == ExportFormat.MARKDOWN_ALL_VERSIONS, folder);
    }

    private Written markdown(List<String> ids, Writer writer, boolean allVersions, ExportFolder folder)
            throws IOException {
        int count = 0;
        for (String id : ids) {
            Optional<Session> session = library.load(id);
            if (session.isEmpty()) {
                continue; // removed while exporting
            }
            if (count > 0) {
                writer.write("\n---\n\n");
            }
            String title = session.get().title();
            MarkdownExport.write(session.get(), writer, allVersions, folder == null
                    ? attachments -> AttachmentText.lineWithHashes(attachments) + "\n"
                    : attachments -> links(attachments, folder, title));
            count++;
        }
        writer.flush();
        return new Written(count);
    }

    /** Each attachment as a relative link to its copy: an image shown, any other file linked. */
    private static String links(List<Attachment> attachments, ExportFolder folder, String session) throws IOException {
        StringBuilder md = new StringBuilder();
        for (Attachment a : attachments) {
            String label = AttachmentText.oneLine(a.name()).replace("[", "\\[").replace("]", "\\]");
            md.append(a.isImage() ? "!" : "").append('[').append(label).append("](<")
                    .append(folder.copyByName(a, session)).append(">)\n");
        }
        return md.toString();
    }

    private Written json(List<String> ids, Writer out, ExportFolder folder) throws IOException {
        int count = 0;
        try (JsonGenerator json = JSON.getFactory().createGenerator(new NonClosing(out))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT_NAME);
            json.writeNumberField("version", VERSION);
            json.writeStringField("exportedAt", clock.instant().toString());
            if (folder != null) {
                json.writeStringField("attachments", folder.name());
            }
            json.writeArrayFieldStart("sessions");
            for (String id : ids) {
                Optional<Session> session = library.load(id);
                if (session.isPresent()) {
                    if (folder != null) {
                        for (Message m : session.get().allMessages()) {
                            for (Attachment a : MessageFiles.of(m)) { // tool results' images too
                                folder.copyByHash(a, session.get().title());
                            }
                        }
                    }
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
