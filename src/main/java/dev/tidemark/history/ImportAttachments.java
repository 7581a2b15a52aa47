package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.session.AttachmentStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The files an import's messages refer to, brought into the attachment store before any session is
 * added: each is taken from this data directory when an intact copy is here already, else from the
 * export's folder ({@code chats.attachments/<sha256>}), whose copy must be there and match its
 * SHA-256 and size. Every one is checked first; one missing or damaged refuses the whole import in
 * words naming it, before anything is stored or added. Runs on the importing thread.
 */
final class ImportAttachments {

    private final ImportPlan plan;
    private final String fileName;

    ImportAttachments(ImportPlan plan, String fileName) {
        this.plan = plan;
        this.fileName = fileName;
    }

    /** Checks every attachment, then stores those not here yet. */
    void store(SessionLibrary library) throws ImportException {
        if (plan.attachments().isEmpty()) {
            return;
        }
        AttachmentStore store = library.attachments().orElseThrow(() -> fail("its messages carry attached files,"
                + " and this Tidemark keeps no attachments here"));
        List<Attachment> toStore = new ArrayList<>();
        for (Attachment a : plan.attachments()) {
            if (store.check(a) == AttachmentStore.State.INTACT) {
                continue; // here already: the same hash is the same bytes
            }
            check(a);
            toStore.add(a);
        }
        for (Attachment a : toStore) {
            Attachment stored;
            try {
                stored = store.store(source(a));
            } catch (AttachmentRefusedException e) {
                throw fail("its attachment " + a.name() + " could not be stored (" + e.getMessage() + ")");
            }
            if (!stored.sha256().equals(a.sha256())) {
                throw fail("its attachment " + a.name() + " (" + where(a) + ") changed while it was imported");
            }
        }
    }

    /** The copy in the export's folder is there, and its bytes are the ones its message refers to. */
    private void check(Attachment a) throws ImportException {
        if (plan.attachmentFolder() == null) {
            throw fail("its attachment " + a.name() + " (sha256 " + a.sha256() + ") is not in this data directory,"
                    + " and the file names no folder of attachments (an export to standard output carries"
                    + " references only; export with --out to take the files along)");
        }
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(source(a))) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw fail("its attachment " + a.name() + " is missing: there is no " + where(a) + " beside it. Copy the"
                    + " folder " + plan.attachmentFolder().getFileName() + " along with the file");
        } catch (IOException e) {
            throw fail("its attachment " + a.name() + " (" + where(a) + ") cannot be read ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (size != a.size() || !HexFormat.of().formatHex(sha.digest()).equals(a.sha256())) {
            throw fail("its attachment " + a.name() + " is damaged: the bytes of " + where(a)
                    + " do not match its SHA-256");
        }
    }

    private Path source(Attachment a) {
        return plan.attachmentFolder().resolve(a.sha256());
    }

    private String where(Attachment a) {
        return plan.attachmentFolder().getFileName() + "/" + a.sha256();
    }

    private ImportException fail(String what) {
        return new ImportException("Cannot import " + fileName + ": " + what + ". Nothing was imported.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }
}
