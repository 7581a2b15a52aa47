package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.journal.OwnerLock;
import dev.tidemark.session.AttachmentFsck;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.DataDirectory;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code fsck [--json] [--repair]}: checks every journal segment, the session store and every
 * attachment a chat refers to. Exit 0 when clean (notes, such as files no chat refers to, are not
 * problems), 1 when it found problems (each listed with its file, offset and what). With
 * {@code --repair} it does what startup recovery does, tidies the attachments (never one a chat
 * refers to) and rebuilds the session index, and says what it changed.
 */
@Command(name = "fsck", description = "Check the journal and the session store; --repair fixes what startup would.")
final class FsckCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Option(names = "--repair", description = "Recover, cut torn tails, quarantine damaged lines, checkpoint.")
    boolean repair;

    FsckCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** One thing found wrong. */
    record Finding(String file, long offset, String what) {
    }

    /** What was checked and found: problems (exit 1), and notes of what is not wrong but worth knowing (exit 0). */
    record Check(List<Finding> findings, List<Finding> notes, int segments, int records, int sessions, int interrupted,
                 int quarantined) {
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = environment.dataDir(parent.dataDir());
        DataDirectory.checkReadable(dataDir); // unreadable is an error, never "clean"
        if (!Files.isDirectory(dataDir)) {
            environment.err().println("tidemark: there is no Tidemark data at " + dataDir + ".");
            environment.err().flush();
            return 1;
        }
        List<String> changes = new ArrayList<>();
        if (repair) {
            int parts = new AttachmentStore(dataDir).leftovers().size(); // the owner's open removes them
            try (Workspace workspace = environment.open(parent.dataDir())) {
                if (workspace.isReadOnly()) {
                    environment.err().println("tidemark: cannot repair: " + workspace.readOnlyReason().orElse(""));
                    environment.err().flush();
                    return 1;
                }
                describeRepair(workspace, changes);
                if (parts > 0) {
                    changes.add("removed " + parts + " unfinished attachment file" + (parts == 1 ? "" : "s")
                            + " (" + AttachmentStore.FOLDER + "/*" + AttachmentStore.PART + ")");
                }
                changes.addAll(new AttachmentFsck(workspace.dataDir(), workspace.store()).repair());
                workspace.checkpoint().get(30, TimeUnit.SECONDS);
            }
        }
        environment.privateDataDir(parent.dataDir()); // closed to others, as every command does
        environment.reportProblems();
        Check check = check(dataDir);
        print(check, changes);
        return check.findings().isEmpty() ? 0 : 1;
    }

    private static void describeRepair(Workspace workspace, List<String> changes) {
        workspace.journal().ifPresent(journal -> {
            Journal.Opening opening = journal.opening();
            if (opening.tailCut() > 0) {
                changes.add("cut a torn tail of " + opening.tailCut() + " bytes off the newest journal segment");
            }
            if (opening.quarantined() > 0) {
                changes.add("kept " + opening.quarantined() + " damaged pieces of the journal in journal/quarantine/");
            }
        });
        Recovery.Report report = workspace.recovery();
        for (Recovery.RecoveredReply r : report.recovered()) {
            changes.add("recovered an interrupted reply (" + r.characters() + " characters) in session " + r.sessionId()
                    + (r.gap() ? ", with a part missing" : ""));
        }
        int restoredOther = report.restored() - report.recovered().size();
        if (restoredOther > 0) {
            changes.add("restored " + restoredOther + " messages from the journal that the session files lacked");
        }
        if (!report.unplaced().isEmpty()) {
            changes.add("kept " + report.unplaced().size() + " journal records of unknown replies in journal/quarantine/");
        }
        changes.add("checkpointed the journal: segments already in the session store were removed");
    }

    private Check check(Path dataDir) throws Exception {
        List<Finding> findings = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();
        Journal.Inspection inspection = Journal.inspect(dataDir);
        for (JournalScan.Problem p : inspection.scan().problems()) {
            findings.add(new Finding(relative(dataDir, p.file()), p.offset(), p.what()));
        }
        List<String> storeProblems = new ArrayList<>();
        try (SessionStore store = SessionStore.open(dataDir, false, p -> storeProblems.add(p.message()))) {
            Recovery.Report preview = new Recovery(environment.clock()).apply(inspection.scan(), store,
                    Optional.empty());
            for (String problem : storeProblems) {
                findings.add(new Finding(SessionStore.DIRECTORY + "/", -1, problem));
            }
            for (Path dir : List.of(dataDir, dataDir.resolve(Journal.DIRECTORY))) {
                for (Path leftover : leftovers(dir)) { // sessions/ has its own (above)
                    findings.add(new Finding(relative(dataDir, leftover), -1, "an unfinished save left behind (a full"
                            + " disk, a crash); the file it was replacing is intact, and this one is safe to delete"));
                }
            }
            for (String problem : preview.problems()) {
                if (inspection.scan().problems().stream().noneMatch(p -> p.toString().equals(problem))) {
                    findings.add(new Finding(Journal.DIRECTORY + "/", -1, problem));
                }
            }
            if (!OwnerLock.isOwned(dataDir)) { // a live owner's streams are not interrupted
                for (Recovery.RecoveredReply r : preview.interrupted()) {
                    findings.add(new Finding(Journal.DIRECTORY + "/", -1, "reply " + r.messageId() + " in session "
                            + r.sessionId() + " was interrupted (" + r.characters()
                            + " characters); startup or --repair recovers it"));
                }
                int missing = preview.restored() - preview.interrupted().size();
                if (missing > 0) {
                    findings.add(new Finding(SessionStore.DIRECTORY + "/", -1, missing
                            + " messages are in the journal but not in the session files; startup or --repair"
                            + " restores them"));
                }
            }
            AttachmentFsck.Result attachments = new AttachmentFsck(dataDir, store).check();
            attachments.problems().forEach(f -> findings.add(new Finding(f.file(), -1, f.what())));
            attachments.notes().forEach(f -> notes.add(new Finding(f.file(), -1, f.what())));
            if (!OwnerLock.isOwned(dataDir)) { // a live owner may be running them
                attachments.running().forEach(f -> notes.add(new Finding(f.file(), -1, f.what())));
            }
            return new Check(findings, notes, inspection.segments(), inspection.scan().records().size(),
                    store.summaries().size() + store.trash().size(), preview.interrupted().size(), inspection.quarantined());
        }
    }

    private void print(Check check, List<String> changes) throws Exception {
        PrintWriter out = environment.out();
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("clean", check.findings().isEmpty());
            ArrayNode problems = root.putArray("problems");
            for (Finding f : check.findings()) {
                ObjectNode node = problems.addObject().put("file", f.file()).put("what", f.what());
                if (f.offset() >= 0) {
                    node.put("offset", f.offset());
                }
            }
            ArrayNode notes = root.putArray("notes");
            for (Finding f : check.notes()) {
                notes.addObject().put("file", f.file()).put("what", f.what());
            }
            ObjectNode checked = root.putObject("checked");
            checked.put("segments", check.segments());
            checked.put("records", check.records());
            checked.put("sessions", check.sessions());
            checked.put("quarantined", check.quarantined());
            if (repair) {
                ArrayNode repaired = root.putArray("repaired");
                changes.forEach(repaired::add);
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            for (String change : changes) {
                out.println("repaired: " + change);
            }
            for (Finding f : check.findings()) {
                out.println(f.file() + (f.offset() >= 0 ? ":" + f.offset() : "") + ": " + f.what());
            }
            for (Finding f : check.notes()) {
                out.println("note: " + f.file() + ": " + f.what());
            }
            out.println((check.findings().isEmpty() ? "clean" : check.findings().size() + " problems") + " ("
                    + check.segments() + " journal segments, " + check.records() + " records, " + check.sessions()
                    + " sessions checked" + (check.quarantined() > 0 ? ", " + check.quarantined()
                    + " items in journal/quarantine/" : "") + (check.notes().isEmpty() ? ""
                    : ", " + check.notes().size() + " note" + (check.notes().size() == 1 ? "" : "s")) + ")");
        }
        out.flush();
    }

    /** The {@code *.tmp} files directly in {@code dir}: saves that were cut short. */
    private static List<Path> leftovers(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    private static String relative(Path dataDir, Path file) {
        try {
            return dataDir.relativize(file).toString();
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }
}
