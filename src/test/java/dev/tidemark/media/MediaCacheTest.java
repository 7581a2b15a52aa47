package dev.tidemark.media;

import dev.tidemark.journal.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaCacheTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path data;

    private Path original(String name, byte[] bytes) throws IOException {
        Path file = data.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path thumbnailEntry() {
        return data.resolve("cache/attachments/" + SHA + "-thumb-64.png");
    }

    private Path textEntry() {
        return data.resolve("cache/attachments/" + SHA + ".pdf.txt");
    }

    @Test
    void aThumbnailIsMadeOnceThenReadFromTheCache() throws IOException {
        Path photo = original("photo.png", TestMedia.png(TestMedia.picture(640, 480, BufferedImage.TYPE_INT_RGB)));
        MediaCache cache = new MediaCache(data);

        Images.Encoded made = cache.thumbnail(photo, SHA, "image/png", 64, () -> false);

        assertThat(thumbnailEntry()).hasBinaryContent(made.bytes());
        assertThat(new int[] {made.width(), made.height()}).containsExactly(64, 48);
        Files.setLastModifiedTime(thumbnailEntry(), LONG_AGO);

        // the original is gone: only the cache can answer, and it is not written again
        Files.delete(photo);
        Images.Encoded cached = new MediaCache(data).thumbnail(photo, SHA, "image/png", 64, () -> false);

        assertThat(cached.bytes()).isEqualTo(made.bytes());
        assertThat(cached).extracting(Images.Encoded::mediaType, Images.Encoded::width, Images.Encoded::height)
                .containsExactly("image/png", 64, 48);
        assertThat(Files.getLastModifiedTime(thumbnailEntry())).isEqualTo(LONG_AGO);
        assertThat(cache.directory()).isEqualTo(data.resolve("cache/attachments"));
    }

    @Test
    void eachSizeHasItsOwnEntry() throws IOException {
        Path photo = original("photo.png", TestMedia.png(TestMedia.picture(640, 480, BufferedImage.TYPE_INT_RGB)));
        MediaCache cache = new MediaCache(data);

        cache.thumbnail(photo, SHA, "image/png", 64, () -> false);
        Images.Encoded larger = cache.thumbnail(photo, SHA, "image/png", 200, () -> false);

        assertThat(larger.width()).isEqualTo(200);
        assertThat(data.resolve("cache/attachments/" + SHA + "-thumb-200.png")).hasBinaryContent(larger.bytes());
    }

    @Test
    void aDamagedThumbnailIsMadeAgain() throws IOException {
        Path photo = original("photo.png", TestMedia.png(TestMedia.picture(640, 480, BufferedImage.TYPE_INT_RGB)));
        MediaCache cache = new MediaCache(data);
        byte[] good = cache.thumbnail(photo, SHA, "image/png", 64, () -> false).bytes();

        for (byte[] damaged : List.of(Arrays.copyOf(good, good.length / 2), "junk".getBytes(StandardCharsets.UTF_8),
                new byte[0])) {
            Files.write(thumbnailEntry(), damaged);

            Images.Encoded again = cache.thumbnail(photo, SHA, "image/png", 64, () -> false);

            assertThat(again.bytes()).isEqualTo(good);
            assertThat(thumbnailEntry()).hasBinaryContent(good);
        }
    }

    @Test
    void aPdfsTextIsExtractedOnceThenReadFromTheCache() throws IOException {
        Path pdf = original("tides.pdf", TestMedia.textPdf(300));
        MediaCache cache = new MediaCache(data);
        AtomicInteger pagesTold = new AtomicInteger();

        Pdfs.Text made = cache.pdfText(pdf, SHA, (done, total) -> pagesTold.incrementAndGet(), () -> false);

        assertThat(made.pages()).isEqualTo(300);
        assertThat(pagesTold.get()).isEqualTo(300);
        byte[] text = made.text().getBytes(StandardCharsets.UTF_8);
        assertThat(Files.readString(textEntry(), StandardCharsets.UTF_8))
                .isEqualTo("tidemark-pdf-text 1 pages=300 bytes=" + text.length + "\n" + made.text());
        Files.setLastModifiedTime(textEntry(), LONG_AGO);

        Files.delete(pdf);
        List<String> told = new ArrayList<>();
        Pdfs.Text cached = new MediaCache(data).pdfText(pdf, SHA, (done, total) -> told.add(done + "/" + total),
                () -> false);

        assertThat(cached).isEqualTo(made);
        assertThat(told).containsExactly("300/300");
        assertThat(Files.getLastModifiedTime(textEntry())).isEqualTo(LONG_AGO);
    }

    @Test
    void aDamagedTextEntryIsExtractedAgain() throws IOException {
        Path pdf = original("tides.pdf", TestMedia.textPdf(2));
        MediaCache cache = new MediaCache(data);
        Pdfs.Text good = cache.pdfText(pdf, SHA, Pdfs.Progress.NONE, () -> false);
        byte[] whole = Files.readAllBytes(textEntry());

        List<byte[]> damaged = List.of(Arrays.copyOf(whole, whole.length - 10), // cut short
                "tidemark-pdf-text 1 pages=2 bytes=3\nabc\n".getBytes(StandardCharsets.UTF_8), // a length that lies
                "no header at all".getBytes(StandardCharsets.UTF_8),
                concat("tidemark-pdf-text 1 pages=2 bytes=2\n".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xC3, (byte) 0x28})); // not UTF-8
        for (byte[] bad : damaged) {
            Files.write(textEntry(), bad);
            AtomicInteger pages = new AtomicInteger();

            assertThat(cache.pdfText(pdf, SHA, (done, total) -> pages.incrementAndGet(), () -> false)).isEqualTo(good);
            assertThat(pages.get()).isEqualTo(2); // extracted again, page by page
            assertThat(textEntry()).hasBinaryContent(whole);
        }
    }

    @Test
    void aCancelledExtractionLeavesNoEntry() throws IOException {
        Path pdf = original("tides.pdf", TestMedia.textPdf(20));
        AtomicInteger done = new AtomicInteger();

        assertThatThrownBy(() -> new MediaCache(data).pdfText(pdf, SHA, (page, total) -> done.set(page),
                () -> done.get() >= 10)).isInstanceOf(CancellationException.class);

        assertThat(textEntry()).doesNotExist();
    }

    @Test
    void cacheFilesAndFoldersAreOwnerOnly() throws IOException {
        Path photo = original("photo.png", TestMedia.png(TestMedia.picture(64, 64, BufferedImage.TYPE_INT_RGB)));
        Path pdf = original("tides.pdf", TestMedia.textPdf(1));
        MediaCache cache = new MediaCache(data);
        cache.thumbnail(photo, SHA, "image/png", 64, () -> false);
        cache.pdfText(pdf, SHA, Pdfs.Progress.NONE, () -> false);

        assertThat(AtomicFiles.posix(data)).isTrue();
        for (Path dir : List.of(data.resolve("cache"), data.resolve("cache/attachments"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
        }
        for (Path file : List.of(thumbnailEntry(), textEntry())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void manyThreadsMakingTheSameEntryLeaveOneWholeFile() throws Exception {
        Path photo = original("photo.jpg", TestMedia.jpeg(TestMedia.picture(1600, 1200, BufferedImage.TYPE_3BYTE_BGR)));
        MediaCache cache = new MediaCache(data);
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    byte[] thumbnail = cache.thumbnail(photo, SHA, "image/jpeg", 64, () -> false).bytes();
                    TestMedia.read(thumbnail).getWidth(); // whole, whichever thread made or read it
                    return thumbnail;
                }));
            }
            start.countDown();
            byte[] first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<byte[]> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(first);
            }
            assertThat(thumbnailEntry()).hasBinaryContent(first);
            try (Stream<Path> files = Files.list(cache.directory())) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly(SHA + "-thumb-64.png");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCacheThatCannotBeWrittenStillAnswers() throws IOException {
        Path photo = original("photo.png", TestMedia.png(TestMedia.picture(320, 240, BufferedImage.TYPE_INT_RGB)));
        Files.writeString(data.resolve("cache"), "a file where the cache folder would be");

        Images.Encoded thumbnail = new MediaCache(data).thumbnail(photo, SHA, "image/png", 64, () -> false);

        assertThat(TestMedia.read(thumbnail.bytes()).getWidth()).isEqualTo(64);
    }

    @Test
    void onlyAHashNamesAnEntry() {
        MediaCache cache = new MediaCache(data);
        for (String bad : new String[] {"../../etc/passwd", SHA.toUpperCase(), SHA.substring(1), ""}) {
            assertThatThrownBy(() -> cache.thumbnail(data.resolve("x.png"), bad, "image/png", 64, () -> false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.pdfText(data.resolve("x.pdf"), bad, Pdfs.Progress.NONE, () -> false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
