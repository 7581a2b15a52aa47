package dev.tidemark.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ChatGPT conversation is a tree: its import keeps every branch as versions, with the branch
 * ChatGPT showed ({@code current_node}) as the active path. A small tree written here, node by
 * node, with an edited first question, an edited question after a hidden node, regenerated
 * answers each cut at max_tokens and continued, and a regenerated answer after a tool call.
 */
class ChatGptTreeImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private SessionStore store;

    @BeforeEach
    void open() throws Exception {
        store = SessionStore.open(dir.resolve("data"), true, p -> problems.add(p.message()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everyBranchIsKeptAsVersionsInTheOrderChatGptMadeThem() throws Exception {
        Session s = importOne(tideTree("a2b2"));

        assertThat(s.allMessages()).extracting(m -> m.id() + " <- " + m.parentId()).containsExactly(
                "u1 <- null", "a1 <- u1", "u2 <- a1", "a2 <- u2", "u2b <- a1", "a2b <- u2b", "a2c <- u2b",
                "u1b <- null", "f1 <- u1b", "f2 <- u1b");
        assertThat(s.allMessages()).extracting(m -> s.version(m.id()) + "/" + s.versions(m.id())).containsExactly(
                "1/2", "1/1", "1/2", "1/1", "2/2", "1/2", "2/2", "2/2", "1/2", "2/2");
        assertThat(s.children("u1b")).extracting(Message::role).containsOnly(Role.ASSISTANT);
    }

    @Test
    void theActivePathIsTheBranchChatGptShowed() throws Exception {
        Session s = importOne(tideTree("a2b2"));
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1", "a1", "u2b", "a2b");
        assertThat(s.messages()).extracting(Message::text).containsExactly("How do tides work?",
                "The moon pulls the sea.", "Why two a day?", "The earth turns under two bulges of water.");

        assertThat(importOne(tideTree("f1")).messages()).extracting(Message::id).containsExactly("u1b", "f1");
        assertThat(importOne(tideTree("a2")).messages()).extracting(Message::id)
                .containsExactly("u1", "a1", "u2", "a2");
    }

    @Test
    void aContinuedReplyIsOneMessageOnEveryBranch() throws Exception {
        Session s = importOne(tideTree("a2b2"));
        assertThat(s.message("a2b").orElseThrow().text()).isEqualTo("The earth turns under two bulges of water.");
        assertThat(s.message("a2c").orElseThrow().text()).isEqualTo("Because there is a bulge on each side.");
        assertThat(s.allMessages()).extracting(Message::id).doesNotContain("a2b2", "a2c2");
    }

    @Test
    void aReplyRegeneratedAfterAToolCallKeepsTheCallInEachVersionUnderItsOwnId() throws Exception {
        Session s = importOne(tideTree("f1"));
        Message first = s.message("f1").orElseThrow();
        Message second = s.message("f2").orElseThrow();
        for (Message version : List.of(first, second)) {
            assertThat(version.toolCalls()).singleElement().satisfies(call -> assertThat(call.name()).isEqualTo("python"));
            assertThat(version.text()).startsWith("> **python:** ```\n> 12.4\n> ```\n\n");
            assertThat(version.parentId()).isEqualTo("u1b");
        }
        assertThat(first.text()).endsWith("About every 12.4 hours.");
        assertThat(second.text()).endsWith("Twice a lunar day.");
    }

    @Test
    void hiddenAndSystemNodesStayOutAndWhatFollowsThemFollowsTheMessageBefore() throws Exception {
        Session s = importOne(tideTree("a2b2"));
        assertThat(s.allMessages()).extracting(Message::id).doesNotContain("root", "sys", "hid");
        assertThat(s.children(null)).extracting(Message::id).containsExactly("u1", "u1b");
        assertThat(s.children("a1")).extracting(Message::id).containsExactly("u2", "u2b");
    }

    @Test
    void theImportedTreeIsStoredWithItsVersionsAndActivePath() throws Exception {
        Path file = write(List.of(tideTree("a2b2")));
        Importer importer = new Importer();
        importer.apply(importer.read(file), new StoreLibrary(store));
        Session imported = importOne(tideTree("a2b2"));
        store.close();
        store = SessionStore.open(dir.resolve("data"), true, p -> problems.add(p.message()));
        Session stored = store.get("chatgpt-tide-tree").orElseThrow();
        assertThat(stored.allMessages()).isEqualTo(imported.allMessages());
        assertThat(stored.messages()).extracting(Message::id).containsExactly("u1", "a1", "u2b", "a2b");
        assertThat(problems).isEmpty();
    }

    @Test
    void parentsThatFormALoopOffTheShownBranchImportNothingAndSaySo() throws Exception {
        ObjectNode c = tideTree("a2b2");
        ObjectNode mapping = (ObjectNode) c.get("mapping");
        mapping.set("x1", node("x1", "x2", List.of(), m -> user(m, "lost")));
        mapping.set("x2", node("x2", "x1", List.of("x1"), m -> user(m, "lost too")));
        Path file = write(List.of(c));
        assertThatThrownBy(() -> new Importer().read(file)).isInstanceOf(ImportException.class)
                .hasMessage("Cannot import conversations.json: conversation 1 (\"Tide clock\"): its messages' parents"
                        + " form a loop at node x1. Nothing was imported.");
    }

    @Test
    void withoutACurrentNodeTheActivePathTakesTheNewestVersionAtEachFork() throws Exception {
        ObjectNode c = tideTree("a2b2");
        c.remove("current_node");
        Session s = importOne(c);
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1b", "f2");
        assertThat(s.allMessages()).hasSize(10);
    }

    @Test
    void aBrokenNodeOffTheShownBranchImportsNothingAndSaysWhich() throws Exception {
        ObjectNode dangling = tideTree("a2b2");
        ((ObjectNode) dangling.get("mapping").get("f2")).put("parent", "t9");
        assertThat(problemOf(dangling)).isEqualTo("Cannot import conversations.json: conversation 1 (\"Tide clock\"):"
                + " node f2 names the parent t9, which is not in its mapping. Nothing was imported.");
        ObjectNode number = tideTree("a2b2");
        ((ObjectNode) number.get("mapping")).put("f3", 7);
        assertThat(problemOf(number)).isEqualTo("Cannot import conversations.json: conversation 1 (\"Tide clock\"):"
                + " node f3 is a number, not an object. Nothing was imported.");
    }

    private String problemOf(ObjectNode conversation) throws Exception {
        Path file = write(List.of(conversation));
        try {
            new Importer().read(file);
        } catch (ImportException e) {
            return e.getMessage();
        }
        throw new AssertionError("imported");
    }

    // ---- the tree, node by node ----

    /** The conversation, shown by ChatGPT down to {@code current}. */
    private static ObjectNode tideTree(String current) {
        Map<String, ObjectNode> nodes = new LinkedHashMap<>();
        nodes.put("root", node("root", null, List.of("sys"), null));
        nodes.put("sys", node("sys", "root", List.of("u1", "u1b"), m -> hidden(text(m, "system", ""))));
        nodes.put("u1", node("u1", "sys", List.of("a1"), m -> user(m, "How do tides work?")));
        nodes.put("a1", node("a1", "u1", List.of("hid"), m -> text(m, "assistant", "The moon pulls the sea.")));
        nodes.put("hid", node("hid", "a1", List.of("u2", "u2b"), m -> hidden(text(m, "tool", "memory updated"))));
        nodes.put("u2", node("u2", "hid", List.of("a2"), m -> user(m, "And the sun?")));
        nodes.put("a2", node("a2", "u2", List.of(), m -> text(m, "assistant", "The sun adds spring and neap tides.")));
        nodes.put("u2b", node("u2b", "hid", List.of("a2b", "a2c"), m -> user(m, "Why two a day?")));
        nodes.put("a2b", node("a2b", "u2b", List.of("a2b2"), m -> cut(text(m, "assistant", "The earth turns under two bul"))));
        nodes.put("a2b2", node("a2b2", "a2b", List.of(), m -> text(m, "assistant", "ges of water.")));
        nodes.put("a2c", node("a2c", "u2b", List.of("a2c2"), m -> cut(text(m, "assistant", "Because there is a bulge on e"))));
        nodes.put("a2c2", node("a2c2", "a2c", List.of(), m -> text(m, "assistant", "ach side.")));
        nodes.put("u1b", node("u1b", "sys", List.of("t1"), m -> user(m, "How do tides work, in short?")));
        nodes.put("t1", node("t1", "u1b", List.of("t2"), m -> code(m, "python", "print(24.8 / 2)")));
        nodes.put("t2", node("t2", "t1", List.of("f1", "f2"), m -> output(m, "python", "12.4")));
        nodes.put("f1", node("f1", "t2", List.of(), m -> text(m, "assistant", "About every 12.4 hours.")));
        nodes.put("f2", node("f2", "t2", List.of(), m -> text(m, "assistant", "Twice a lunar day.")));
        ObjectNode c = JSON.createObjectNode().put("title", "Tide clock").put("create_time", 1763500000.5)
                .put("update_time", 1763500900.5).put("current_node", current).put("id", "tide-tree");
        ObjectNode mapping = c.putObject("mapping");
        // the mapping's order is not the tree's: the root is listed last
        List<String> ids = new ArrayList<>(nodes.keySet());
        ids.add(ids.remove(0));
        ids.forEach(id -> mapping.set(id, nodes.get(id)));
        return c;
    }

    private static ObjectNode node(String id, String parent, List<String> children, Consumer<ObjectNode> message) {
        ObjectNode n = JSON.createObjectNode().put("id", id);
        if (message == null) {
            n.putNull("message");
        } else {
            ObjectNode m = n.putObject("message").put("id", id).put("create_time", 1763500001.25 + Math.floorMod(id.hashCode(), 97))
                    .put("recipient", "all");
            m.putObject("metadata");
            message.accept(m);
        }
        if (parent == null) {
            n.putNull("parent");
        } else {
            n.put("parent", parent);
        }
        ArrayNode kids = n.putArray("children");
        children.forEach(kids::add);
        return n;
    }

    private static ObjectNode text(ObjectNode m, String role, String text) {
        m.putObject("author").put("role", role).put("name", "tool".equals(role) ? "bio" : null);
        m.putObject("content").put("content_type", "text").putArray("parts").add(text);
        ((ObjectNode) m.get("metadata")).put("model_slug", "gpt-4o").putObject("finish_details").put("type", "stop");
        return m;
    }

    private static void user(ObjectNode m, String text) {
        m.putObject("author").put("role", "user");
        m.putObject("content").put("content_type", "text").putArray("parts").add(text);
    }

    private static ObjectNode hidden(ObjectNode m) {
        ((ObjectNode) m.get("metadata")).put("is_visually_hidden_from_conversation", true);
        return m;
    }

    private static void cut(ObjectNode m) {
        ((ObjectNode) m.get("metadata")).putObject("finish_details").put("type", "max_tokens");
    }

    private static void code(ObjectNode m, String recipient, String code) {
        m.putObject("author").put("role", "assistant");
        m.put("recipient", recipient);
        m.putObject("content").put("content_type", "code").put("language", "unknown").put("text", code);
    }

    private static void output(ObjectNode m, String tool, String result) {
        m.putObject("author").put("role", "tool").put("name", tool);
        m.putObject("content").put("content_type", "execution_output").put("text", result);
    }

    private Session importOne(ObjectNode conversation) throws Exception {
        List<Session> sessions = ChatGptImportTest.sessions(new Importer().read(write(List.of(conversation))));
        assertThat(sessions).hasSize(1);
        return sessions.get(0);
    }

    private Path write(List<ObjectNode> conversations) throws Exception {
        ArrayNode all = JSON.createArrayNode();
        conversations.forEach(all::add);
        return Files.writeString(dir.resolve("conversations.json"), JSON.writeValueAsString(all));
    }
}
