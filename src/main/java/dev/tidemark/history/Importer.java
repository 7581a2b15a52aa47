package dev.tidemark.history;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Tidemark export or a ChatGPT {@code conversations.json}, checks all of it, and only then
 * adds its sessions. A session whose id is already here is skipped, never overwritten, so importing
 * the same file twice adds nothing the second time.
 */
public final class Importer {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final SessionCodec codec = new SessionCodec();

    /**
     * Reads and checks the whole file; adds nothing.
     *
     * @throws ImportException naming the file and what is wrong with it
     */
    public ImportPlan read(Path file) throws ImportException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new ImportException("Cannot import " + name + ": there is no such file.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ImportException("Cannot import " + name + ": it is not valid JSON" + where + " ("
                    + e.getOriginalMessage() + "). Nothing was imported.");
        } catch (IOException e) {
            throw new ImportException("Cannot import " + name + ": " + e.getMessage() + ". Nothing was imported.");
        }
        if (root == null || root.isMissingNode()) {
            throw new ImportException("Cannot import " + name + ": the file is empty. Nothing was imported.");
        }
        try {
            if (root.isObject() && Exporter.FORMAT_NAME.equals(root.path("format").asText())) {
                return new ImportPlan(file, "Tidemark export", tidemark(root), List.of());
            }
            if (root.isArray()) {
                ChatGptImport chatGpt = new ChatGptImport();
                List<Session> sessions = chatGpt.sessions(root);
                return new ImportPlan(file, "ChatGPT export", sessions, chatGpt.notes());
            }
        } catch (Problem p) {
            throw new ImportException("Cannot import " + name + ": " + p.getMessage() + ". Nothing was imported.");
        }
        throw new ImportException("Cannot import " + name + ": it is neither a Tidemark export (\"format\": \""
                + Exporter.FORMAT_NAME + "\") nor a ChatGPT conversations.json (a list of conversations)."
                + " Nothing was imported.");
    }

    /**
     * Adds the plan's sessions that are not here yet.
     *
     * @throws ImportException when this process cannot write the data directory
     */
    public ImportResult apply(ImportPlan plan, SessionLibrary library) throws ImportException {
        if (!library.isWritable()) {
            throw new ImportException("Cannot import " + plan.file().getFileName() + ": another Tidemark is using"
                    + " the data directory, so this one cannot add sessions. Import there, or close it first.");
        }
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Session s : plan.sessions()) {
            if (library.contains(s.id())) {
                skipped.add(s.id());
            } else {
                library.add(s);
                imported.add(s.id());
            }
        }
        return new ImportResult(plan.file(), imported, skipped);
    }

    private List<Session> tidemark(JsonNode root) throws Problem {
        int version = root.path("version").asInt(-1);
        if (version > Exporter.VERSION) {
            throw new Problem("it was written by a newer Tidemark (export version " + version + "; this one reads "
                    + Exporter.VERSION + ")");
        }
        if (version < 1) {
            throw new Problem("its \"version\" is missing or not a number");
        }
        JsonNode sessions = root.get("sessions");
        if (sessions == null || !sessions.isArray()) {
            throw new Problem("it has no \"sessions\" list");
        }
        List<Session> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (JsonNode node : sessions) {
            n++;
            Session s;
            try {
                s = codec.decode(JSON.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new Problem("session " + n + describe(node) + " cannot be read: " + e.getMessage());
            }
            if (!SessionStore.isSafeId(s.id())) {
                throw new Problem("session " + n + " has the id '" + s.id() + "', which cannot be a session id");
            }
            if (!seen.add(s.id())) {
                throw new Problem("session " + n + " has the same id as an earlier one ('" + s.id() + "')");
            }
            out.add(s);
        }
        return out;
    }

    private static String describe(JsonNode node) {
        String title = node.path("title").asText("");
        return title.isEmpty() ? "" : " (\"" + (title.length() > 40 ? title.substring(0, 40) + "…" : title) + "\")";
    }

    /** What is wrong with the file's content, in words; becomes an {@link ImportException}. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }
}
