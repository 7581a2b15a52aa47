package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A compared turn (one question to three models) in the exports: the Tidemark export carries
 * {@code compared} and imports back exactly; Markdown writes the active path as ever (the first
 * asked), and with every version each reply with its model.
 */
class ComparedExportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private final List<SessionStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(SessionStore::close);
    }

    private SessionStore store(String name) throws Exception {
        SessionStore store = SessionStore.open(dir.resolve(name), true, p -> { });
        stores.add(store);
        return store;
    }

    private static Message reply(String id, String text, String model, int nanos) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T.plusNanos(nanos), model, null);
    }

    /** q1 → a1, then q2 sent to three models, asked in the order r1, r2, r3 (r3 finished first). */
    private static Session comparedChat() {
        Session s = new Session("cmp", "Three models", T, T, List.of(Message.user("q1", "QUESTION ONE", T),
                reply("a1", "ANSWER ONE", "demo/demo", 0)))
                .withChild("a1", Message.user("q2", "WHICH TIDE?", T), T)
                .withCompared("q2");
        s = s.withChild("q2", reply("r3", "REPLY OF C", "c/three", 3), T);
        s = s.withChild("q2", reply("r1", "REPLY OF A", "a/one", 1), T);
        return s.withChild("q2", reply("r2", "REPLY OF B", "b/two", 2), T);
    }

    private String export(Session session, ExportFormat format) throws Exception {
        SessionStore store = store("md-" + format);
        store.put(session);
        StringWriter out = new StringWriter();
        new Exporter(new StoreLibrary(store), Clock.fixed(T, ZoneOffset.UTC)).exportSession(session.id(), format, out);
        return out.toString();
    }

    @Test
    void theTidemarkExportCarriesComparedAndImportsItBackExactly() throws Exception {
        SessionStore source = store("source");
        Session chat = comparedChat();
        source.put(chat);
        Path file = dir.resolve("cmp.tidemark.json");
        Exporter.toFile(file, out -> new Exporter(new StoreLibrary(source), Clock.fixed(T, ZoneOffset.UTC))
                .exportSession("cmp", ExportFormat.JSON, out).orElseThrow());
        JsonNode exported = new ObjectMapper().readTree(Files.readAllBytes(file)).path("sessions").get(0);
        assertThat(exported.path("compared")).extracting(JsonNode::asText).containsExactly("q2");
        assertThat(exported.path("messages")).extracting(m -> m.path("id").asText())
                .containsExactly("q1", "a1", "q2", "r1", "r2", "r3");

        SessionStore target = store("target");
        Importer importer = new Importer();
        assertThat(importer.apply(importer.read(file), new StoreLibrary(target)).imported()).containsExactly("cmp");
        target.flush().get(10, TimeUnit.SECONDS);
        Session back = target.get("cmp").orElseThrow();
        assertThat(back).isEqualTo(chat);
        assertThat(back.isCompared("q2")).isTrue();
        assertThat(back.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2", "r1");
    }

    @Test
    void anExportHoldingASessionOfANewerFormatImportsNothing() throws Exception {
        SessionStore source = store("newer-source");
        source.put(comparedChat());
        source.put(new Session("plain", "Plain", T, T, List.of(Message.user("p1", "hi", T))));
        Path file = dir.resolve("all.tidemark.json");
        Exporter.toFile(file, out -> new Exporter(new StoreLibrary(source), Clock.fixed(T, ZoneOffset.UTC))
                .exportAll(ExportFormat.JSON, out));
        int newer = SessionCodec.FORMAT_VERSION + 1;
        Files.writeString(file, Files.readString(file).replace("\"format\" : " + SessionCodec.FORMAT_VERSION,
                "\"format\" : " + newer));
        assertThatThrownBy(() -> new Importer().read(file)).isInstanceOf(ImportException.class)
                .hasMessageContaining("written by a newer Tidemark (session format " + newer)
                .hasMessageEndingWith("Nothing was imported.");
    }

    @Test
    void markdownIsTheActivePathAsEver() throws Exception {
        String md = export(comparedChat(), ExportFormat.MARKDOWN);
        assertThat(md).containsSubsequence("## You\n\nQUESTION ONE", "## Assistant\n\nANSWER ONE",
                "## You\n\nWHICH TIDE?", "## Assistant\n\nREPLY OF A\n");
        assertThat(md).doesNotContain("REPLY OF B", "REPLY OF C", "version", "compared");
    }

    @Test
    void withEveryVersionEachComparedReplySaysWhoseItIs() throws Exception {
        String md = export(comparedChat(), ExportFormat.MARKDOWN_ALL_VERSIONS);
        assertThat(md).containsSubsequence(
                "## You\n\nWHICH TIDE?",
                "## Assistant (version 1 of 3, compared side by side: a/one, shown)\n\nREPLY OF A",
                "## Assistant (version 2 of 3, compared side by side: b/two)\n\nREPLY OF B",
                "## Assistant (version 3 of 3, compared side by side: c/three)\n\nREPLY OF C");
        // once one is chosen ("Use this one") they are versions like any other
        String chosen = export(comparedChat().withActive("r2"), ExportFormat.MARKDOWN_ALL_VERSIONS);
        assertThat(chosen).contains("## Assistant (version 2 of 3, shown)\n\nREPLY OF B").doesNotContain("compared");
    }
}
