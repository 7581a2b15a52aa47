package dev.tidemark.ui.markdown;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A reply fed to the view as it streams: the whole text so far, one token more each time. */
@ExtendWith(ApplicationExtension.class)
class MarkdownStreamingTest {

    private static final String CODE = """
            public class Tide {
                // metres above chart datum
                double height(String port) { return "Brest".equals(port) ? 7.2 : 0.4; }
            }""";

    private static final String REPLY = "# High water\n\n"
            + "The **moon** pulls the sea, see [tables](https://example.com/tides).\n\n"
            + "- spring tides\n- neap tides\n\n"
            + "| port | m |\n|---|--:|\n| Brest | 7.2 |\n\n"
            + "Here is the code:\n\n"
            + "```java\n" + CODE + "\n```\n\n"
            + "After the code, a closing paragraph.\n";

    private MarkdownView view;
    private MarkdownView fresh;

    @Start
    void start(Stage stage) {
        view = new MarkdownView(url -> { });
        fresh = new MarkdownView(url -> { });
        stage.setScene(new Scene(TestTheme.root(new VBox(view, fresh)), 640, 760));
        stage.show();
    }

    /** Tokens as a model sends them: words, the spaces and newlines between them, punctuation. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\\n|[ \\t]+|\\w+|[^\\w\\s]+").matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        assertThat(String.join("", tokens)).isEqualTo(text);
        return tokens;
    }

    /** Runs {@code work} on the FX thread and rethrows what it threw (an assertion, say). */
    private static void onFx(Runnable work) {
        try {
            WaitForAsyncUtils.asyncFx(work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a pulse does between two updates: CSS and layout. */
    private void pulse() {
        view.getScene().getRoot().applyCss();
        view.getScene().getRoot().layout();
    }

    private List<Node> blocks(MarkdownView of) {
        return List.copyOf(((MarkdownViewSkin) of.getSkin()).content().getChildren());
    }

    @Test
    void aStreamedReplyRebuildsOnlyItsEndAndAnOpenFenceIsCodeAlready(FxRobot robot) {
        onFx(() -> streamReply(robot));
    }

    private void streamReply(FxRobot robot) {
        int fenceOpen = REPLY.indexOf("```java\n") + "```java\n".length();
        int fenceClose = REPLY.indexOf("\n```\n", fenceOpen);
        int after = REPLY.indexOf("After");
        StringBuilder sent = new StringBuilder();
        List<Node> previous = List.of();
        Node heading = null;
        int codeSteps = 0;
        int afterSteps = 0;
        for (String token : tokens(REPLY)) {
            sent.append(token);
            String text = sent.toString();
            view.setMarkdown(text);
            pulse();
            List<Node> now = blocks(view);

            // every block before the last one of the previous step is the very same node
            for (int i = 0; i < Math.min(previous.size(), now.size()) - 1; i++) {
                assertThat(now.get(i)).as("block %d after %s", i, text).isSameAs(previous.get(i));
            }
            if (heading == null && now.size() > 1) {
                heading = now.get(0);
            }
            if (sent.length() > fenceOpen && sent.length() <= fenceClose) {
                // the fence is open: the code is already a highlighted code block, growing
                Node last = now.get(now.size() - 1);
                assertThat(last).as("after %s", text).isInstanceOf(CodeBlockView.class);
                CodeBlockView code = (CodeBlockView) last;
                String typed = text.substring(fenceOpen);
                assertThat(code.code()).isEqualTo(typed.endsWith("\n") ? typed.substring(0, typed.length() - 1) : typed);
                assertThat(robot.from(code).lookup("." + MarkdownStyles.CODE_LANGUAGE).queryAs(Label.class).getText())
                        .isEqualTo("java");
                codeSteps++;
            }
            if (sent.length() > after) {
                Node last = now.get(now.size() - 1);
                assertThat(last).isInstanceOf(TextBlockView.class);
                assertThat(last.getStyleClass()).contains(MarkdownStyles.PARAGRAPH);
                assertThat(((RunFlow) last).text()).isEqualTo(text.substring(after).strip());
                assertThat(now.get(now.size() - 2)).isInstanceOf(CodeBlockView.class);
                afterSteps++;
            }
            previous = now;
        }
        assertThat(codeSteps).isGreaterThan(30);
        assertThat(afterSteps).isGreaterThan(5);
        assertThat(blocks(view).get(0)).isSameAs(heading);
        assertThat(((CodeBlockView) blocks(view).get(5)).code()).isEqualTo(CODE);
    }

    @Test
    void theFinalRenderEqualsAFreshRenderOfTheWholeText(FxRobot robot) {
        onFx(() -> {
            StringBuilder sent = new StringBuilder();
            for (String token : tokens(REPLY)) {
                sent.append(token);
                view.setMarkdown(sent.toString());
                pulse();
            }
        });
        robot.interact(() -> fresh.setMarkdown(REPLY));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(blocks(view)).hasSize(7);
        assertThat(TestTheme.dump(((MarkdownViewSkin) view.getSkin()).content()))
                .isEqualTo(TestTheme.dump(((MarkdownViewSkin) fresh.getSkin()).content()));
        assertThat(view.getHeight()).isEqualTo(fresh.getHeight());
    }

    @Test
    void streamingThroughEditsAndReshapingEndsLikeAFreshRenderToo(FxRobot robot) {
        // text whose blocks change kind while it grows: a paragraph becomes a heading, a list becomes loose,
        // a "#" heading turns back into paragraph text, a paragraph becomes a table
        String tricky = "Intro\n\nTitle\n=====\n\n- a\n- b\n\n- c\n\npara\n#tag\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n"
                + "[ref]\n\n[ref]: https://example.com\n";
        onFx(() -> {
            for (int end = 1; end <= tricky.length(); end++) {
                view.setMarkdown(tricky.substring(0, end));
                pulse();
            }
        });
        robot.interact(() -> fresh.setMarkdown(tricky));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(TestTheme.dump(((MarkdownViewSkin) view.getSkin()).content()))
                .isEqualTo(TestTheme.dump(((MarkdownViewSkin) fresh.getSkin()).content()))
                .contains("\"ref\"");
        assertThat(robot.from(view).lookup("." + MarkdownStyles.LINK).queryAll()).hasSize(1);
    }

    @Test
    void appendingToALongReplyLeavesEarlierBlocksAlone(FxRobot robot) {
        StringBuilder longReply = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            longReply.append("Paragraph ").append(i).append(" with *some* words and `code`.\n\n");
        }
        longReply.append("The last paragraph");
        robot.interact(() -> view.setMarkdown(longReply.toString()));
        List<Node> before = blocks(view);
        List<Node> beforeTexts = List.copyOf(((RunFlow) before.get(0)).getChildren());
        int fullParses = ((MarkdownViewSkin) view.getSkin()).fullParses();

        robot.interact(() -> view.setMarkdown(longReply + " grows"));
        List<Node> after = blocks(view);
        assertThat(after).hasSize(301);
        for (int i = 0; i < 301; i++) {
            assertThat(after.get(i)).as("block %d", i).isSameAs(before.get(i));
        }
        assertThat(((RunFlow) after.get(0)).getChildren()).containsExactlyElementsOf(beforeTexts);
        assertThat(((RunFlow) after.get(300)).text()).isEqualTo("The last paragraph grows");
        assertThat(((MarkdownViewSkin) view.getSkin()).fullParses()).isEqualTo(fullParses);
    }

    @Test
    void closingTheFenceMovesNothing(FxRobot robot) {
        String open = "Intro.\n\n```java\n" + CODE;
        robot.interact(() -> view.setMarkdown(open));
        WaitForAsyncUtils.waitForFxEvents();
        Node code = blocks(view).get(1);
        double height = view.getHeight();
        List<Node> codeTexts = List.copyOf(robot.from(code).lookup("." + MarkdownStyles.CODE_BODY)
                .queryAs(RunFlow.class).getChildren());

        robot.interact(() -> view.setMarkdown(open + "\n```\n"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(blocks(view)).hasSize(2);
        assertThat(blocks(view).get(1)).isSameAs(code);
        assertThat(robot.from(code).lookup("." + MarkdownStyles.CODE_BODY).queryAs(RunFlow.class).getChildren())
                .containsExactlyElementsOf(codeTexts);
        assertThat(view.getHeight()).isEqualTo(height);
    }
}
