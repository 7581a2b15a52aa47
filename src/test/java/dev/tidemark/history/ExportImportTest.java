package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.model.ToolCall;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export to Markdown and to the Tidemark format, and import of that format, on real stores in temp directories. */
class ExportImportTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:15:30.123456Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<SessionStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(SessionStore::close);
    }

    @Test
    void exportingAllAndImportingIntoAnEmptyDataDirectoryGivesEqualSessions() throws Exception {
        SessionStore source = store("source");
        List<Session> sessions = List.of(richSession("rich"), plainSession("plain", "Knots", T0.plusSeconds(3600)));
        sessions.forEach(source::put);
        Path file = tmp.resolve("all.tidemark.json");
        Exporter.Written written = Exporter.toFile(file,
                out -> new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out));
        assertThat(written.sessions()).isEqualTo(2);

        SessionStore target = store("target");
        Importer importer = new Importer();
        ImportResult result = importer.apply(importer.read(file), new StoreLibrary(target));
        assertThat(result.imported()).containsExactly("plain", "rich"); // newest first, as exported
        target.flush().get(10, TimeUnit.SECONDS);
        target.close();

        SessionStore reopened = SessionStore.open(tmp.resolve("target"), false, p -> problems.add(p.message()));
        stores.add(reopened);
        for (Session s : sessions) {
            assertThat(reopened.get(s.id())).get().isEqualTo(s);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theExportIsTheDocumentedWrapper() throws Exception {
        SessionStore source = store("source");
        source.put(plainSession("plain", "Knots", T0));
        java.io.StringWriter out = new java.io.StringWriter();
        new Exporter(new StoreLibrary(source), CLOCK).exportSession("plain", ExportFormat.JSON, out);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(json.path("format").asText()).isEqualTo("tidemark-export");
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("exportedAt").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(json.path("sessions")).hasSize(1);
        assertThat(json.path("sessions").get(0).path("id").asText()).isEqualTo("plain");
        assertThat(new Exporter(new StoreLibrary(source), CLOCK).exportSession("nope", ExportFormat.JSON, out))
                .isEmpty();
    }

    @Test
    void importingTheSameFileTwiceSkipsWhatIsAlreadyThere() throws Exception {
        SessionStore source = store("source");
        source.put(plainSession("plain", "Knots", T0));
        Path file = tmp.resolve("one.tidemark.json");
        Exporter.toFile(file, out -> new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out));
        SessionStore target = store("target");
        target.put(plainSession("plain", "A different chat with the same id", T0.plusSeconds(9)));
        Importer importer = new Importer();
        ImportResult result = importer.apply(importer.read(file), new StoreLibrary(target));
        assertThat(result.imported()).isEmpty();
        assertThat(result.skipped()).containsExactly("plain");
        assertThat(result.message()).isEqualTo("Imported 0 sessions from one.tidemark.json. Skipped 1 session that is"
                + " already here (same id, in the list, in the trash or damaged; never replaced): plain.");
        assertThat(target.get("plain").orElseThrow().title()).isEqualTo("A different chat with the same id");
    }

    @Test
    void importNeverReplacesALiveATrashedOrADamagedSession() throws Exception {
        SessionStore source = store("source");
        for (String id : List.of("live", "trashed", "cut", "garbage", "new")) {
            source.put(plainSession(id, "Imported " + id, T0));
        }
        Path file = tmp.resolve("all.tidemark.json");
        Exporter.toFile(file, out -> new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out));

        SessionStore before = SessionStore.open(tmp.resolve("target"), true, p -> problems.add(p.message()));
        for (String id : List.of("live", "trashed", "cut", "garbage")) {
            before.put(plainSession(id, "Mine " + id, T0.plusSeconds(60)));
        }
        before.moveToTrash("trashed");
        before.flush().get(10, TimeUnit.SECONDS);
        before.close();
        Path sessions = tmp.resolve("target").resolve("sessions");
        String whole = Files.readString(sessions.resolve("cut.json"));
        Files.writeString(sessions.resolve("cut.json"), whole.substring(0, whole.indexOf("bowline")));
        Files.writeString(sessions.resolve("garbage.json"), "this is not a session");
        byte[] cutBytes = Files.readAllBytes(sessions.resolve("cut.json"));
        SessionStore target = store("target");
        assertThat(target.summary("garbage")).isPresent();

        Importer importer = new Importer();
        ImportResult result = importer.apply(importer.read(file), new StoreLibrary(target));

        assertThat(result.imported()).containsExactly("new");
        assertThat(result.skipped()).containsExactlyInAnyOrder("live", "trashed", "cut", "garbage");
        assertThat(result.message()).contains("Skipped 4 sessions that are already here (same id, in the list, in the"
                + " trash or damaged; never replaced)");
        target.flush().get(10, TimeUnit.SECONDS);
        assertThat(target.get("live").orElseThrow().title()).isEqualTo("Mine live");
        assertThat(target.trash()).extracting(s -> s.id() + " " + s.title()).containsExactly("trashed Mine trashed");
        assertThat(Files.readAllBytes(sessions.resolve("cut.json"))).isEqualTo(cutBytes);
        assertThat(Files.readString(sessions.resolve("garbage.json"))).isEqualTo("this is not a session");
    }

    @Test
    void aMessageOverJacksonsDefaultLimitIsSavedReopenedExportedAndImported() throws Exception {
        String huge = "tide ".repeat(5_000_000); // 25 M characters; Jackson reads 20 M by default
        Session big = new Session("big", "Long", T0, T0.plusSeconds(4), List.of(Message.user("big-q", "Say it all",
                T0), new Message("big-a", Role.ASSISTANT, huge, MessageStatus.COMPLETE, T0.plusSeconds(4), "demo",
                null)));
        SessionStore first = SessionStore.open(tmp.resolve("source"), true, p -> problems.add(p.message()));
        first.put(big);
        first.flush().get(60, TimeUnit.SECONDS);
        first.close();

        SessionStore source = store("source");
        assertThat(source.summary("big").orElseThrow().damaged()).isFalse();
        assertThat(source.get("big").orElseThrow().messages().get(1).text()).isEqualTo(huge);
        Path file = tmp.resolve("big.tidemark.json");
        Exporter.toFile(file, out -> new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out));

        SessionStore target = store("target");
        Importer importer = new Importer();
        assertThat(importer.apply(importer.read(file), new StoreLibrary(target)).imported()).containsExactly("big");
        assertThat(target.get("big").orElseThrow().messages().get(1).text()).isEqualTo(huge);
        assertThat(problems).isEmpty();
    }

    @Test
    void markdownIsReadable() throws Exception {
        SessionStore source = store("source");
        source.put(richSession("rich"));
        java.io.StringWriter out = new java.io.StringWriter();
        new Exporter(new StoreLibrary(source), CLOCK).exportSession("rich", ExportFormat.MARKDOWN, out);
        String md = out.toString();
        assertThat(md).startsWith("# Weather and tides\n\n- Created: 2026-11-20 10:15 UTC\n");
        assertThat(md).contains("- Model: gpt-4o").contains("- Session: `rich`")
                .contains("> **System prompt:** Answer like a harbour master.");
        assertThat(md).contains("## You\n\nWhat is the weather at Brest?\n");
        assertThat(md).contains("## Assistant\n\n<details>\n<summary>Reasoning</summary>\n\nCheck the forecast first."
                + "\n\n</details>\n\nLet me look that up.\n");
        assertThat(md).contains("```json\n{\n  \"tool\" : \"weather\",\n  \"id\" : \"call_1\",\n  \"arguments\" : {\n"
                + "    \"city\" : \"Brest\"\n  }\n}\n```");
        assertThat(md).contains("> *Recovered:* the app stopped while this reply arrived");
        assertThat(md).contains("> *Stopped:* the reply was stopped");
        assertThat(md).contains("> *Error:* HTTP 429: rate limited.");
        assertThat(md).doesNotContain("null");
    }

    @Test
    void aTruncatedFileNamesLineAndColumnAndImportsNothing() throws Exception {
        SessionStore source = store("source");
        source.put(plainSession("one", "One", T0));
        source.put(plainSession("two", "Two", T0.plusSeconds(5)));
        java.io.StringWriter out = new java.io.StringWriter();
        new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out);
        byte[] whole = out.toString().getBytes(StandardCharsets.UTF_8);
        Path cut = Files.write(tmp.resolve("cut.tidemark.json"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));

        assertThatThrownBy(() -> new Importer().read(cut)).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("Cannot import cut.tidemark.json: it is not valid JSON at line ")
                .hasMessageContaining("column").hasMessageEndingWith("Nothing was imported.");
    }

    @Test
    void aDamagedSessionInAnExportImportsNothing() throws Exception {
        SessionStore source = store("source");
        source.put(plainSession("one", "One", T0));
        source.put(plainSession("two", "Two", T0.plusSeconds(5)));
        java.io.StringWriter out = new java.io.StringWriter();
        new Exporter(new StoreLibrary(source), CLOCK).exportAll(ExportFormat.JSON, out);
        String damaged = out.toString().replaceFirst("\"createdAt\" : \"[^\"]*\"",
                "\"createdAt\" : 12").replace("\"id\" : \"one\"", "\"id\" : \"one\"");
        Path file = Files.writeString(tmp.resolve("damaged.tidemark.json"), damaged);
        SessionStore target = store("target");
        Importer importer = new Importer();
        assertThatThrownBy(() -> importer.apply(importer.read(file), new StoreLibrary(target)))
                .isInstanceOf(ImportException.class)
                .hasMessage("Cannot import damaged.tidemark.json: session 1 (\"Two\") cannot be read: damaged session: missing field"
                        + " 'createdAt'. Nothing was imported.");
        assertThat(target.summaries()).isEmpty();
    }

    @Test
    void aFileOfAnotherShapeSaysWhatItExpected() throws Exception {
        Path file = Files.writeString(tmp.resolve("settings.json"), "{\"journal\": {}}");
        assertThatThrownBy(() -> new Importer().read(file)).hasMessage("Cannot import settings.json: it is neither a"
                + " Tidemark export (\"format\": \"tidemark-export\") nor a ChatGPT conversations.json (a list of"
                + " conversations). Nothing was imported.");
        Path newer = Files.writeString(tmp.resolve("newer.tidemark.json"),
                "{\"format\":\"tidemark-export\",\"version\":7,\"sessions\":[]}");
        assertThatThrownBy(() -> new Importer().read(newer)).hasMessageContaining("written by a newer Tidemark");
        assertThatThrownBy(() -> new Importer().read(tmp.resolve("missing.json")))
                .hasMessage("Cannot import missing.json: there is no such file.");
    }

    private SessionStore store(String name) throws Exception {
        SessionStore store = SessionStore.open(tmp.resolve(name), true, p -> problems.add(p.message()));
        stores.add(store);
        return store;
    }

    /** Every field the session format has: settings, reasoning, tool calls, stats, every status, a gap. */
    static Session richSession(String id) {
        List<Message> messages = List.of(
                Message.user(id + "-1", "What is the weather at Brest?", T0),
                new Message(id + "-2", Role.ASSISTANT, "Let me look that up.", MessageStatus.COMPLETE,
                        T0.plusSeconds(2), "gpt-4o", null, "Check the forecast first.",
                        List.of(new ToolCall("call_1", "weather", "{\"city\":\"Brest\"}")), false,
                        new ReplyStats(120L, 40L, 310L, 1900L)),
                Message.user(id + "-3", "And the tides?", T0.plusSeconds(30)),
                new Message(id + "-4", Role.ASSISTANT, "High water at 14:32, low", MessageStatus.RECOVERED,
                        T0.plusSeconds(31), "gpt-4o", "recovered after a restart", "", List.of(), true),
                new Message(id + "-5", Role.ASSISTANT, "The coefficient is", MessageStatus.STOPPED,
                        T0.plusSeconds(60), "gpt-4o", null),
                new Message(id + "-6", Role.ASSISTANT, "", MessageStatus.ERROR, T0.plusSeconds(90), "gpt-4o",
                        "HTTP 429: rate limited"));
        return new Session(id, "Weather and tides", T0, T0.plusSeconds(90), messages,
                new SessionSettings("openai", "gpt-4o", "Answer like a harbour master.", 0.4, 800));
    }

    static Session plainSession(String id, String title, Instant at) {
        return new Session(id, title, at, at.plusSeconds(4), List.of(Message.user(id + "-q", "How do I tie a bowline?",
                at), new Message(id + "-a", Role.ASSISTANT, "Make a loop, pass the end up through it.",
                MessageStatus.COMPLETE, at.plusSeconds(4), "demo", null)));
    }
}
