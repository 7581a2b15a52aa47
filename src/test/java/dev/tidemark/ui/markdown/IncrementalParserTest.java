package dev.tidemark.ui.markdown;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalParserTest {

    private static final String MIXED = """
            # Tides

            Tides are the rise and fall of the sea, with *emphasis*, `code` and a [link](https://example.com).
            A lazy continuation line.
            Setext heading
            --------------

            - one
            - two

              still two
            - three
              1. nested
              2. nested

            > quoted
            lazy quote line

            | a | b |
            |---|:-:|
            | 1 | 2 |

            ```java
            int x = 1;


            int y = 2;
            ```

                indented code

            <div>
            html block
            </div>

            ***
            Last paragraph
            #hashtag is not a heading
            #
            """;

    private static final List<String> DOCS = List.of(MIXED,
            "para\n#hashtag\n\n## real\ntext",
            "Foo\n---\nbar\n\nbaz\n===\n",
            "intro\n| a | b |\n|---|---|\n| 1 | 2 |\n\nafter",
            "- a\n- b\n\n  continued\n- c\n\npara\n\n1. one\n2. two\n\n10) ten\n",
            "```\ncode\n\n\nmore\n```\nafter\n~~~py\nx\n~~~~\n",
            "<div>\nhtml\n\n</div>\n\npara\n\n<!-- c -->\n",
            "    indented\n\npara\n    not code\n\n***\n___\n---\n",
            "> a\n> > b\nlazy\n\n> c\n- d\n");

    @Test
    void growingTextGivesTheSameBlocksAsParsingItWhole() {
        for (String doc : DOCS) {
            IncrementalParser streaming = new IncrementalParser();
            for (int end = 0; end <= doc.length(); end++) {
                String prefix = doc.substring(0, end);
                List<SourceBlock> incremental = streaming.parse(prefix);
                List<SourceBlock> whole = new IncrementalParser().parse(prefix);
                assertThat(describe(incremental)).as("prefix %s", prefix).isEqualTo(describe(whole));
                assertThat(incremental).as("blocks tile the text").allSatisfy(block ->
                        assertThat(prefix.startsWith(block.source(), block.start())).isTrue());
            }
        }
    }

    @Test
    void onlyTheEndIsParsedAgainWhileTheTextGrows() {
        IncrementalParser parser = new IncrementalParser();
        int fullWhenThreeBlocks = -1;
        for (int end = 0; end <= MIXED.length(); end++) {
            List<SourceBlock> blocks = parser.parse(MIXED.substring(0, end));
            if (fullWhenThreeBlocks < 0 && blocks.size() >= 3) {
                fullWhenThreeBlocks = parser.fullParses();
            }
        }
        // a whole parse is needed only while there are fewer than three blocks
        assertThat(fullWhenThreeBlocks).isPositive();
        assertThat(parser.fullParses()).isEqualTo(fullWhenThreeBlocks);
    }

    @Test
    void unchangedBlocksAreTheSameInstances() {
        IncrementalParser parser = new IncrementalParser();
        List<SourceBlock> before = parser.parse("# A\n\nB\n\nC\n\nD");
        List<SourceBlock> after = parser.parse("# A\n\nB\n\nC\n\nD and more");
        assertThat(after).hasSize(4);
        assertThat(after.get(0)).isSameAs(before.get(0));
        assertThat(after.get(1)).isSameAs(before.get(1));
        assertThat(after.get(3).source()).isEqualTo("D and more");
    }

    @Test
    void linkDefinitionsAnywhereMakeTheWholeTextParsedAgain() {
        IncrementalParser parser = new IncrementalParser();
        parser.parse("[tide]\n\nA\n\nB\n\nC");
        int full = parser.fullParses();
        parser.parse("[tide]\n\nA\n\nB\n\nC\n\n[tide]: https://example.com/tide");
        assertThat(parser.fullParses()).isEqualTo(full + 1);
        assertThat(parser.definitions()).contains("https://example.com/tide");
        assertThat(BlockConverter.convert(parser.parse("[tide]\n\nA\n\nB\n\nC\n\n[tide]: https://example.com/tide")
                .get(0).block())).isEqualTo(new BlockModel.Paragraph(List.of(new TextRun("tide",
                List.of(MarkdownStyles.TEXT, MarkdownStyles.LINK), "https://example.com/tide"))));
    }

    @Test
    void anEditedTextIsParsedWhole() {
        IncrementalParser parser = new IncrementalParser();
        parser.parse("A\n\nB\n\nC\n\nD");
        int full = parser.fullParses();
        List<SourceBlock> edited = parser.parse("X\n\nB\n\nC\n\nD");
        assertThat(parser.fullParses()).isEqualTo(full + 1);
        assertThat(edited.get(0).source()).isEqualTo("X\n\n");
    }

    private static List<String> describe(List<SourceBlock> blocks) {
        return blocks.stream()
                .map(b -> b.start() + ":" + b.block().getClass().getSimpleName() + ":" + b.source()
                        + "=" + BlockConverter.convert(b.block()))
                .toList();
    }
}
