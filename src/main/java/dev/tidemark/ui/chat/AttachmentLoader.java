package dev.tidemark.ui.chat;

import dev.tidemark.media.Images;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import javafx.scene.image.Image;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Thumbnails of attachments for the conversation and the composer, and the files' other slow
 * work: each thumbnail is made by the media cache and decoded into an FX {@link Image} on the
 * background executor (never the FX thread), then kept in memory by hash and size, the least
 * recently used going first beyond {@link #CAPACITY}; a second ask while one is being made waits
 * for the same one. Opening a file with the system's application copies it on a worker first.
 * The maps are the FX thread's.
 */
final class AttachmentLoader {

    /** Thumbnails kept in memory: a screenful of a chat full of images, and then some. */
    static final int CAPACITY = 96;

    private record Key(String sha256, int side) {
    }

    private final AttachmentFiles files;
    private final Executor background;
    private final Executor fx;
    private final Map<Key, Image> images = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Image> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Thumbnails being made, and who waits for each (image, or null and the words why not). */
    private final Map<Key, List<BiConsumer<Image, String>>> waiting = new HashMap<>();
    private volatile Consumer<String> watcher = what -> { };

    AttachmentLoader(AttachmentFiles files, Executor background, Executor fx) {
        this.files = files;
        this.background = background;
        this.fx = fx;
    }

    /**
     * For tests: told, on the thread that does it, of each piece of slow work (storing, encoding,
     * reading a PDF, making or decoding a thumbnail), so a test can see it is never the FX thread.
     */
    void watchWork(Consumer<String> watcher) {
        this.watcher = watcher;
    }

    /** Called by the worker doing {@code what}; see {@link #watchWork}. */
    void observe(String what) {
        watcher.accept(what);
    }

    /** The thumbnail if it is in memory now; FX thread. */
    Optional<Image> cached(Attachment attachment, int side) {
        return Optional.ofNullable(images.get(new Key(attachment.sha256(), side)));
    }

    /**
     * Calls {@code done} on the FX thread with the thumbnail, at most {@code side} pixels on its long
     * side; or with null and words when the stored file is missing or damaged; or with two nulls
     * when it is there but has no picture to show (a format no decoder here reads).
     */
    void thumbnail(Attachment attachment, int side, BiConsumer<Image, String> done) {
        Key key = new Key(attachment.sha256(), side);
        Image known = images.get(key);
        if (known != null) {
            done.accept(known, null);
            return;
        }
        List<BiConsumer<Image, String>> queue = waiting.get(key);
        if (queue != null) {
            queue.add(done);
            return;
        }
        queue = new ArrayList<>(List.of(done));
        waiting.put(key, queue);
        CompletableFuture.supplyAsync(() -> decode(attachment, side), background)
                .whenCompleteAsync((result, error) -> {
                    List<BiConsumer<Image, String>> told = waiting.remove(key);
                    Image image = error == null ? result.image() : null;
                    String problem = error == null ? result.problem() : null;
                    if (image != null) {
                        images.put(key, image);
                    }
                    told.forEach(d -> d.accept(image, problem));
                }, fx);
    }

    private record Decoded(Image image, String problem) {
    }

    /** On the background executor: the cached PNG thumbnail, decoded. */
    private Decoded decode(Attachment attachment, int side) {
        observe("thumbnail " + attachment.name());
        try {
            Images.Encoded png = files.thumbnail(attachment, side, () -> false);
            Image image = new Image(new ByteArrayInputStream(png.bytes()));
            return new Decoded(image.isError() ? null : image, null);
        } catch (AttachmentRefusedException e) {
            return new Decoded(null, e.getMessage());
        } catch (Exception e) { // a file the decoders cannot read is shown as a file (with an icon), never as an error
            return new Decoded(null, null);
        }
    }

    /** Calls {@code onProblem} on the FX thread when the stored file is missing or not what was attached. */
    void checkPresent(Attachment attachment, Consumer<String> onProblem) {
        CompletableFuture.supplyAsync(() -> {
            observe("check " + attachment.name());
            return files.problem(attachment);
        }, background).thenAcceptAsync(problem -> problem.ifPresent(onProblem), fx);
    }

    /**
     * Copies the file under its name on a worker, then hands it to {@code opener} (the system's
     * application) on the FX thread; {@code failed} gets words when it cannot be.
     */
    void open(Attachment attachment, Consumer<String> opener, Consumer<String> failed) {
        CompletableFuture.supplyAsync(() -> {
            observe("open " + attachment.name());
            try {
                return files.openable(attachment);
            } catch (AttachmentRefusedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, background).whenCompleteAsync((uri, error) -> {
            if (error == null) {
                opener.accept(uri);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                failed.accept(cause instanceof AttachmentRefusedException ? cause.getMessage()
                        : attachment.name() + " could not be opened.");
            }
        }, fx);
    }
}
