package dev.tidemark.session;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.testing.Mounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attachment store on real files: stores while hashing and sniffing, one file per content,
 * heals a damaged copy, refuses in words (never leaving a {@code *.part}), and keeps everything
 * owner-only. A full disk is a real tmpfs of 400 KB.
 */
class AttachmentStoreTest {

    @TempDir
    Path tmp;

    private Path dataDir() {
        return tmp.resolve("data");
    }

    private AttachmentStore store() {
        return new AttachmentStore(dataDir());
    }

    static byte[] png(int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("source"));
        return Files.write(dir.resolve(name), bytes);
    }

    private List<String> storedNames() throws IOException {
        Path dir = dataDir().resolve(AttachmentStore.FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anImageIsStoredUnderItsHashWithItsSniffedTypeOwnerOnly() throws Exception {
        byte[] bytes = png(40, 30, 1);
        Path source = write("photo.jpg", bytes); // the name lies: the bytes are a PNG
        Attachment a = store().store(source);
        assertThat(a.name()).isEqualTo("photo.jpg");
        assertThat(a.mediaType()).isEqualTo("image/png");
        assertThat(a.size()).isEqualTo(bytes.length);
        assertThat(a.sha256()).isEqualTo(AttachmentStore.hash(bytes));
        Path stored = dataDir().resolve("attachments").resolve(a.sha256());
        assertThat(stored).hasBinaryContent(bytes);
        assertThat(storedNames()).containsExactly(a.sha256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent())))
                .isEqualTo("rwx------");
        assertThat(store().read(a)).isEqualTo(bytes);
        assertThat(store().check(a)).isEqualTo(AttachmentStore.State.INTACT);
    }

    @Test
    void jpegGifPdfWebpAndTextAreStored() throws Exception {
        for (String format : List.of("jpeg", "gif")) {
            BufferedImage image = new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            assertThat(store().store(out.toByteArray(), "pic." + format).mediaType()).isEqualTo("image/" + format);
        }
        assertThat(store().store("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), "r.pdf").mediaType())
                .isEqualTo("application/pdf");
        byte[] webp = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P'};
        assertThat(store().store(webp, "w.webp").mediaType()).isEqualTo("image/webp");
        assertThat(store().store(write("notes.md", "# Tides \u6f6e".getBytes(StandardCharsets.UTF_8))).mediaType())
                .isEqualTo("text/markdown");
        Attachment empty = store().store(write("empty.txt", new byte[0]));
        assertThat(empty.mediaType()).isEqualTo("text/plain");
        assertThat(empty.size()).isZero();
        assertThat(store().read(empty)).isEmpty();
        assertThat(storedNames()).hasSize(6).allMatch(Attachment::isHash);
    }

    @Test
    void theSameBytesTwiceAreOneFile() throws Exception {
        byte[] bytes = png(20, 20, 2);
        Attachment first = store().store(write("a.png", bytes));
        Path stored = store().path(first.sha256());
        long inode = (long) Files.getAttribute(stored, "unix:ino");
        Attachment second = store().store(bytes, "pasted.png");
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(second.name()).isEqualTo("pasted.png");
        assertThat(storedNames()).containsExactly(first.sha256());
        assertThat((long) Files.getAttribute(stored, "unix:ino")).as("the intact copy is kept").isEqualTo(inode);
    }

    @Test
    void aDamagedCopyIsRefusedOnReadAndHealedByStoringItAgain() throws Exception {
        byte[] bytes = png(20, 20, 3);
        Attachment a = store().store(write("photo.png", bytes));
        Path stored = store().path(a.sha256());
        try (RandomAccessFile f = new RandomAccessFile(stored.toFile(), "rw")) {
            f.seek(bytes.length / 2);
            f.write(bytes[bytes.length / 2] ^ 0x01);
        }
        assertThat(store().check(a)).isEqualTo(AttachmentStore.State.DAMAGED);
        assertThatThrownBy(() -> store().read(a)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("photo.png is damaged in Tidemark's data folder: its bytes no longer match what was"
                        + " attached (attachments/" + a.sha256() + "). Restore it from a backup or an export.");

        store().store(bytes, "again.png");
        assertThat(store().check(a)).isEqualTo(AttachmentStore.State.INTACT);
        assertThat(store().read(a)).isEqualTo(bytes);
        assertThat(storedNames()).containsExactly(a.sha256());

        Files.write(stored, java.util.Arrays.copyOf(bytes, 10)); // cut short
        assertThat(store().check(a)).isEqualTo(AttachmentStore.State.DAMAGED);
        Files.delete(stored);
        assertThat(store().check(a)).isEqualTo(AttachmentStore.State.MISSING);
        assertThatThrownBy(() -> store().read(a)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessageStartingWith("photo.png is missing from Tidemark's data folder (attachments/" + a.sha256() + ")");
    }

    @Test
    void aFileOverTwentyMegabytesIsRefusedNamingItAndBothSizes() throws Exception {
        Path big = tmp.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Attachment.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> store().store(big)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("huge.png cannot be attached: it is 20.0 MB (20,971,521 bytes), and a file can be at"
                        + " most 20.0 MB (20,971,520 bytes).");
        Path bigger = tmp.resolve("bigger.pdf");
        try (RandomAccessFile f = new RandomAccessFile(bigger.toFile(), "rw")) {
            f.setLength(25L * 1024 * 1024);
        }
        assertThatThrownBy(() -> store().store(bigger)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("bigger.pdf cannot be attached: it is 25.0 MB, and a file can be at most 20.0 MB.");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void textOverOneMegabyteIsRefusedAndLeavesNoPart() throws Exception {
        byte[] text = "tide ".repeat(230_000).getBytes(StandardCharsets.UTF_8); // 1.1 MB
        assertThatThrownBy(() -> store().store(write("log.txt", text))).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("log.txt cannot be attached: it is 1.1 MB of text, and a text file can be at most 1.0 MB.");
        assertThat(storedNames()).isEmpty();
        byte[] exactly = new byte[(int) Attachment.MAX_TEXT_BYTES];
        java.util.Arrays.fill(exactly, (byte) 'a');
        assertThat(store().store(exactly, "limit.txt").size()).isEqualTo(Attachment.MAX_TEXT_BYTES);
    }

    @Test
    void aMissingFileAFolderABinaryAndLatin1AreRefusedInWordsLeavingNothing() throws Exception {
        assertThatThrownBy(() -> store().store(tmp.resolve("gone.png"))).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("gone.png cannot be attached: there is no such file.");
        Path folder = Files.createDirectory(tmp.resolve("pictures"));
        assertThatThrownBy(() -> store().store(folder)).isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("pictures cannot be attached: it is a folder, not a file.");
        assertThatThrownBy(() -> store().store(write("data.bin", new byte[] {1, 2, 0, 3})))
                .isInstanceOf(AttachmentRefusedException.class).hasMessageContaining("data.bin cannot be attached");
        assertThatThrownBy(() -> store().store(write("menu.txt", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(AttachmentRefusedException.class).hasMessageContaining("menu.txt cannot be attached");
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void aCancelledStoreLeavesNoPart() throws Exception {
        byte[] bytes = new byte[5 * 64 * 1024];
        java.util.Arrays.fill(bytes, (byte) 'x');
        AtomicInteger reads = new AtomicInteger();
        assertThatThrownBy(() -> store().store(write("long.txt", bytes), (done, total) -> { },
                () -> reads.incrementAndGet() > 2)).isInstanceOf(CancellationException.class);
        assertThat(reads.get()).isEqualTo(3);
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void progressIsToldUpToTheWholeSize() throws Exception {
        byte[] bytes = png(300, 300, 4);
        List<long[]> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        store().store(write("p.png", bytes), (done, total) -> told.add(new long[] {done, total}), () -> false);
        assertThat(told).isNotEmpty();
        assertThat(told.get(told.size() - 1)).containsExactly(bytes.length, bytes.length);
    }

    @Test
    void aFullDiskIsSaidInWordsAndLeavesNothingBehind() throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("disk"));
        Mounts.tmpfs(mount, "400k");
        try {
            AttachmentStore store = new AttachmentStore(mount.resolve("tidemark"));
            byte[] bytes = png(400, 400, 5); // about 480 KB of noise: more than the disk holds
            assertThat(bytes.length).isGreaterThan(400 * 1024);
            assertThatThrownBy(() -> store.store(bytes, "big.png")).isInstanceOf(AttachmentRefusedException.class)
                    .hasMessage("big.png could not be kept in Tidemark's data folder (the disk is full). Nothing was"
                            + " attached.");
            try (Stream<Path> files = Files.list(store.directory())) {
                assertThat(files).isEmpty();
            }
            // and once there is room, the next store works
            Attachment small = store.store(png(10, 10, 6), "small.png");
            assertThat(store.check(small)).isEqualTo(AttachmentStore.State.INTACT);
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void aRefusalForAnUnwritableStoreNamesNoMachinePath() throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("ro"));
        Mounts.tmpfs(mount, "100k");
        try {
            Files.createDirectories(mount.resolve("tidemark").resolve(AttachmentStore.FOLDER));
            Mounts.run("mount", "-o", "remount,ro", mount.toString());
            AttachmentStore store = new AttachmentStore(mount.resolve("tidemark"));
            assertThatThrownBy(() -> store.store(new byte[] {'h', 'i'}, "hi.txt"))
                    .isInstanceOf(AttachmentRefusedException.class)
                    .hasMessage("hi.txt could not be kept in Tidemark's data folder (Read-only file system). Nothing"
                            + " was attached.");
        } finally {
            Mounts.unmount(mount);
        }
    }
}
