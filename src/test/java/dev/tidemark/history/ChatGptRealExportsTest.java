package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
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
