package dev.tidemark.ui.theme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Colours are defined only in the theme's light.css and dark.css, and style-class and
 * pseudo-class names are written only in the style-constants classes ({@code Styles},
 * {@code ChatStyles}, {@code MarkdownStyles}, … — every class named {@code …Styles}). Checked on
 * the sources; the wrong examples show the scan finds what it looks for.
 */
class StyleLiteralsTest {

    private static final Path JAVA = Path.of("src/main/java");
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path THEME = RESOURCES.resolve("dev/tidemark/ui/theme");

    @Test
    void javaHasNoLiteralColourOrStyleClassOutsideTheConstants() throws IOException {
        Map<Path, List<String>> found = scan(JAVA, ".java",
                file -> !file.getFileName().toString().endsWith("Styles.java"), StyleLiterals::inJava);
        assertThat(found).isEmpty();
    }

    @Test
    void stylesheetsHaveNoColourOutsideTheThemes() throws IOException {
        Map<Path, List<String>> found = scan(RESOURCES, ".css",
                file -> !file.equals(THEME.resolve("light.css")) && !file.equals(THEME.resolve("dark.css")),
                StyleLiterals::inCss);
        assertThat(found).isEmpty();
    }

    @Test
    void theScanFindsLiteralStyleClassesAndColoursInJava() {
        String wrong = """
                class Wrong {
                    void style(Label label, Region card) {
                        label.getStyleClass().add("message-card");
                        card.getStyleClass().setAll(Styles.ICON, "busy");
                        if (card.getStyleClass().contains("busy")) { }
                        card.pseudoClassStateChanged(PseudoClass.getPseudoClass("open"), true);
                        card.lookup(".virtual-flow");
                        label.setTextFill(Color.web("#ff8800"));
                        label.setTextFill(Color.RED);
                        label.setTextFill(Color.rgb(1, 2, 3));
                        card.setStyle("-fx-background-color: rgba(0, 0, 0, 0.5)");
                        card.setStyle("-fx-border-color: white");
                    }
                }
                """;

        List<String> found = StyleLiterals.inJava(wrong);

        for (int line = 3; line <= 12; line++) { // each wrong line is reported
            String at = "line " + line + ":";
            assertThat(found).as(wrong.lines().skip(line - 1).findFirst().orElseThrow())
                    .anyMatch(f -> f.startsWith(at));
        }
        assertThat(found).filteredOn(f -> f.startsWith("line 3:")).singleElement().asString().contains("style-class");
        assertThat(found).filteredOn(f -> f.startsWith("line 12:")).singleElement().asString().contains("colour");
    }

    @Test
    void theScanLetsConstantsVariablesAndCommentsThrough() {
        String right = """
                /** See {@link #add} and #fff in a comment: neither is code. */
                class Right {
                    // label.getStyleClass().add("commented-out");
                    void style(Label label, String styleClass) {
                        label.getStyleClass().add(ChatStyles.MESSAGE);
                        label.getStyleClass().add(styleClass);
                        label.pseudoClassStateChanged(ChatStyles.PART_MORE, true);
                        label.setText("Colour #1, in red");
                        label.setId("edit-banner");
                    }
                }
                """;

        assertThat(StyleLiterals.inJava(right)).isEmpty();
    }

    @Test
    void theScanFindsColoursInStylesheetsButNotVariablesOrIds() {
        String css = """
                /* #fff in a comment is fine, and so is red */
                #add-provider, .message {
                    -fx-background-color: -color-surface, transparent;
                    -fx-border-color: #dcdcd8;
                    -fx-effect: dropshadow(gaussian, rgba(0, 0, 0, 0.18), 6, 0, 0, 1);
                    -fx-text-fill: white;
                    -fx-font-family: monospace;
                }
                """;

        assertThat(StyleLiterals.inCss(css)).hasSize(3)
                .anyMatch(f -> f.startsWith("line 4:"))
                .anyMatch(f -> f.startsWith("line 5:"))
                .anyMatch(f -> f.startsWith("line 6:"));
    }

    private interface Scan {
        List<String> findings(String text);
    }

    private static Map<Path, List<String>> scan(Path root, String suffix, java.util.function.Predicate<Path> checked,
                                                Scan scan) throws IOException {
        Map<Path, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).filter(checked).toList()) {
                List<String> findings = scan.findings(Files.readString(file));
                if (!findings.isEmpty()) {
                    found.put(file, findings);
                }
            }
        }
        return found;
    }
}
