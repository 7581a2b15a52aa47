package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ChatGPT conversations.json sample in src/test/resources/fixtures/chatgpt, written from the export's shape. */
class ChatGptImportTest {

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private SessionStore store;

    @BeforeEach
    void open() throws Exception {
        store = SessionStore.open(dataDir, true, p -> problems.add(p.message()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void importsEveryConversationInTheFilesOrderWithTitlesAndTimes() throws Exception {
        ImportPlan plan = new Importer().read(fixture("conversations.json"));
        assertThat(plan.kind()).isEqualTo("ChatGPT export");
        assertThat(sessions(plan)).extracting(Session::title).containsExactly("Untitled chat",
                "Spring tide coefficients", "Lighthouse photo", "Tide tables for Brest");
        Session brest = sessions(plan).get(3);
        assertThat(brest.id()).isEqualTo("chatgpt-6738a1f0-0c4e-800c-9b1e-2f6c1d7e9a01");
        assertThat(brest.createdAt()).isEqualTo(Instant.parse("2025-11-15T09:46:40.125Z"));
        assertThat(brest.updatedAt()).isEqualTo(Instant.parse("2025-11-15T09:53:20.625Z"));

        ImportResult result = new Importer().apply(plan, new StoreLibrary(store));
        assertThat(result.imported()).hasSize(4);
        assertThat(store.summaries()).hasSize(4);
    }

    @Test
    void followsTheDisplayedBranchAndLeavesTheSystemMessageOut() throws Exception {
        Session brest = session("Tide tables for Brest");
        assertThat(brest.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        assertThat(brest.messages()).extracting(Message::text).containsExactly(
                "When is high tide in Brest tomorrow morning?",
                "Tomorrow morning's high tide in Brest is around 07:40, with a coefficient near 95.",
                "And the low tide after it?",
                "Low tide follows about six hours later, near 13:55.");
        assertThat(brest.messages()).extracting(Message::id).containsExactly("aaa-u1b", "aaa-a1b", "aaa-u2", "aaa-a2");
        Message reply = brest.messages().get(1);
        assertThat(reply.model()).isEqualTo("gpt-4o");
        assertThat(reply.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(reply.createdAt()).isEqualTo(Instant.parse("2025-11-15T09:47:42.625Z"));
    }

    @Test
    void theQuestionAsItWasBeforeItWasEditedIsKeptAsAnEarlierVersionWithItsReply() throws Exception {
        Session brest = session("Tide tables for Brest");
        assertThat(brest.children(null)).extracting(Message::id).containsExactly("aaa-u1", "aaa-u1b");
        assertThat(brest.children("aaa-u1")).singleElement().satisfies(reply -> assertThat(reply.text())
                .isEqualTo("I cannot see today's tables, but high tide in Brest comes roughly twice a day."));
        assertThat(brest.allMessages()).hasSize(6);
        assertThat(brest.withActive("aaa-a1").messages()).extracting(Message::id).containsExactly("aaa-u1", "aaa-a1");
    }

    @Test
    void keepsTheTextOfImagesAndNotesTheImages() throws Exception {
        ImportPlan plan = new Importer().read(fixture("conversations.json"));
        Session photo = sessions(plan).stream().filter(s -> s.title().equals("Lighthouse photo")).findFirst()
                .orElseThrow();
        assertThat(photo.messages().get(0).text()).isEqualTo("[image not included in the export]\n\nWhat is this building?");
        Message drawn = photo.messages().get(3);
        assertThat(drawn.role()).isEqualTo(Role.ASSISTANT);
        assertThat(drawn.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("dalle.text2im");
            assertThat(call.arguments()).contains("\"prompt\": \"The Petit Minou lighthouse at night");
        });
        assertThat(drawn.text()).isEqualTo("> **dalle.text2im:** [image not included in the export]\n\n"
                + "Here is the lighthouse at night, its beam sweeping the water.");
        assertThat(plan.notes()).containsExactly("conversation 3 (\"Lighthouse photo\"): 2 images could not be"
                + " imported; the text marks where.");
    }

    @Test
    void foldsReasoningBrowsingAndCodeIntoOneAssistantTurn() throws Exception {
        Session tides = session("Spring tide coefficients");
        assertThat(tides.messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT);
        Message turn = tides.messages().get(1);
        assertThat(turn.model()).isEqualTo("o3");
        assertThat(turn.reasoning()).isEqualTo("**Finding the tide tables**\nI need this month's coefficients for"
                + " Saint-Malo; the SHOM tables list them.");
        assertThat(turn.toolCalls()).extracting(c -> c.name()).containsExactly("browser", "python");
        assertThat(turn.toolCalls().get(0).arguments())
                .isEqualTo("{\"code\":\"search(\\\"coefficient marée Saint-Malo novembre 2026\\\")\"}");
        assertThat(turn.text()).contains("> **browser:** maree.info lists coefficients of 102, 108, 109 and 104")
                .contains("> **browser:** [Marées Saint-Malo](https://maree.info/16): Coefficient 109 le 16 novembre.")
                .contains("> **python:** ```\n> 105.75\n> ```")
                .endsWith("the average is 105.75.")
                .doesNotContain("Thought for", "Answer briefly");
    }

    @Test
    void anUntitledConversationWithAStoppedReply() throws Exception {
        Session untitled = session("Untitled chat");
        assertThat(untitled.messages()).hasSize(2);
        Message reply = untitled.messages().get(1);
        assertThat(reply.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(reply.text()).isEqualTo("The sea comes in, the sea goes out,\nand leaves");
        assertThat(reply.model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void aConversationWithoutAMappingImportsNothingAndSaysWhich() throws Exception {
        Importer importer = new Importer();
        assertThatThrownBy(() -> importer.apply(importer.read(fixture("no-mapping.json")), new StoreLibrary(store)))
                .isInstanceOf(ImportException.class)
                .hasMessage("Cannot import no-mapping.json: conversation 3 (\"Lighthouse photo\") has no mapping."
                        + " Nothing was imported.");
        assertThat(store.summaries()).isEmpty();
    }

    @Test
    void aParentMissingFromTheMappingImportsNothing() throws Exception {
        String text = Files.readString(fixture("conversations.json")).replace("\"parent\": \"aaa-u2\"",
                "\"parent\": \"aaa-gone\"");
        Path file = Files.writeString(dataDir.resolve("conversations.json"), text);
        assertThatThrownBy(() -> new Importer().read(file)).hasMessage("Cannot import conversations.json:"
                + " conversation 4 (\"Tide tables for Brest\"): node aaa-a2 names the parent aaa-gone, which is not"
                + " in its mapping. Nothing was imported.");
    }

    @Test
    void aTruncatedConversationsFileImportsNothing() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("conversations.json"));
        Path file = Files.write(dataDir.resolve("conversations.json"), java.util.Arrays.copyOf(whole, 5000));
        Importer importer = new Importer();
        assertThatThrownBy(() -> importer.apply(importer.read(file), new StoreLibrary(store)))
                .hasMessageStartingWith("Cannot import conversations.json: it is not valid JSON at line");
        assertThat(store.summaries()).isEmpty();
    }

    @Test
    void everyBadFileIsNamedWithWhatIsWrongAndWhere() throws Exception {
        String good = Files.readString(fixture("conversations.json"));
        assertThat(problemOf("empty.json", "")).isEqualTo("Cannot import empty.json: the file is empty."
                + " Nothing was imported.");
        assertThat(problemOf("notes.txt", "Remember the milk")).startsWith("Cannot import notes.txt: it is not a JSON"
                + " file (an unexpected word 'Remember' at line 1). Import ChatGPT's conversations.json (ChatGPT sends"
                + " a .zip: unzip it first)");
        assertThat(problemOf("cut.json", good.substring(0, good.indexOf("Tide tables for Brest"))))
                .startsWith("Cannot import cut.json: it is not valid JSON at line ")
                .contains(": the file ends too soon in conversation 4 (it is cut short: was the download or copy"
                        + " complete?)");
        assertThat(problemOf("types.json", good.replaceFirst("\"mapping\": \\{", "\"mapping\": [\"x\"], \"m\": {")))
                .isEqualTo("Cannot import types.json: conversation 1 has no mapping (its \"mapping\" is a list, not an"
                        + " object). Nothing was imported.");
        assertThat(problemOf("huge.json", good.replace("\"create_time\": 1763200000.125", "\"create_time\": 1e300")))
                .isEqualTo("Cannot import huge.json: conversation 4 (\"Tide tables for Brest\"): its create_time is"
                        + " 1.0E300, which is not a time (seconds since 1970, up to the year 9999). Nothing was imported.");
        assertThat(problemOf("node.json", good.replace("\"current_node\": \"aaa-a2\"", "\"current_node\": \"aaa-x\"")
                .replace("\"mapping\": {\n   \"aaa-root\"", "\"mapping\": {\n   \"aaa-x\": 5, \"aaa-root\"")))
                .isEqualTo("Cannot import node.json: conversation 4 (\"Tide tables for Brest\"): its current_node is"
                        + " aaa-x, which is a number, not an object. Nothing was imported.");
        assertThat(problemOf("list.json", "[1, 2]")).isEqualTo("Cannot import list.json: conversation 1 is not an"
                + " object (it is a number). Nothing was imported.");
        assertThat(store.summaries()).isEmpty();
    }

    private String problemOf(String name, String content) throws Exception {
        Path file = Files.writeString(dataDir.resolve(name), content);
        Importer importer = new Importer();
        try {
            importer.apply(importer.read(file), new StoreLibrary(store));
        } catch (ImportException e) {
            return e.getMessage();
        }
        throw new AssertionError(name + " was imported");
    }

    private Session session(String title) throws Exception {
        return sessions(new Importer().read(fixture("conversations.json"))).stream()
                .filter(s -> s.title().equals(title)).findFirst().orElseThrow();
    }

    /** Every session of a checked file, read again from it (the plan holds only ids). */
    static List<Session> sessions(ImportPlan plan) throws Exception {
        List<Session> all = new java.util.ArrayList<>();
        new Importer().each(plan, all::add);
        return all;
    }

    static Path fixture(String name) throws Exception {
        return Path.of(ChatGptImportTest.class.getResource("/fixtures/chatgpt/" + name).toURI());
    }
}
