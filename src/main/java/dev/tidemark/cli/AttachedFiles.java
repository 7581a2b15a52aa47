package dev.tidemark.cli;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.session.AttachmentStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of {@code chat --attach}, checked before anything is stored, sent or journaled: each
 * exists, is readable, is at most {@link Attachment#MAX_BYTES}, and is an image, a PDF or UTF-8
 * text of at most {@link Attachment#MAX_TEXT_BYTES}; and there are at most
 * {@link Attachment#MAX_PER_MESSAGE}. Reads each file once ({@link AttachmentStore#inspect}: hashing
 * and sniffing it, as storing it would) and stores nothing; the refusal's words name the file.
 */
final class AttachedFiles {

    private AttachedFiles() {
    }

    /**
     * What each file would be once attached, in the order given.
     *
     * @throws AttachmentRefusedException for the first file that cannot be attached, naming it
     */
    static List<Attachment> inspectAll(List<Path> files) throws AttachmentRefusedException {
        if (files.size() > Attachment.MAX_PER_MESSAGE) {
            Path extra = files.get(Attachment.MAX_PER_MESSAGE);
            throw new AttachmentRefusedException(name(extra) + " cannot be attached: a message can carry at most "
                    + Attachment.MAX_PER_MESSAGE + " files (" + files.size() + " were given with --attach).");
        }
        List<Attachment> inspected = new ArrayList<>();
        for (Path file : files) {
            inspected.add(AttachmentStore.inspect(file));
        }
        return inspected;
    }

    private static String name(Path file) {
        Path fileName = file.getFileName();
        return fileName == null ? file.toString() : fileName.toString();
    }
}
