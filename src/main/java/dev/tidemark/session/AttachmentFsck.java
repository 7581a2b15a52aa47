package dev.tidemark.session;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code fsck} checks of the attachments (ADR 10 §4): every attachment a chat refers to is
 * there and whole (problems), and what else lies in {@code attachments/} (notes). With
 * {@code --repair}, the owner removes {@code *.part} leftovers and files no chat refers to, and
 * rebuilds the session index; it never deletes or rewrites an attachment a chat refers to.
 */
public final class AttachmentFsck {

    /** One thing found: the file it is about (relative to the data directory) and what, in words. */
    public record Finding(String file, String what) {
    }

    /**
     * Problems (the attachments chats refer to, a tool result's images included: missing or
     * damaged), notes (nothing lost), and the tool calls saved as running (interrupted, unless a
     * Tidemark running now runs them: the caller knows).
     */
    public record Result(List<Finding> problems, List<Finding> notes, List<Finding> running) {
        public Result(List<Finding> problems, List<Finding> notes) {
            this(problems, notes, List.of());
        }
    }

    private final Path dataDir;
    private final SessionStore store;
    private final AttachmentStore attachments;

    public AttachmentFsck(Path dataDir, SessionStore store) {
        this.dataDir = dataDir;
        this.store = store;
        this.attachments = new AttachmentStore(dataDir);
    }

    /** Reads every chat (the trash included) and checks each attachment it refers to; lists the folder. */
    public Result check() {
        List<Finding> problems = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();
        List<Finding> running = new ArrayList<>();
        Map<Attachment, AttachmentStore.State> checked = new HashMap<>(); // each file read once
        Set<String> inChats = new TreeSet<>();
        for (SessionSummary summary : everyChat()) {
            Optional<Session> session = store.get(summary.id());
            if (session.isEmpty()) {
                continue; // unreadable: the store's own problems say so
            }
            String file = SessionStore.DIRECTORY + "/" + summary.id() + ".json";
            for (Message m : session.get().allMessages()) {
                String message = "\"" + summary.title() + "\" (" + summary.id() + "), message " + m.id();
                for (Attachment a : m.attachments()) {
                    inChats.add(a.sha256());
                    checkFile(a, file, message + ": attachment '", checked, problems);
                }
                for (ToolCall call : m.toolCalls()) {
                    String of = message + ", tool call " + call.id() + " (" + call.ownName() + ")";
                    if (call.result() != null) {
                        for (Attachment a : call.result().images()) {
                            inChats.add(a.sha256());
                            checkFile(a, file, of + ": image '", checked, problems);
                        }
                    }
                    if (call.state() == ToolCallState.RUNNING) {
                        running.add(new Finding(file, of + " was running when the Tidemark running it stopped: it may"
                                + " have run, and is shown interrupted (never run again by itself) from the next start"));
                    }
                }
            }
        }
        Set<String> inIndex = store.attachmentsReferenced();
        List<String> unknown = store.attachmentsUnknown();
        if (unknown.isEmpty() && !inIndex.containsAll(inChats)) { // more is harmless: a save on its way
            notes.add(new Finding(SessionStore.DIRECTORY + "/" + SessionStore.INDEX, "its attachment references"
                    + " disagree with the session files (it names fewer); the next start or --repair rebuilds it"));
        }
        Set<String> referenced = new TreeSet<>(inChats);
        referenced.addAll(inIndex);
        Set<String> setAside = AttachmentCleanup.namedBySetAside(dataDir);
        if (setAside == null) {
            unknown = new ArrayList<>(unknown);
            unknown.add("the files in " + SessionStore.DIRECTORY + "/" + DamagedFiles.FOLDER + "/");
        } else {
            referenced.addAll(setAside);
        }
        for (Path file : attachments.list()) {
            String name = file.getFileName().toString();
            String where = AttachmentStore.FOLDER + "/" + name;
            if (name.endsWith(AttachmentStore.PART)) {
                notes.add(new Finding(where, "an attachment being stored when Tidemark stopped; safe to delete"
                        + " (the next start or --repair removes it)"));
            } else if (!Attachment.isHash(name) || !Files.isRegularFile(file)) {
                notes.add(new Finding(where, "not a file Tidemark keeps here (its name is not a SHA-256); left as it is"));
            } else if (!referenced.contains(name)) {
                notes.add(new Finding(where, "no chat refers to this file; "
                        + (unknown.isEmpty() ? "--repair removes it" : "--repair keeps it while which attachments "
                        + String.join(", ", unknown) + " refer to is not known")));
            }
        }
        return new Result(problems, notes, running);
    }

    private void checkFile(Attachment a, String file, String what, Map<Attachment, AttachmentStore.State> checked,
                           List<Finding> problems) {
        AttachmentStore.State state = checked.computeIfAbsent(key(a), attachments::check);
        if (state != AttachmentStore.State.INTACT) {
            problems.add(new Finding(file, what + a.name() + "' " + (state == AttachmentStore.State.MISSING
                    ? "is missing" : "is damaged: its bytes no longer match") + " (" + where(a.sha256()) + ")"));
        }
    }

    /**
     * The owner's repair: rebuilds the session index from the files, removes {@code *.part}
     * leftovers, and deletes the files no chat refers to (in a session file, the trash, the live
     * journal as recovery applied it, or a damaged file set aside) — none while which attachments
     * some chat refers to is not known.
     *
     * @return what was changed, in words
     */
    public List<String> repair() throws IOException {
        List<String> changes = new ArrayList<>();
        store.rebuildIndex();
        changes.add("rebuilt the session index from the session files");
        int parts = attachments.removeLeftovers();
        if (parts > 0) {
            changes.add("removed " + parts + " unfinished attachment file" + (parts == 1 ? "" : "s") + " (*.part)");
        }
        if (!store.attachmentsUnknown().isEmpty()) {
            return changes;
        }
        Set<String> referenced = new TreeSet<>(store.attachmentsReferenced());
        for (SessionSummary summary : everyChat()) {
            store.get(summary.id()).ifPresent(s -> referenced.addAll(SessionIndex.attachmentsOf(s)));
        }
        Set<String> setAside = AttachmentCleanup.namedBySetAside(dataDir);
        if (setAside == null) {
            return changes;
        }
        referenced.addAll(setAside);
        int removed = 0;
        for (Path file : attachments.list()) {
            String name = file.getFileName().toString();
            if (Attachment.isHash(name) && Files.isRegularFile(file) && !referenced.contains(name)) {
                Files.deleteIfExists(file);
                removed++;
            }
        }
        if (removed > 0) {
            dev.tidemark.journal.AtomicFiles.forceDirectory(attachments.directory());
            changes.add("removed " + removed + " attachment file" + (removed == 1 ? "" : "s") + " no chat refers to");
        }
        return changes;
    }

    private List<SessionSummary> everyChat() {
        List<SessionSummary> all = new ArrayList<>(store.summaries());
        all.addAll(store.trash());
        return all;
    }

    private static Attachment key(Attachment a) {
        return new Attachment("", "", a.size(), a.sha256());
    }

    private static String where(String sha256) {
        return AttachmentStore.FOLDER + "/" + sha256;
    }
}
