package dev.tidemark.cli;

import dev.tidemark.history.ImportException;
import dev.tidemark.history.ImportPlan;
import dev.tidemark.history.ImportResult;
import dev.tidemark.history.Importer;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code import FILE}: a Tidemark export or a ChatGPT conversations.json. A Tidemark export's
 * attachments come from the folder it names beside it (or from this data directory when they are
 * here already), each checked against its SHA-256; one missing or damaged imports nothing.
 */
@Command(name = "import", description = {"Import a Tidemark export (.tidemark.json) or ChatGPT's conversations.json."
        + " The whole file is checked first: a bad file imports nothing. A session whose id is already here is"
        + " skipped, never overwritten.", "Exit 0 when imported, 1 when the file cannot be imported."})
final class ImportCommand implements Callable<Integer> {

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    ImportCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Importer importer = new Importer();
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            if (workspace.isReadOnly()) { // the line above says why: a read-only disk, no permission, another Tidemark
                environment.err().println("tidemark: cannot import " + file.getFileName() + ": the data directory"
                        + " is read-only for this Tidemark. Nothing was imported.");
                environment.err().flush();
                return 1;
            }
            ImportResult result;
            ImportPlan plan;
            try {
                plan = importer.read(file);
                result = importer.apply(plan, new StoreLibrary(workspace.store(), new AttachmentStore(workspace.dataDir())));
            } catch (ImportException e) {
                environment.err().println("tidemark: " + e.getMessage());
                environment.err().flush();
                return 1;
            }
            try {
                workspace.store().flush().get(30, TimeUnit.SECONDS); // on disk before we say so
            } catch (ExecutionException | TimeoutException notSaved) {
                // a full disk, most often (said above as it happened); no half-written file is left behind
                environment.err().println("tidemark: the imported sessions could not all be saved in "
                        + workspace.dataDir() + ". Make room and import the file again: sessions saved now are"
                        + " skipped, the others are added.");
                environment.err().flush();
                return 1;
            }
            environment.out().println(result.message());
            for (String note : plan.notes()) {
                environment.out().println("  " + note);
            }
            for (String id : result.imported()) {
                environment.out().println("  " + id);
            }
            environment.out().flush();
            return 0;
        }
    }
}
