package dev.tidemark.media;

import dev.tidemark.journal.AtomicFiles;

import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derived forms of stored attachments, kept under {@code <data dir>/cache/attachments/} by hash so
 * that a scrolled chat or a re-sent turn decodes nothing twice: thumbnails (PNG) and PDFs' text.
 * A cache only: rebuildable, never referenced, not checked by {@code fsck}; a damaged entry is
 * made again. Every method touches the disk: call it on a worker thread.
 *
 * <p>Files: {@code <sha256>-thumb-<maxSide>.png}, and {@code <sha256>.pdf.txt} — one header line
 * {@code tidemark-pdf-text 1 pages=<n> bytes=<length of the text in UTF-8>}, then the text. Each is
 * written to a temporary file of its own and renamed over the entry (not forced: it is a cache), so
 * a reader, or a second thread making the same entry at the same time, sees a whole file or none.
 * Files and directories are owner-only, as every file Tidemark writes. An entry that cannot be
 * written (a full disk, a read-only data directory) is not an error: the form is returned and made
 * again next time.
 */
public final class MediaCache {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String TEXT_MAGIC = "tidemark-pdf-text 1";
    private static final Pattern TEXT_HEADER = Pattern.compile(TEXT_MAGIC + " pages=(\\d{1,9}) bytes=(\\d{1,10})");
    /** A PNG's last chunk, IEND, whole: length 0, type, CRC. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private final Path directory;

    /** @param dataDirectory the data directory (the cache is its {@code cache/attachments/}) */
    public MediaCache(Path dataDirectory) {
        this.directory = dataDirectory.resolve("cache").resolve("attachments");
        // PDFBox keeps the list of system fonts it scanned in a file of its own, by default in the home
        // folder and readable by all; keep it in the data directory's cache instead (first cache wins)
        if (System.getProperty(PDFBOX_FONT_CACHE) == null) {
            System.setProperty(PDFBOX_FONT_CACHE, dataDirectory.resolve("cache").toString());
        }
    }

    /** PDFBox's system property naming the folder of its font cache file ({@code .pdfbox.cache}). */
    static final String PDFBOX_FONT_CACHE = "pdfbox.fontcache";

    /**
     * A PNG thumbnail of a stored image or PDF (first page), at most {@code maxSide} px on its long side.
     *
     * @param original the stored file ({@code AttachmentStore.path(sha256)})
     */
    public Images.Encoded thumbnail(Path original, String sha256, String mediaType, int maxSide,
                                    BooleanSupplier cancelled) throws IOException {
        Path entry = entry(sha256, "-thumb-" + maxSide + ".png");
        Images.Encoded cached = readThumbnail(entry);
        if (cached != null) {
            return cached;
        }
        Images.Encoded made = Images.thumbnail(original, mediaType, maxSide, cancelled);
        store(entry, made.bytes());
        return made;
    }

    /** A stored PDF's text (extracted once, then read from the cache), with progress, cancellable between pages. */
    public Pdfs.Text pdfText(Path original, String sha256, Pdfs.Progress progress, BooleanSupplier cancelled)
            throws IOException {
        Path entry = entry(sha256, ".pdf.txt");
        Pdfs.Text cached = readText(entry);
        if (cached != null) {
            progress.page(cached.pages(), cached.pages());
            return cached;
        }
        Pdfs.Text made = Pdfs.text(original, progress, cancelled);
        byte[] text = made.text().getBytes(StandardCharsets.UTF_8);
        byte[] header = (TEXT_MAGIC + " pages=" + made.pages() + " bytes=" + text.length + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = Arrays.copyOf(header, header.length + text.length);
        System.arraycopy(text, 0, file, header.length, text.length);
        store(entry, file);
        return made;
    }

    public Path directory() {
        return directory;
    }

    private Path entry(String sha256, String suffix) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lowercase hex: " + sha256);
        }
        return directory.resolve(sha256 + suffix);
    }

    /** The cached thumbnail, or null when there is none or it is not a whole PNG. */
    private static Images.Encoded readThumbnail(Path entry) {
        byte[] bytes = readIfPresent(entry);
        if (bytes == null || bytes.length < PNG_END.length
                || !Arrays.equals(bytes, bytes.length - PNG_END.length, bytes.length, PNG_END, 0, PNG_END.length)) {
            return null;
        }
        try (ImageCodec.Probe probe = ImageCodec.probe(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)))) {
            return probe.format().equals("png") ? new Images.Encoded("image/png", bytes, probe.width(), probe.height()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The cached text, or null when there is none or its header does not describe what follows. */
    private static Pdfs.Text readText(Path entry) {
        byte[] bytes = readIfPresent(entry);
        if (bytes == null) {
            return null;
        }
        int newline = 0;
        while (newline < bytes.length && newline <= 64 && bytes[newline] != '\n') {
            newline++;
        }
        if (newline >= bytes.length || bytes[newline] != '\n') {
            return null;
        }
        Matcher header = TEXT_HEADER.matcher(new String(bytes, 0, newline, StandardCharsets.US_ASCII));
        if (!header.matches() || Long.parseLong(header.group(2)) != bytes.length - newline - 1L) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, newline + 1, bytes.length - newline - 1)).toString();
            return new Pdfs.Text(Integer.parseInt(header.group(1)), text);
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] readIfPresent(Path entry) {
        try {
            return Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // unreadable: made again, and the new one renamed over it
        }
    }

    /** Temp file of its own, then a rename over the entry; a failure leaves no temp file and is not an error. */
    private void store(Path entry, byte[] content) {
        Path temp = null;
        try {
            AtomicFiles.createDirectory(directory);
            temp = Files.createTempFile(directory, entry.getFileName() + ".", ".part", AtomicFiles.ownerOnlyFile(directory));
            Files.write(temp, content);
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | SecurityException e) {
            // a cache: the caller has its form; the entry is made again next time
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover .part file in a cache directory harms nothing
                }
            }
        }
    }
}
