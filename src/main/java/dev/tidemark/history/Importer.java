package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Tidemark export or a ChatGPT {@code conversations.json}, checks all of it, and only then
 * adds its sessions. The file is read as a stream twice, one session at a time — once to check it
 * whole, once to add — so its size does not matter to memory. A session whose id is already here —
 * in the list, in the trash or damaged — is skipped and reported, never overwritten, so importing
 * the same file twice adds nothing the second time. The files a Tidemark export's messages refer to
 * come from the folder beside it (or from this data directory, when they are here already): every
 * one is found and its SHA-256 checked before anything is added, then stored, then the sessions
 * added ({@link ImportAttachments}).
 */
public final class Importer {

    /** Characters added to the store after which the import waits for them to be on disk. */
    private static final long FLUSH_EVERY = 4_000_000;

    /**
     * Reads and checks the whole file; adds nothing.
     *
     * @throws ImportException naming the file and what is wrong with it
     */
    public ImportPlan read(Path file) throws ImportException {
        List<String> ids = new ArrayList<>();
        Map<String, Attachment> attachments = new LinkedHashMap<>();
        ImportFile.Walked walked = new ImportFile(file).walk(s -> {
            ids.add(s.id());
            for (Message m : s.allMessages()) {
                MessageFiles.of(m).forEach(a -> attachments.putIfAbsent(a.sha256(), a)); // tool results' images too
            }
        });
        java.nio.file.Path folder = walked.attachments() == null ? null
                : file.toAbsolutePath().resolveSibling(walked.attachments());
        return new ImportPlan(file, walked.kind(), ids, walked.notes(), List.copyOf(attachments.values()), folder);
    }

    /** Every session of a checked file, in order, one at a time (for reading without adding). */
    void each(ImportPlan plan, ImportFile.Sink sink) throws ImportException {
        new ImportFile(plan.file()).walk(sink);
    }

    /**
     * Adds the plan's sessions that are not here yet, reading the file a second time.
     *
     * @throws ImportException when this process cannot write the data directory, or the file changed
     *                         since it was checked (the message says how many were added before)
     */
    public ImportResult apply(ImportPlan plan, SessionLibrary library) throws ImportException {
        ImportFile reading = new ImportFile(plan.file());
        if (!library.isWritable()) {
            throw new ImportException("Cannot import " + reading.name() + ": another Tidemark is using"
                    + " the data directory, so this one cannot add sessions. Import there, or close it first.");
        }
        new ImportAttachments(plan, reading.name()).store(library); // all found and checked, then stored; or nothing
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long[] unflushed = {0};
        int[] index = {0};
        try {
            reading.walk(s -> {
                int i = index[0]++;
                if (i >= plan.ids().size() || !plan.ids().get(i).equals(s.id())) {
                    throw new Problem("it changed after it was checked");
                }
                if (library.contains(s.id())) {
                    skipped.add(s.id());
                    return;
                }
                library.add(s);
                imported.add(s.id());
                unflushed[0] += characters(s);
                if (unflushed[0] > FLUSH_EVERY) { // the store holds what it has not saved: let it catch up
                    library.flush();
                    unflushed[0] = 0;
                }
            });
            if (index[0] != plan.ids().size()) {
                throw new ImportException("it changed after it was checked");
            }
        } catch (ImportException e) {
            String why = e.getMessage().replace("Cannot import " + reading.name() + ": ", "")
                    .replace(" Nothing was imported.", "");
            try {
                library.flush();
            } catch (SessionLibrary.NotSaved notSaved) {
                throw notSaved(reading);
            }
            throw unfinished(reading, imported, why);
        } catch (SessionLibrary.NotSaved notSaved) {
            throw notSaved(reading);
        }
        try {
            library.flush();
        } catch (SessionLibrary.NotSaved notSaved) {
            throw notSaved(reading);
        }
        return new ImportResult(plan.file(), imported, skipped);
    }

    private static ImportException notSaved(ImportFile reading) {
        return new ImportException("Cannot finish importing " + reading.name() + ": the imported sessions could not"
                + " all be saved (the disk is full or cannot be written). Make room and import it again: the"
                + " sessions saved now are skipped, the others are added.");
    }

    private static ImportException unfinished(ImportFile reading, List<String> imported, String why) {
        return new ImportException("Cannot finish importing " + reading.name() + ": " + why
                + (why.endsWith(".") ? " " : ". ") + (imported.isEmpty() ? "Nothing was imported." : imported.size()
                + (imported.size() == 1 ? " session was" : " sessions were") + " imported before that.")
                + " Import it again: what is here already is skipped.");
    }

    private static long characters(Session s) {
        long n = s.title().length();
        for (Message m : s.allMessages()) {
            n += m.text().length() + m.reasoning().length() + 64;
        }
        return n;
    }

    /** What is wrong with the file's content, in words; becomes an {@link ImportException}. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }
}
