package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real ChatGPT exports that no one here wrote, read from {@code ../shared/fixtures/chatgpt-exports/}
 * beside the clone (its README says what a user expects to see).
 */
class ChatGptRealExportsTest {

    static final Path EXPORTS = Path.of("..", "shared", "fixtures", "chatgpt-exports");

    @Test
    void aReplyContinuedAfterMaxTokensIsOneMessageJoinedAsIs() throws Exception {
        List<Session> sessions = sessions("pkuppens-2023-export.json");
        assertThat(sessions).hasSize(192);

        String diet = reply(sessions, "Dieet- en fitnessadvies voor vetverlies", "appel en een handvol note");
        assertThat(diet).contains("Tussendoortje: Een sinaasappel en een handvol note").doesNotContain("sinaas\n");
        assertThat(reply(sessions, "Dieet- en fitnessadvies voor vetverlies", "Kip salade met quinoa"))
                .contains("- Lunch (na de training): Kip salade met quinoa\n- ");
        assertThat(reply(sessions, "PHP to Python Conversion", "As we don't have access"))
                .contains("your database entities.\n7. As we don't have access");
        String php = reply(sessions, "PHP to Python Conversion", "AVAILABLE_LANGUAGES.item");
        assertThat(php).contains("{% for k, name in AVAILABLE_LANGUAGES.item");
        assertThat(reply(sessions, "PHP to Python Conversion", "{% end")).contains("{% endwith %}")
                .doesNotContain("{% end\n");
        assertThat(reply(sessions, "Python Django CI/CD GCP", "branch name in the"))
                .contains("branch name in the tag to prevent overwriti");
    }

    @Test
    void everyRealExportImportsWithTheMessagesItShows() throws Exception {
        assertThat(sessions("librechat-tree.json")).singleElement()
                .satisfies(s -> assertThat(s.messages()).isNotEmpty());
        assertThat(sessions("librechat-web-search.json")).hasSize(2);
        for (String one : List.of("echomine-painting-image.json", "echomine-gmail-web-search.json")) {
            Path wrapped = Files.createTempFile("conversations", ".json");
            try {
                Files.writeString(wrapped, "[" + Files.readString(EXPORTS.resolve(one)) + "]");
                assertThat(read(wrapped)).singleElement().satisfies(s -> assertThat(s.messages()).isNotEmpty());
            } finally {
                Files.deleteIfExists(wrapped);
            }
        }
    }

    @Test
    void anImageTheExportDoesNotIncludeIsSaidSoWhereItWas() throws Exception {
        Path wrapped = Files.createTempFile("conversations", ".json");
        try {
            Files.writeString(wrapped, "[" + Files.readString(EXPORTS.resolve("echomine-painting-image.json")) + "]");
            Session s = read(wrapped).get(0);
            Message photo = s.message("27329ecf-30a8-4875-a6f5-c884dbfb021e").orElseThrow();
            assertThat(photo.text()).startsWith("[image not included in the export]").doesNotContain("1536");
        } finally {
            Files.deleteIfExists(wrapped);
        }
    }

    @Test
    void anEditedQuestionAndARegeneratedAnswerAreVersionsAndTheShownBranchIsActive() throws Exception {
        Session s = sessions("librechat-tree.json").get(0);
        assertThat(s.allMessages()).extracting(m -> m.text().lines().findFirst().orElse("") + " <- "
                + s.message(m.parentId()).map(p -> p.text().lines().findFirst().orElse("")).orElse("-")
                + " " + s.version(m.id()) + "/" + s.versions(m.id())).containsExactly(
                "hi there <- - 1/1",
                "Hello! How can I assist you today? <- hi there 1/1",
                "so cool bro <- Hello! How can I assist you today? 1/2",
                "Thanks! What brings you here today? <- so cool bro 1/1",
                "tell me a story <- Thanks! What brings you here today? 1/1",
                "Sure! Here's a short story for you: <- tell me a story 1/1",
                "hi again <- Hello! How can I assist you today? 2/2",
                "Hey! Welcome back. What's on your mind? <- hi again 1/1",
                "tell me a joke <- Hey! Welcome back. What's on your mind? 1/1",
                "Sure, here's one for you: <- tell me a joke 1/2",
                "Sure, here's one for you: <- tell me a joke 2/2");
        assertThat(s.message("ada93f81-f59e-4b31-933d-1357efd68bfc").orElseThrow().status())
                .as("the interrupted reply on the other branch").isEqualTo(MessageStatus.STOPPED);
        assertThat(s.messages()).extracting(Message::text).first().isEqualTo("hi there");
        assertThat(s.messages()).extracting(Message::id).endsWith("aaa236a3-cdfc-4eb1-b5c5-790c6641f880",
                "db88eddf-3622-4246-8527-b6eaf0e9e8cd", "aaa20127-b9e3-44f6-afbe-a2475838625a",
                "f63b8e17-aa5c-4ca6-a1bf-d4d285e269b8");
    }

    @Test
    void regeneratedAnswersAreVersionsAndTheBranchChatGptShowedIsActiveEvenWhenItIsTheFirst() throws Exception {
        List<Session> sessions = sessions("pkuppens-2023-export.json");
        assertThat(sessions.stream().filter(s -> s.allMessages().size() > s.messages().size()))
                .extracting(Session::title).containsExactlyInAnyOrder("Oscar for Rental Webshop",
                        "Intro to Multivariate Stats.", "Logo design for Pieterkuppens.net.");
        Session logo = sessions.stream().filter(s -> s.title().equals("Logo design for Pieterkuppens.net."))
                .findFirst().orElseThrow();
        Message shown = logo.message("d80333b5-678d-4c76-b562-80a23dbfad0d").orElseThrow();
        Message other = logo.message("50d1ea72-f1b0-4814-ada5-2bf66276ad16").orElseThrow();
        assertThat(other.parentId()).isEqualTo(shown.parentId());
        assertThat(List.of(logo.version(shown.id()), logo.version(other.id()), logo.versions(shown.id())))
                .containsExactly(1, 2, 2);
        assertThat(logo.messages()).contains(shown).doesNotContain(other);
        assertThat(logo.messages().get(logo.messages().size() - 1).id())
                .isEqualTo("7908547d-dae6-4d28-9407-5d8a371d7af3");
    }

    @Test
    void theActivePathOfEveryConversationIsTheBranchEndingAtItsCurrentNode() throws Exception {
        for (String name : List.of("pkuppens-2023-export.json", "librechat-tree.json", "librechat-web-search.json")) {
            JsonNode conversations = new ObjectMapper().readTree(EXPORTS.resolve(name).toFile());
            List<Session> sessions = sessions(name);
            for (int i = 0; i < sessions.size(); i++) {
                JsonNode c = conversations.get(i);
                List<String> branch = new ArrayList<>();
                for (String id = c.get("current_node").asText(); id != null; ) {
                    branch.add(0, id);
                    JsonNode parent = c.get("mapping").get(id).get("parent");
                    id = parent == null || parent.isNull() ? null : parent.asText();
                }
                List<String> questions = branch.stream().filter(id -> isQuestion(c.get("mapping").get(id))).toList();
                Session s = sessions.get(i);
                assertThat(s.messages()).as("%s: %s", name, s.title()).extracting(Message::id)
                        .isSubsetOf(branch);
                assertThat(s.messages().stream().filter(m -> m.role() == Role.USER).map(Message::id))
                        .as("%s: %s", name, s.title()).containsExactlyElementsOf(questions);
                assertThat(s.allMessages()).as("every message has its parent before it")
                        .allSatisfy(m -> assertThat(m.parentId() == null || s.allMessages().subList(0,
                                s.allMessages().indexOf(m)).stream().anyMatch(p -> p.id().equals(m.parentId())))
                                .isTrue());
            }
        }
    }

    /** A question ChatGPT shows: a user's text, not hidden, not custom instructions. */
    private static boolean isQuestion(JsonNode node) {
        JsonNode m = node.path("message");
        if (!m.path("author").path("role").asText().equals("user")
                || m.path("metadata").path("is_visually_hidden_from_conversation").asBoolean(false)
                || m.path("content").path("content_type").asText().equals("user_editable_context")) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        m.path("content").path("parts").forEach(p -> text.append(p.isTextual() ? p.asText() : "x"));
        return !text.toString().isBlank();
    }

    /** The assistant replies in that conversation holding {@code words}, one after the other (at least one). */
    private static String reply(List<Session> sessions, String title, String words) {
        List<String> found = sessions.stream().filter(s -> s.title().equals(title))
                .flatMap(s -> s.messages().stream()).filter(m -> m.role() == Role.ASSISTANT)
                .map(Message::text).filter(t -> t.contains(words)).toList();
        assertThat(found).as("replies in '%s' holding '%s'", title, words).isNotEmpty();
        return String.join("\n---\n", found);
    }

    private static List<Session> sessions(String name) throws Exception {
        Path file = EXPORTS.resolve(name);
        assertThat(file).as("the shared fixtures are read from ../shared beside the clone").exists();
        return read(file);
    }

    private static List<Session> read(Path file) throws Exception {
        return ChatGptImportTest.sessions(new Importer().read(file));
    }
}
