package dev.tidemark.journal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBytesTest {

    @Test
    void escapesAndMultiByteTextComeBackAsWritten() {
        byte[] b = "a\\\"b\\\\c\\n\\t\\u00e9 café 😀".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.unescape(b, 0, b.length)).isEqualTo("a\"b\\c\n\té café 😀");
    }

    @Test
    void aStringEndsAtItsFirstUnescapedQuote() {
        byte[] b = "ab\\\"c\"rest".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.stringEnd(b, 0, b.length)).isEqualTo(5);
        byte[] open = "no end\\\"".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonBytes.stringEnd(open, 0, open.length)).isEqualTo(-1);
    }

    @Test
    void anEscapeJsonDoesNotHaveIsRefused() {
        byte[] b = "bad \\x escape".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonBytes.unescape(b, 0, b.length)).isInstanceOf(IllegalArgumentException.class);
        byte[] cut = "cut \\u00".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonBytes.unescape(cut, 0, cut.length)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCheckedEndRefusesWhatUnescapeRefusesAndFindsTheSameEndOtherwise() {
        for (String content : new String[] {"ab\\\"c\"rest", "é \\u00e9 \\n\\t\\/\\\\\"", "plain\"", "\"",
                "\\u+123\""}) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            int end = JsonBytes.checkedStringEnd(b, 0, b.length);
            assertThat(end).as(content).isEqualTo(JsonBytes.stringEnd(b, 0, b.length));
            JsonBytes.unescape(b, 0, end); // does not throw
        }
        for (String content : new String[] {"bad \\x\"", "cut \\u00\"", "\\uXYZW\"", "no end", "no end\\\"",
                "ends in \\"}) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            assertThat(JsonBytes.checkedStringEnd(b, 0, b.length)).as(content).isEqualTo(-1);
        }
    }
}
