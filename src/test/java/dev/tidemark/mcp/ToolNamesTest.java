package dev.tidemark.mcp;

import dev.tidemark.provider.ChatRequest;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolNamesTest {

    private static ToolNames.Key key(String server, String tool) {
        return new ToolNames.Key(server, tool);
    }

    private static void allValidAndDistinct(List<String> names) {
        assertThat(names).allSatisfy(name -> assertThat(name).matches(ChatRequest.ToolSpec.VALID_NAME));
        assertThat(new HashSet<>(names)).hasSize(names.size());
    }

    @Test
    void aValidUniqueNameIsKeptAsItIs() {
        assertThat(ToolNames.assign(List.of(key("files", "read_file"), key("web", "fetch-page"))))
                .containsExactly("read_file", "fetch-page");
    }

    @Test
    void namesThatClashArePrefixedWithTheirServer() {
        List<String> names = ToolNames.assign(List.of(key("files", "search"), key("web", "search"), key("web", "open")));

        assertThat(names).containsExactly("files__search", "web__search", "open");
    }

    @Test
    void oddCharactersBecomeUnderscores() {
        List<String> names = ToolNames.assign(List.of(key("my server", "get.weather"), key("a", "naïve tool")));

        assertThat(names).containsExactly("my_server__get_weather", "a__na_ve_tool");
    }

    @Test
    void aLongNameIsCutTo64WithAStableHash() {
        String tool = "t".repeat(70);
        List<String> names = ToolNames.assign(List.of(key("server", tool)));

        assertThat(names.get(0)).hasSize(64).startsWith("server__ttt").matches(".*_[0-9a-f]{8}");
        assertThat(ToolNames.assign(List.of(key("server", tool)))).isEqualTo(names);
        assertThat(ToolNames.assign(List.of(key("other", tool))).get(0)).isNotEqualTo(names.get(0));
    }

    @Test
    void prefixedNamesThatWouldStillClashGetTheirHash() {
        // "a b" and "a.b" both sanitize to a_b; and one tool's own name is what another's prefix makes
        List<ToolNames.Key> keys = List.of(key("s", "a b"), key("s", "a.b"), key("t", "s__a_b"));
        List<String> names = ToolNames.assign(keys);

        allValidAndDistinct(names);
        assertThat(names.get(2)).isEqualTo("s__a_b"); // its own name, valid and unique, wins
        assertThat(names.get(0)).startsWith("s__a_b_").hasSize("s__a_b_".length() + 8);
        assertThat(names.get(1)).startsWith("s__a_b_").hasSize("s__a_b_".length() + 8);
        assertThat(ToolNames.assign(keys)).isEqualTo(names);
    }

    @Test
    void manyClashingLongNamesStayValidDistinctAndDeterministic() {
        String tool = "x".repeat(80);
        List<ToolNames.Key> keys = List.of(key("one", tool), key("one", tool + "y"), key("two", tool), key("", ""));
        List<String> names = ToolNames.assign(keys);

        allValidAndDistinct(names);
        assertThat(names.get(3)).isEqualTo("__");
        assertThat(ToolNames.assign(keys)).isEqualTo(names);
    }
}
