package dev.tidemark.ui.chat;

import dev.tidemark.bench.RenderBenchmark;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartsTest {

    private static List<String> parts(Parts parts, String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.count(); i++) {
            out.add(parts.part(text, i));
        }
        return out;
    }

    @Test
    void aShortMessageIsOnePart() {
        Parts parts = new Parts(100);
        parts.follow("Hello.\n\nA second paragraph.\n");
        assertThat(parts.count()).isEqualTo(1);
    }

    @Test
    void cutsGoBetweenTopLevelBlocksOnceAPartIsLongEnough() {
        Parts parts = new Parts(20);
        String text = "First paragraph is long enough.\n\nSecond one.\n\nThird paragraph here.\n\nFourth.\n";
        parts.follow(text);
        assertThat(parts(parts, text)).containsExactly(
                "First paragraph is long enough.\n\n", "Second one.\n\nThird paragraph here.\n\n", "Fourth.\n");
        assertThat(String.join("", parts(parts, text))).isEqualTo(text);
    }

    @Test
    void neverInsideACodeFenceNorBeforeAnIndentedContinuation() {
        Parts parts = new Parts(5);
        String text = "Intro text.\n\n```java\nint a;\n\nint b;\n```\n\n- item\n\n  continued item\n\nAfter.\n";
        parts.follow(text);
        List<String> pieces = parts(parts, text);
        assertThat(pieces).containsExactly("Intro text.\n\n", "```java\nint a;\n\nint b;\n```\n\n",
                "- item\n\n  continued item\n\n", "After.\n");
    }

    @Test
    void whileTextGrowsEarlierPartsNeverChange() {
        List<String> tokens = RenderBenchmark.reply(6_000);
        Parts parts = new Parts();
        StringBuilder text = new StringBuilder();
        List<String> settled = new ArrayList<>();
        for (String token : tokens) {
            text.append(token);
            String now = text.toString();
            parts.follow(now);
            List<String> pieces = parts(parts, now);
            for (int i = 0; i < settled.size(); i++) {
                assertThat(pieces.get(i)).isEqualTo(settled.get(i));
            }
            settled = new ArrayList<>(pieces.subList(0, pieces.size() - 1));
        }
        String whole = text.toString();
        Parts fresh = new Parts();
        fresh.follow(whole);
        assertThat(parts(fresh, whole)).isEqualTo(parts(parts, whole));
        assertThat(parts.count()).isGreaterThan(5);
        assertThat(String.join("", parts(parts, whole))).isEqualTo(whole);
        for (String piece : parts(parts, whole)) {
            assertThat(piece.split("```", -1).length % 2).as("fences balanced in a part").isEqualTo(1);
        }
    }

    @Test
    void anotherTextStartsOver() {
        Parts parts = new Parts(10);
        parts.follow("Paragraph one.\n\nParagraph two.\n\nThree.\n");
        assertThat(parts.count()).isEqualTo(3);
        assertThat(parts.follow("Short.")).isTrue();
        assertThat(parts.count()).isEqualTo(1);
        assertThat(parts.part("Short.", 0)).isEqualTo("Short.");
    }
}
