package dev.tidemark.ui.search;

import dev.tidemark.history.ExportFormat;
import dev.tidemark.history.Exporter;
import dev.tidemark.history.ImportException;
import dev.tidemark.history.ImportPlan;
import dev.tidemark.history.ImportResult;
import dev.tidemark.history.Importer;
import dev.tidemark.history.SessionLibrary;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Export and import for the window: the work runs on a background thread, and what came of it
 * is told on the FX thread (good news to {@code inform}, a problem to {@code warn}). Call on the FX thread.
 */
public final class HistoryTransfer {

    private final SessionLibrary library;
    private final Exporter exporter;
    private final Importer importer = new Importer();
    private final Executor background;
    private final Executor fx;
    private final Consumer<String> inform;
    private final Consumer<String> warn;

    public HistoryTransfer(SessionLibrary library, Clock clock, Executor background, Executor fx,
                           Consumer<String> inform, Consumer<String> warn) {
        this.library = library;
        this.exporter = new Exporter(library, clock);
        this.background = background;
        this.fx = fx;
        this.inform = inform;
        this.warn = warn;
    }

    public boolean canImport() {
        return library.isWritable();
    }

    /** The format a file name asks for: ".json" is a Tidemark export, anything else Markdown. */
    public static ExportFormat formatOf(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? ExportFormat.JSON : ExportFormat.MARKDOWN;
    }

    public CompletableFuture<Void> exportSession(String id, Path target) {
        return run(() -> {
            if (library.load(id).isEmpty()) {
                return "That chat is no longer there; nothing was exported.";
            }
            exporter.exportSessionTo(id, formatOf(target), target); // attachments: into the folder beside it
            return "Exported the chat to " + target.getFileName() + ".";
        }, target);
    }

    public CompletableFuture<Void> exportAll(Path target) {
        return run(() -> {
            Exporter.Written written = exporter.exportAllTo(formatOf(target), target);
            return "Exported " + written.sessions() + (written.sessions() == 1 ? " chat" : " chats") + " to "
                    + target.getFileName() + ".";
        }, target);
    }

    public CompletableFuture<Void> importFile(Path file) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        background.execute(() -> {
            try {
                ImportPlan plan = importer.read(file);
                ImportResult result = importer.apply(plan, library);
                String notes = plan.notes().isEmpty() ? "" : " " + String.join(" ", plan.notes());
                fx.execute(() -> {
                    inform.accept(result.message() + notes);
                    done.complete(null);
                });
            } catch (ImportException e) {
                fx.execute(() -> {
                    warn.accept(e.getMessage());
                    done.complete(null);
                });
            }
        });
        return done;
    }

    private interface Work {
        String run() throws IOException;
    }

    private CompletableFuture<Void> run(Work work, Path target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        background.execute(() -> {
            try {
                String message = work.run();
                fx.execute(() -> {
                    inform.accept(message);
                    done.complete(null);
                });
            } catch (IOException | RuntimeException e) {
                String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                        : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                fx.execute(() -> {
                    warn.accept(e instanceof Exporter.AttachmentProblem ? why // names the file and says nothing was exported
                            : "Could not export to " + target + " (" + why + ").");
                    done.complete(null);
                });
            }
        });
        return done;
    }
}
