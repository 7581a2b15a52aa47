package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attachments' command line (issue 16's contract), on the packaged jar in child JVMs:
 * {@code chat --attach} refusing a file before anything is stored, sent or journaled; the files
 * kept by hash and listed by {@code show}; export and import taking them along byte for byte;
 * Markdown's folder and its listing on standard output.
 */
class AttachmentsCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FAST_DEMO = List.of("-Dtidemark.demo.tokenMillis=1");
    private static final String KEY = "sk-test-SECRET0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void aFileThatCannotBeAttachedIsAUsageErrorNamingItAndNothingIsSentOrJournaled() throws Exception {
        Path data = tmp.resolve("data");
        Path huge = tmp.resolve("huge.png");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(21L * 1024 * 1024);
        }
        byte[] binary = new byte[4096];
        new Random(16).nextBytes(binary);
        binary[0] = 0;
        Path blob = Files.write(tmp.resolve("blob.bin"), binary);
        Path longText = Files.writeString(tmp.resolve("long.txt"), "tide ".repeat(300_000));
        List<String> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add("--attach");
            eleven.add(Files.writeString(tmp.resolve("note" + i + ".txt"), "note " + i).toString());
        }
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(List.of("never"), Duration.ZERO).response());
            server.start();
            String base = server.url("/v1").toString();
            assertRefused(data, base, "nosuch.png", "nosuch.png cannot be attached: there is no such file.",
                    "--attach", tmp.resolve("nosuch.png").toString());
            assertRefused(data, base, "huge.png", "huge.png cannot be attached: it is 21.0 MB, and a file can be at"
                    + " most 20.0 MB.", "--attach", huge.toString());
            assertRefused(data, base, "blob.bin", "blob.bin cannot be attached: it is not an image (PNG, JPEG, GIF,"
                    + " WebP), a PDF or a text file.", "--attach", blob.toString());
            assertRefused(data, base, "long.txt", "long.txt cannot be attached: it is 1.4 MB of text, and a text file"
                    + " can be at most 1.0 MB.", "--attach", longText.toString());
            assertRefused(data, base, "note11.txt", "note11.txt cannot be attached: a message can carry at most 10"
                    + " files (11 were given with --attach).", eleven.toArray(String[]::new));
            Path fine = Files.writeString(tmp.resolve("fine.txt"), "a file that could be attached");
            assertRefused(data, base, "nosuch.pdf", "nosuch.pdf cannot be attached: there is no such file.",
                    "--attach", fine.toString(), "--attach", tmp.resolve("nosuch.pdf").toString());
            assertRefused(data, base, "tmp", "cannot be attached: it is a folder, not a file.",
                    "--attach", Files.createDirectories(tmp.resolve("tmp")).toString());

            assertThat(server.getRequestCount()).as("nothing was sent").isZero();
        }
        assertThat(sessionsJson(data)).as("no session was made").isEmpty();
        assertThat(journalText(data)).doesNotContain("user.message").doesNotContain("session.created");
        assertThat(filesIn(data.resolve("attachments"))).as("nothing was stored").isEmpty();
    }

    /** Passes once att-wire's capabilities stand behind ChatService.refusal (until then it says nothing). */
    @Test
    void anImageForAModelKnownNotToTakeImagesIsRefusedBeforeAnythingIsSent() throws Exception {
        Path data = tmp.resolve("data");
        Path photo = Files.write(tmp.resolve("photo.png"), png(Color.ORANGE));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(List.of("never"), Duration.ZERO).response());
            server.start();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", data.toString(), "chat", "--provider", "openai", "--base-url",
                    server.url("/v1").toString(), "--model", "gpt-3.5-turbo", "--attach", photo.toString(),
                    "What is this?");
            assertThat(chat.waitFor()).as(chat.err()).isEqualTo(2);
            assertThat(chat.err().lines().toList()).singleElement().asString().startsWith("tidemark: ")
                    .contains("photo.png").doesNotContain("Exception");
            assertThat(server.getRequestCount()).isZero();
        }
        assertThat(sessionsJson(data)).isEmpty();
        assertThat(journalText(data)).doesNotContain("user.message");
    }

    /** show's attachments need session format 5 (att-store's part of issue 16): with it, this passes. */
    @Test
    void attachedFilesAreKeptByTheirHashSentAndListedByShow() throws Exception {
        Path data = tmp.resolve("data");
        byte[] png = png(Color.ORANGE);
        Path photo = Files.write(tmp.resolve("photo.png"), png);
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "high water 14:32\n");
        Path more = Files.writeString(tmp.resolve("more.md"), "# Low water\n20:41\n");
        String sessionId;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(List.of("Two ", "files."), Duration.ZERO).response());
            server.enqueue(SlowSseBody.openAi(List.of("One more."), Duration.ZERO).response());
            server.start();
            String base = server.url("/v1").toString();
            TidemarkProcess first = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", data.toString(), "chat", "--provider", "openai", "--base-url", base,
                    "--model", "gpt-4o", "--attach", photo.toString(), "--attach", notes.toString(), "What", "is", "this?");
            assertThat(first.waitFor()).as(first.err()).isZero();
            assertThat(first.out().strip()).isEqualTo("Two files.");
            sessionId = sessionIdFrom(first);
            TidemarkProcess second = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", data.toString(), "chat", "--provider", "openai", "--base-url", base,
                    "--model", "gpt-4o", "--session", sessionId, "--attach", more.toString(), "And", "this?");
            assertThat(second.waitFor()).as(second.err()).isZero();
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
        assertThat(data.resolve("attachments").resolve(sha256(png))).hasBinaryContent(png);
        assertThat(data.resolve("attachments").resolve(sha256(Files.readAllBytes(notes)))).hasSameBinaryContentAs(notes);

        JsonNode messages = show(data, sessionId, "--json").path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("attachments")).isEqualTo(JSON.readTree("[{\"name\":\"photo.png\","
                + "\"mediaType\":\"image/png\",\"size\":" + png.length + ",\"sha256\":\"" + sha256(png) + "\"},"
                + "{\"name\":\"notes.txt\",\"mediaType\":\"text/plain\",\"size\":17,\"sha256\":\""
                + sha256(Files.readAllBytes(notes)) + "\"}]")); // in any order of keys
        assertThat(messages.get(1).has("attachments")).as("absent when none").isFalse();
        assertThat(messages.get(2).path("attachments").get(0).path("mediaType").asText()).isEqualTo("text/markdown");

        TidemarkProcess text = run(data, "show", sessionId);
        assertThat(text.waitFor()).as(text.err()).isZero();
        assertThat(text.out()).contains("What is this?\nAttachments: photo.png (image/png, " + kilobytes(png.length)
                + "), notes.txt (text/plain, 17 bytes)\n");
    }

    /** Needs session format 5 (att-store's part of issue 16) for the messages' references; with it, this passes. */
    @Test
    void exportThenImportIntoAFreshDataDirectoryIsByteExactAndAMissingOrDamagedFileImportsNothing() throws Exception {
        Path first = tmp.resolve("first");
        byte[] png = png(Color.BLUE);
        Path photo = Files.write(tmp.resolve("photo.png"), png);
        byte[] text = "bowline: a loop that does not slip\n".getBytes(StandardCharsets.UTF_8);
        Path notes = Files.write(tmp.resolve("knots.txt"), text);
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", first.toString(), "chat",
                "--attach", photo.toString(), "--attach", notes.toString(), "Which", "knot?");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        String sessionId = sessionIdFrom(chat);

        Path export = tmp.resolve("out").resolve("chats.json");
        TidemarkProcess exported = run(first, "export", "--all", "--format", "json", "--out", export.toString());
        assertThat(exported.waitFor()).as(exported.err()).isZero();
        assertThat(JSON.readTree(export.toFile()).path("attachments").asText()).isEqualTo("chats.attachments");
        Path folder = tmp.resolve("out").resolve("chats.attachments");
        assertThat(folder.resolve(sha256(png))).hasBinaryContent(png);
        assertThat(folder.resolve(sha256(text))).hasBinaryContent(text);

        Path second = tmp.resolve("second");
        TidemarkProcess imported = run(second, "import", export.toString());
        assertThat(imported.waitFor()).as(imported.err()).isZero();
        assertThat(show(second, sessionId, "--json", "--tree")).isEqualTo(show(first, sessionId, "--json", "--tree"));
        assertThat(show(second, sessionId, "--json").path("messages").get(0).path("attachments")).hasSize(2);
        assertThat(second.resolve("attachments").resolve(sha256(png))).hasBinaryContent(png);
        assertThat(second.resolve("attachments").resolve(sha256(text))).hasBinaryContent(text);

        Files.delete(folder.resolve(sha256(text)));
        Path third = tmp.resolve("third");
        TidemarkProcess missing = run(third, "import", export.toString());
        assertThat(missing.waitFor()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("tidemark: Cannot import chats.json: its attachment knots.txt is"
                + " missing: there is no chats.attachments/" + sha256(text) + " beside it. Copy the folder"
                + " chats.attachments along with the file. Nothing was imported.");
        assertThat(sessionsJson(third)).isEmpty();

        Files.write(folder.resolve(sha256(text)), "bowline: a loop that does slip!\n".getBytes(StandardCharsets.UTF_8));
        TidemarkProcess damaged = run(third, "import", export.toString());
        assertThat(damaged.waitFor()).isEqualTo(1);
        assertThat(damaged.err()).contains("its attachment knots.txt is damaged").contains("Nothing was imported.");
        assertThat(sessionsJson(third)).isEmpty();
        assertThat(filesIn(third.resolve("attachments"))).as("nothing half-imported").isEmpty();
    }

    /** Needs session format 5 (att-store's part of issue 16): the child reads the session back from its file. */
    @Test
    void markdownToAFileCopiesTheFilesBesideItAndToStandardOutputNamesThemWithTheirHash() throws Exception {
        Path data = tmp.resolve("data");
        byte[] png = png(Color.GREEN);
        Path photo = Files.write(tmp.resolve("photo.png"), png);
        Path notes = Files.writeString(tmp.resolve("report.txt"), "all clear\n");
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", data.toString(), "chat",
                "--attach", photo.toString(), "--attach", notes.toString(), "Look");
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        String sessionId = sessionIdFrom(chat);

        Path md = tmp.resolve("out").resolve("chat.md");
        TidemarkProcess toFile = run(data, "export", sessionId, "--out", md.toString());
        assertThat(toFile.waitFor()).as(toFile.err()).isZero();
        assertThat(tmp.resolve("out").resolve("chat.files").resolve("photo.png")).hasBinaryContent(png);
        assertThat(tmp.resolve("out").resolve("chat.files").resolve("report.txt")).hasSameBinaryContentAs(notes);
        assertThat(Files.readString(md)).contains("Look\n\n![photo.png](<chat.files/photo.png>)\n"
                + "[report.txt](<chat.files/report.txt>)\n");

        TidemarkProcess again = run(data, "export", sessionId, "--out", md.toString(), "--force");
        assertThat(again.waitFor()).as(again.err()).isZero();
        Files.delete(md);
        TidemarkProcess folderThere = run(data, "export", sessionId, "--out", md.toString());
        assertThat(folderThere.waitFor()).isEqualTo(1);
        assertThat(folderThere.err()).contains("chat.files already exists; nothing was exported.");

        TidemarkProcess toStdout = run(data, "export", sessionId);
        assertThat(toStdout.waitFor()).as(toStdout.err()).isZero();
        assertThat(toStdout.out()).contains("Look\n\nAttachments: photo.png (image/png, " + kilobytes(png.length)
                + ", sha256 " + sha256(png) + "), report.txt (text/plain, 10 bytes, sha256 "
                + sha256(Files.readAllBytes(notes)) + ")\n");
    }

    private void assertRefused(Path data, String base, String name, String words, String... attach) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir", data.toString(), "chat", "--provider", "openai",
                "--base-url", base, "--model", "gpt-4o"));
        args.addAll(List.of(attach));
        args.add("Read this");
        TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                args.toArray(String[]::new));
        assertThat(chat.waitFor()).as(chat.err()).isEqualTo(2);
        assertThat(chat.out()).isEmpty();
        assertThat(chat.err().lines().toList()).as(name).singleElement().asString()
                .startsWith("tidemark: " + name).endsWith(words);
    }

    private static String sessionIdFrom(TidemarkProcess p) {
        String first = p.err().lines().findFirst().orElse("");
        assertThat(first).matches("session [0-9a-z]{12}");
        return first.substring("session ".length());
    }

    private static String kilobytes(long bytes) {
        return Math.round(bytes / 1024.0) + " KB";
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String journalText(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        for (Path file : filesIn(data.resolve("journal"))) {
            if (file.toString().endsWith(".jsonl")) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    static byte[] png(Color color) throws Exception {
        BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 320, 200);
        g.setColor(Color.WHITE);
        for (int x = 0; x < 320; x += 7) {
            g.drawLine(x, 0, 319 - x, 199);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static TidemarkProcess run(Path dataDir, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return TidemarkProcess.start(all);
    }

    private static JsonNode sessionsJson(Path dataDir) throws Exception {
        TidemarkProcess p = run(dataDir, "sessions", "--json");
        assertThat(p.waitFor()).as(p.err()).isZero();
        return JSON.readTree(p.out());
    }

    private static JsonNode show(Path dataDir, String id, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("show", id));
        args.addAll(List.of(flags));
        TidemarkProcess p = run(dataDir, args.toArray(String[]::new));
        assertThat(p.waitFor()).as(p.err()).isZero();
        return JSON.readTree(p.out());
    }
}
