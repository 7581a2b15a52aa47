package dev.tidemark.ui.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The files waiting above the composer for the next message: each is stored in the attachment
 * store on the background executor as soon as it is added (a PDF's text is read into the cache
 * too, with progress, so that sending it is quick), shown as a chip, and can be removed (which
 * cancels a store or a read under way). Send waits while any is busy. Files that cannot be
 * attached (too many, too large, unsupported, unreadable) are refused with words naming them in
 * the composer's notice, and leave no chip. Also holds the warning shown instead of sending when
 * the chosen model is known not to take these files. Every property lives on the FX thread.
 */
public final class ComposerAttachments {

    /** The long side of a chip's thumbnail, in pixels. */
    static final int CHIP_THUMBNAIL = 48;

    /** One file above the composer: being stored (or read), or ready to go with the next message. */
    public static final class Pending {
        private final String name;
        private final AtomicBoolean cancelled = new AtomicBoolean(); // set on the FX thread, read by the worker
        private final ObjectProperty<Attachment> attachment = new SimpleObjectProperty<>(this, "attachment");
        private final StringProperty progress = new SimpleStringProperty(this, "progress", "");
        private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", true);
        private final ObjectProperty<Image> thumbnail = new SimpleObjectProperty<>(this, "thumbnail");

        Pending(String name) {
            this.name = name;
            progress.set("Attaching\u2026");
        }

        public String name() {
            return name;
        }

        /** The stored file, once stored; null until then. */
        public ReadOnlyObjectProperty<Attachment> attachmentProperty() {
            return attachment;
        }

        /** What is happening to it ("Reading report.pdf… page 120 of 300"); "" once ready. */
        public ReadOnlyStringProperty progressProperty() {
            return progress;
        }

        /** True while it is being stored or read: Send waits. */
        public ReadOnlyBooleanProperty busyProperty() {
            return busy;
        }

        /** Its small picture (an image, a PDF's first page), once made; null for an icon. */
        public ReadOnlyObjectProperty<Image> thumbnailProperty() {
            return thumbnail;
        }
    }

    private final AttachmentFiles files;
    private final AttachmentLoader loader;
    private final Executor background;
    private final Executor fx;
    private final Consumer<String> notice;
    private final ObservableList<Pending> pending = FXCollections.observableArrayList(
            p -> new javafx.beans.Observable[] {p.busy});
    private final BooleanBinding busy = Bindings.createBooleanBinding(
            () -> pending.stream().anyMatch(p -> p.busy.get()), pending);
    /** Why the chosen model will not take these files; "" when no warning is shown. */
    private final StringProperty refusal = new SimpleStringProperty(this, "refusal", "");
    private Runnable textOnly; // FX thread: sends the message without its files, once the warning is answered so

    /**
     * @param notice says in the composer why a file was refused ("" clears it)
     */
    ComposerAttachments(AttachmentFiles files, AttachmentLoader loader, Executor background, Executor fx,
                        Consumer<String> notice) {
        this.files = files;
        this.loader = loader;
        this.background = background;
        this.fx = fx;
        this.notice = notice;
    }

    /** The chips, in the order attached. */
    public ObservableList<Pending> pending() {
        return pending;
    }

    /** True while any file is still being stored or read. */
    public BooleanBinding busyProperty() {
        return busy;
    }

    /** Attaches files (chosen, dropped or pasted from a file manager); each is stored in the background. */
    public void attach(List<Path> paths) {
        StringBuilder refused = new StringBuilder();
        for (Path path : paths) {
            String name = String.valueOf(path.getFileName());
            if (pending.size() >= Attachment.MAX_PER_MESSAGE) {
                refused.append(refused.length() == 0 ? "" : " ").append(name).append(" cannot be attached: a message")
                        .append(" can carry at most ").append(Attachment.MAX_PER_MESSAGE).append(" files.");
                continue;
            }
            Pending chip = new Pending(name);
            pending.add(chip);
            AtomicLong shownPercent = new AtomicLong(-1);
            run(chip, () -> files.store(path, (bytes, total) -> {
                loader.observe("store " + name);
                long percent = total <= 0 ? 100 : bytes * 100 / total;
                if (shownPercent.getAndSet(percent) != percent) { // a few updates, not one per 64 KB
                    fx.execute(() -> chip.progress.set("Attaching\u2026 " + percent + "%"));
                }
            }, chip.cancelled::get));
        }
        notice.accept(refused.toString());
    }

    /**
     * Attaches an image pasted from the clipboard as {@code pasted-image-<time>.png}: its pixels are
     * read here, on the FX thread, and encoded to PNG and stored on a worker.
     */
    public void attachImage(Image image) {
        String name = "pasted-image-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".png";
        if (pending.size() >= Attachment.MAX_PER_MESSAGE) {
            notice.accept(name + " cannot be attached: a message can carry at most " + Attachment.MAX_PER_MESSAGE
                    + " files.");
            return;
        }
        PastedImage pixels = PastedImage.read(image);
        Pending chip = new Pending(name);
        pending.add(chip);
        notice.accept("");
        run(chip, () -> {
            loader.observe("encode " + name);
            return files.store(pixels.png(), name);
        });
    }

    /** Stores on the background executor, then (a PDF) reads its text, then shows the chip as ready. */
    private void run(Pending chip, Storing storing) {
        CompletableFuture.supplyAsync(() -> {
            try {
                Attachment stored = storing.store();
                if (stored.isPdf()) {
                    readPdf(chip, stored);
                }
                return stored;
            } catch (AttachmentRefusedException e) {
                throw new CompletionException(e);
            } catch (IOException e) { // a PDF that cannot be read: its words name the file
                throw new CompletionException(new AttachmentRefusedException(e.getMessage(), e));
            }
        }, background).whenCompleteAsync((stored, error) -> {
            if (!pending.contains(chip)) {
                return; // removed meanwhile
            }
            if (error != null) {
                pending.remove(chip);
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (!(cause instanceof CancellationException)) {
                    notice.accept(cause instanceof AttachmentRefusedException ? cause.getMessage()
                            : chip.name + " could not be attached. Try again, or attach another file.");
                }
                return;
            }
            chip.attachment.set(stored);
            chip.progress.set("");
            chip.busy.set(false);
            if (stored.isImage() || stored.isPdf()) {
                loader.thumbnail(stored, CHIP_THUMBNAIL, (image, problem) -> chip.thumbnail.set(image));
            }
        }, fx);
    }

    /**
     * On the worker: reads a stored PDF's text into the cache, telling each page. A PDF that cannot
     * be read (damaged, protected by a password) is refused in the reader's words; any other
     * failure leaves it attached (the text is read again when it is sent).
     */
    private void readPdf(Pending chip, Attachment stored) throws IOException, AttachmentRefusedException {
        try {
            files.readPdf(stored, (done, total) -> {
                loader.observe("read " + stored.name());
                fx.execute(() -> chip.progress.set("Reading " + stored.name() + "\u2026 page " + done + " of " + total));
            }, chip.cancelled::get);
        } catch (CancellationException | IOException | AttachmentRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(ComposerAttachments.class.getName()).log(java.util.logging.Level.WARNING,
                    "Could not read the text of an attached PDF ahead of sending", e);
        }
    }

    @FunctionalInterface
    private interface Storing {
        Attachment store() throws AttachmentRefusedException;
    }

    /** Removes a chip; one still being stored or read is cancelled. The stored file stays for fsck --repair. */
    public void remove(Pending chip) {
        chip.cancelled.set(true);
        pending.remove(chip);
    }

    /** The files ready to go with the next message, in the order attached. */
    List<Attachment> ready() {
        return pending.stream().filter(p -> !p.busy.get()).map(p -> p.attachment.get()).toList();
    }

    /** After a send: the chips go. */
    void clear() {
        pending.forEach(p -> p.cancelled.set(true));
        pending.clear();
        refusal.set("");
        textOnly = null;
    }

    /** Warns, instead of sending, that the chosen model will not take these files; {@code sendTextOnly} sends without them. */
    void refuse(String words, Runnable sendTextOnly) {
        textOnly = sendTextOnly;
        refusal.set(words);
    }

    /** The warning shown instead of sending; "" when none. */
    public ReadOnlyStringProperty refusalProperty() {
        return refusal;
    }

    /** "Send the text only": the message goes without its files. */
    public void sendTextOnly() {
        Runnable send = textOnly;
        textOnly = null;
        refusal.set("");
        if (send != null) {
            send.run();
        }
    }

    /** "Cancel": nothing is sent; the text and the chips stay. */
    public void cancelRefusal() {
        textOnly = null;
        refusal.set("");
    }
}
