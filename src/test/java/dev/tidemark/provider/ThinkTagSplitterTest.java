package dev.tidemark.provider;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThinkTagSplitterTest {

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();

    private ThinkTagSplitter splitter() {
        return new ThinkTagSplitter(new ThinkTagSplitter.Sink() {
            @Override
            public void text(String t) {
                text.append(t);
            }

            @Override
            public void reasoning(String r) {
                reasoning.append(r);
            }
        });
    }

    @Test
    void thinkTagsAreReasoningWhereverTheDeltasSplitThem() {
        String whole = "<think>Okay, the user wants tides.</think>\n\nTides rise <and> fall.";
        for (int a = 0; a <= whole.length(); a++) {
            for (int b = a; b <= whole.length(); b += 3) {
                text.setLength(0);
                reasoning.setLength(0);
                ThinkTagSplitter s = splitter();
                for (String piece : List.of(whole.substring(0, a), whole.substring(a, b), whole.substring(b))) {
                    if (!piece.isEmpty()) {
                        s.accept(piece);
                    }
                }
                s.finish();
                assertThat(reasoning.toString()).as("split %d/%d", a, b).isEqualTo("Okay, the user wants tides.");
                assertThat(text.toString()).as("split %d/%d", a, b).isEqualTo("Tides rise <and> fall.");
            }
        }
    }

    @Test
    void contentWithoutAThinkTagIsAllText() {
        ThinkTagSplitter s = splitter();
        for (String piece : new ArrayList<>(List.of("<th", "is is not a tag", " </think> at all"))) {
            s.accept(piece);
        }
        s.finish();
        assertThat(text.toString()).isEqualTo("<this is not a tag </think> at all");
        assertThat(reasoning.toString()).isEmpty();
    }

    @Test
    void aReplyCutWhileThinkingKeepsTheReasoning() {
        ThinkTagSplitter s = splitter();
        s.accept("<think>still thin");
        s.accept("king </thi");
        s.finish();
        assertThat(reasoning.toString()).isEqualTo("still thinking </thi");
        assertThat(text.toString()).isEmpty();
    }
}
