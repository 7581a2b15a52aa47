package dev.tidemark.history;

import dev.tidemark.model.Attachment;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a message's attachments are named for people: {@code photo.png (image/png, 47 KB)}. */
public final class AttachmentText {

    private AttachmentText() {
    }

    /** {@code Attachments: photo.png (image/png, 47 KB), notes.txt (text/plain, 312 bytes)}. */
    public static String line(List<Attachment> attachments) {
        return "Attachments: " + attachments.stream().map(AttachmentText::describe).collect(Collectors.joining(", "));
    }

    /** {@code Attachments: photo.png (image/png, 47 KB, sha256 <64 hex digits>)}, the hash in full. */
    public static String lineWithHashes(List<Attachment> attachments) {
        return "Attachments: " + attachments.stream()
                .map(a -> oneLine(a.name()) + " (" + a.mediaType() + ", " + size(a.size()) + ", sha256 " + a.sha256() + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code photo.png (image/png, 47 KB)}. */
    public static String describe(Attachment a) {
        return oneLine(a.name()) + " (" + a.mediaType() + ", " + size(a.size()) + ")";
    }

    /** 312 bytes, 47 KB, 4.2 MB (of 1,024). */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** The name as one line of plain text: control characters become spaces. */
    public static String oneLine(String name) {
        StringBuilder line = new StringBuilder(name.length());
        name.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                ? ' ' : c));
        return line.toString();
    }
}
