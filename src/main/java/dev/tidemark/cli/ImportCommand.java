package dev.tidemark.cli;

import dev.tidemark.history.ImportException;
import dev.tidemark.history.ImportPlan;
import dev.tidemark.history.ImportResult;
import dev.tidemark.history.Importer;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code import FILE}: a Tidemark export or a ChatGPT conversations.json. */
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
            ImportResult result;
            ImportPlan plan;
            try {
                plan = importer.read(file);
                result = importer.apply(plan, new StoreLibrary(workspace.store()));
            } catch (ImportException e) {
                environment.err().println("tidemark: " + e.getMessage());
                environment.err().flush();
                return 1;
            }
            workspace.store().flush().join(); // on disk before we say so
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
