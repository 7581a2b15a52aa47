package dev.tidemark.ui.markdown;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tidemark.ui.markdown.TokenKind.ANNOTATION;
import static dev.tidemark.ui.markdown.TokenKind.COMMENT;
import static dev.tidemark.ui.markdown.TokenKind.FUNCTION;
import static dev.tidemark.ui.markdown.TokenKind.KEY;
import static dev.tidemark.ui.markdown.TokenKind.KEYWORD;
import static dev.tidemark.ui.markdown.TokenKind.LITERAL;
import static dev.tidemark.ui.markdown.TokenKind.NUMBER;
import static dev.tidemark.ui.markdown.TokenKind.STRING;
import static dev.tidemark.ui.markdown.TokenKind.TYPE;
import static dev.tidemark.ui.markdown.TokenKind.VARIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SyntaxHighlighterTest {

    /** Each highlighted piece of text and its kind, in order. */
    private static Map<String, TokenKind> tokens(String language, String code) {
        Map<String, TokenKind> out = new LinkedHashMap<>();
        for (SyntaxHighlighter.Token token : SyntaxHighlighter.tokenize(language, code)) {
            out.put(code.substring(token.start(), token.end()), token.kind());
        }
        return out;
    }

    @Test
    void javaKeywordsStringsCommentsNumbersAndAnnotations() {
        String code = """
                @Override
                public String greet(String name) { // says hello
                    int n = 0x1F + 42L; /* two
                    lines */ char c = '!';
                    return "Hello, \\"" + name + \"""
                        text block
                        \""";
                }""";
        assertThat(tokens("java", code)).contains(
                entry("@Override", ANNOTATION), entry("public", KEYWORD), entry("String", TYPE),
                entry("greet", FUNCTION), entry("// says hello", COMMENT), entry("int", KEYWORD),
                entry("0x1F", NUMBER), entry("42L", NUMBER), entry("/* two\n    lines */", COMMENT),
                entry("'!'", STRING), entry("return", KEYWORD), entry("\"Hello, \\\"\"", STRING),
                entry("\"\"\"\n        text block\n        \"\"\"", STRING));
        assertThat(tokens("java", code)).doesNotContainKeys("name", "n", "says");
    }

    @Test
    void pythonKeywordsStringsCommentsAndDecorators() {
        String code = """
                @cache
                def area(r: float) -> float:  # in square metres
                    \"""Docstring
                    over lines.\"""
                    label = f"r={r}" if r else None
                    return 3.14159 * r ** 2
                """;
        assertThat(tokens("python", code)).contains(
                entry("@cache", ANNOTATION), entry("def", KEYWORD), entry("area", FUNCTION),
                entry("# in square metres", COMMENT), entry("\"\"\"Docstring\n    over lines.\"\"\"", STRING),
                entry("f\"r={r}\"", STRING), entry("if", KEYWORD), entry("else", KEYWORD), entry("None", LITERAL),
                entry("return", KEYWORD), entry("3.14159", NUMBER), entry("2", NUMBER));
        assertThat(tokens("py", code)).isEqualTo(tokens("python", code));
    }

    @Test
    void javascriptAndTypescriptTemplatesAndComments() {
        String code = "const greet = async (name: string) => {\n  // hi\n  return `Hello,\n${name}`;\n};";
        Map<String, TokenKind> ts = tokens("ts", code);
        assertThat(ts).contains(entry("const", KEYWORD), entry("async", KEYWORD), entry("string", KEYWORD),
                entry("// hi", COMMENT), entry("return", KEYWORD), entry("`Hello,\n${name}`", STRING));
        assertThat(tokens("javascript", code)).isEqualTo(ts);
    }

    @Test
    void jsonKeysAreNotValues() {
        String code = "{\"name\": \"tide\", \"depth\": -12.5e3, \"ok\": true, \"next\": null}";
        assertThat(tokens("json", code)).containsExactly(
                entry("\"name\"", KEY), entry("\"tide\"", STRING), entry("\"depth\"", KEY), entry("12.5e3", NUMBER),
                entry("\"ok\"", KEY), entry("true", LITERAL), entry("\"next\"", KEY), entry("null", LITERAL));
    }

    @Test
    void shellCommentsNeedABlankBeforeTheHash() {
        String code = "# install\nif [ $# -gt 0 ]; then echo \"${HOME}/a#b\" $1; fi # done";
        Map<String, TokenKind> sh = tokens("bash", code);
        assertThat(sh).contains(entry("# install", COMMENT), entry("if", KEYWORD), entry("$#", VARIABLE),
                entry("\"${HOME}/a#b\"", STRING), entry("$1", VARIABLE), entry("fi", KEYWORD),
                entry("# done", COMMENT));
        assertThat(tokens("sh", code)).isEqualTo(sh);
    }

    @Test
    void sqlKeywordsIgnoreCase() {
        String code = "SELECT name, count(*) FROM tides -- per port\nwhere height > 2 AND port = 'Brest';";
        assertThat(tokens("sql", code)).contains(entry("SELECT", KEYWORD), entry("count", FUNCTION),
                entry("FROM", KEYWORD), entry("-- per port", COMMENT), entry("where", KEYWORD),
                entry("2", NUMBER), entry("AND", KEYWORD), entry("'Brest'", STRING));
    }

    @Test
    void yamlKeysCommentsAndScalars() {
        String code = "server:\n  port: 8080 # http\n  hosts:\n    - name: \"a b\"\n      primary: true\nurl: http://x#y";
        assertThat(tokens("yaml", code)).containsExactly(entry("server", KEY), entry("port", KEY),
                entry("8080", NUMBER), entry("# http", COMMENT), entry("hosts", KEY), entry("name", KEY),
                entry("\"a b\"", STRING), entry("primary", KEY), entry("true", LITERAL), entry("url", KEY));
    }

    @Test
    void unknownLanguagesGetACautiousFallback() {
        String code = "# Notes\nIt's fine: see http://example.com // really\nx = \"quoted\" 42";
        assertThat(tokens("brainfuck", code)).containsExactly(entry("# Notes", COMMENT),
                entry("// really", COMMENT), entry("\"quoted\"", STRING), entry("42", NUMBER));
        assertThat(tokens("", code)).isEqualTo(tokens("brainfuck", code));
    }

    @Test
    void anOpenStringOrCommentRunsToTheEndWhileItStreams() {
        assertThat(tokens("java", "int x; /* not closed yet")).containsEntry("/* not closed yet", COMMENT);
        assertThat(tokens("python", "s = '''still\ngoing")).containsEntry("'''still\ngoing", STRING);
    }

    @Test
    void tokensAreOrderedAndDoNotOverlap() {
        String code = "x = \"a\" + 'b' // c\n/* d */ 1.5 @e f(g)";
        for (String language : List.of("java", "python", "js", "json", "bash", "sql", "yaml", "c", "go", "rust", "")) {
            int at = 0;
            for (SyntaxHighlighter.Token token : SyntaxHighlighter.tokenize(language, code)) {
                assertThat(token.start()).as(language).isGreaterThanOrEqualTo(at);
                assertThat(token.end()).as(language).isGreaterThan(token.start()).isLessThanOrEqualTo(code.length());
                at = token.end();
            }
        }
    }
}
