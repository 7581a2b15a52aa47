package dev.tidemark.cli;

import dev.tidemark.history.ExportFormat;
import dev.tidemark.history.Exporter;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code export ID|--all --format md|json [--out PATH]}. To a file, the attachments go along in a
 * folder beside it ({@code chats.json} → {@code chats.attachments/}, {@code chat.md} →
 * {@code chat.files/}); to standard output, the export names them (references only).
 */
@Command(name = "export", description = {"Write one session, or all, as Markdown or as a Tidemark export (JSON,"
        + " which 'import' reads back; see docs/export-format.md).", "Exit 0 when written, 1 when there is no such"
        + " session, the file cannot be written or exists (without --force), 2 for a usage error."})
final class ExportCommand implements Callable<Integer> {

    enum Format { md, json }

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The session (see 'sessions').")
    String id;

    @Option(names = "--all", description = "Every session, newest first.")
    boolean all;

    @Option(names = "--format", paramLabel = "md|json", defaultValue = "md",
            description = "md (Markdown, the default) or json (a Tidemark export). With --out, attached files are"
                    + " copied into a folder beside it (chats.json: chats.attachments/, chat.md: chat.files/).")
    Format format;

    @Option(names = "--all-versions", description = "Markdown: every version of every message, not only the"
            + " active path (a Tidemark export always holds them all).")
    boolean allVersions;

    @Option(names = "--out", paramLabel = "PATH", description = "Write to this file (default: standard output)."
            + " An existing file is never replaced without --force.")
    Path out;

    @Option(names = "--force", description = "Replace the --out file if it exists.")
    boolean force;

    ExportCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if ((id == null) == !all) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    id == null ? "Give a session ID or --all." : "Give a session ID or --all, not both.");
        }
        ExportFormat as = format == Format.json ? ExportFormat.JSON
                : allVersions ? ExportFormat.MARKDOWN_ALL_VERSIONS : ExportFormat.MARKDOWN;
        if (out != null && !force && Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            environment.err().println("tidemark: " + out + " already exists; nothing was exported. Give --force to"
                    + " replace it, or another --out.");
            environment.err().flush();
            return 1;
        }
        Path folder = out == null ? null : Exporter.folderBeside(out, as);
        if (folder != null && as != ExportFormat.JSON && !force && Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            // a Tidemark export's folder names files by their hash: the same name is the same bytes
            environment.err().println("tidemark: " + folder + " already exists; nothing was exported. Give --force to"
                    + " replace the files in it, or another --out.");
            environment.err().flush();
            return 1;
        }
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            StoreLibrary library = new StoreLibrary(workspace.store(), new AttachmentStore(workspace.dataDir()));
            Exporter exporter = new Exporter(library, environment.clock());
            if (!all && library.load(id).isEmpty()) {
                environment.err().println("tidemark: there is no session '" + id + "'; 'sessions' lists them.");
                environment.err().flush();
                return 1;
            }
            Exporter.IoWriter<Optional<Exporter.Written>> write = w -> all
                    ? Optional.of(exporter.exportAll(as, w)) : exporter.exportSession(id, as, w);
            if (out == null) {
                write.write(environment.out());
                environment.out().flush();
                return 0;
            }
            try {
                Optional<Exporter.Written> written = all ? Optional.of(exporter.exportAllTo(as, out))
                        : exporter.exportSessionTo(id, as, out);
                int n = written.map(Exporter.Written::sessions).orElse(0);
                environment.err().println("tidemark: exported " + n + (n == 1 ? " session" : " sessions") + " to "
                        + out);
                environment.err().flush();
                return 0;
            } catch (Exporter.AttachmentProblem e) {
                environment.err().println("tidemark: " + e.getMessage());
                environment.err().flush();
                return 1;
            } catch (IOException e) {
                environment.err().println("tidemark: could not write " + out + ": " + describe(e));
                environment.err().flush();
                return 1;
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
