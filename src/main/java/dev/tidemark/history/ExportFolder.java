package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.session.AttachmentStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The folder beside an export file that carries the attachments of what it exports, copied from
 * the attachment store with their hash checked on the way: {@code chats.json} →
 * {@code chats.attachments/<sha256>} (the store's names and bytes), {@code chat.md} →
 * {@code chat.files/<name>} (their own names, cleaned, a second {@code photo.png} as
 * {@code photo (2).png}). Each file is written under a temporary name and renamed; each hash is
 * copied once per export. Used by the thread that exports.
 */
final class ExportFolder {

    private final AttachmentStore store;
    private final Path folder;
    private final String name;
    private final Map<String, String> written = new HashMap<>(); // sha256 → its file name in the folder
    private final Set<String> taken = new HashSet<>();           // file names used, lowercase (case-blind disks)

    private ExportFolder(AttachmentStore store, Path folder) {
        this.store = store;
        this.folder = folder;
        this.name = folder.getFileName().toString();
    }

    /** The folder for an export written to {@code target}. */
    static ExportFolder beside(Path target, ExportFormat format, AttachmentStore store) {
        return new ExportFolder(store, folderBeside(target, format));
    }

    /** {@code chats.json} → {@code chats.attachments}, {@code all.tidemark.json} → {@code all.attachments}, {@code chat.md} → {@code chat.files}. */
    static Path folderBeside(Path target, ExportFormat format) {
        Path absolute = target.toAbsolutePath();
        String file = absolute.getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        String stem;
        if (format == ExportFormat.JSON) {
            stem = lower.endsWith(".tidemark.json") ? file.substring(0, file.length() - ".tidemark.json".length())
                    : lower.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
        } else {
            stem = lower.endsWith(".md") ? file.substring(0, file.length() - ".md".length())
                    : lower.endsWith(".markdown") ? file.substring(0, file.length() - ".markdown".length()) : file;
        }
        if (stem.isEmpty()) {
            stem = "export";
        }
        return absolute.resolveSibling(stem + (format == ExportFormat.JSON ? ".attachments" : ".files"));
    }

    /** The folder's name, as the export refers to it (relative to the export file). */
    String name() {
        return name;
    }

    /** Copies the attachment under its hash (a Tidemark export). */
    void copyByHash(Attachment attachment, String session) throws IOException {
        if (written.containsKey(attachment.sha256())) {
            return;
        }
        copy(attachment, attachment.sha256(), session);
        written.put(attachment.sha256(), attachment.sha256());
    }

    /**
     * Copies the attachment under its own name (Markdown), once per hash.
     *
     * @return its path relative to the export file: {@code chat.files/photo.png}
     */
    String copyByName(Attachment attachment, String session) throws IOException {
        String file = written.get(attachment.sha256());
        if (file == null) {
            file = freeName(cleanName(attachment.name()));
            copy(attachment, file, session);
            written.put(attachment.sha256(), file);
        }
        return name + "/" + file;
    }

    private String freeName(String clean) {
        String candidate = clean;
        int dot = clean.lastIndexOf('.');
        String base = dot > 0 ? clean.substring(0, dot) : clean;
        String ext = dot > 0 ? clean.substring(dot) : "";
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = base + " (" + n + ")" + ext;
        }
        return candidate;
    }

    /**
     * A file name that stays one name in the folder and one Markdown link: no path separators, no
     * control characters, none of {@code <>:"|?*} (Windows refuses them, and {@code <>} end a link).
     */
    static String cleanName(String name) {
        StringBuilder clean = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029) {
                return; // control characters are dropped
            }
            clean.appendCodePoint("/\\<>:\"|?*".indexOf(c) >= 0 ? '_' : c);
        });
        String s = clean.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1); // no hidden files, no "." or ".."
        }
        return s.isBlank() ? "attachment" : s;
    }

    private void copy(Attachment attachment, String fileName, String session) throws IOException {
        Path source = store.path(attachment.sha256());
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        Path temp = folder.resolve("." + attachment.sha256() + ".part");
        MessageDigest sha = sha256();
        long size = 0;
        try {
            try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            } catch (NoSuchFileException e) {
                if (!Files.exists(source)) {
                    throw new Exporter.AttachmentProblem(attachment.name() + " in \"" + session + "\" is missing from"
                            + " Tidemark's data folder (" + AttachmentStore.FOLDER + "/" + attachment.sha256() + ")."
                            + " Nothing was exported: 'tidemark fsck' lists what is missing; restore it from a backup.");
                }
                throw e;
            }
            if (size != attachment.size() || !HexFormat.of().formatHex(sha.digest()).equals(attachment.sha256())) {
                throw new Exporter.AttachmentProblem(attachment.name() + " in \"" + session + "\" is damaged in"
                        + " Tidemark's data folder: its bytes no longer match what was attached (" + AttachmentStore.FOLDER
                        + "/" + attachment.sha256() + "). Nothing was exported: 'tidemark fsck' lists what is damaged;"
                        + " restore it from a backup.");
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }
}
