package dev.tidemark.ui.markdown;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds keywords, strings, comments, numbers and a few more kinds in code, for the languages chat
 * replies use most (Java, Kotlin, Python, JavaScript/TypeScript, JSON, shell, SQL, YAML, C/C++, C#,
 * Go, Rust) and a cautious fallback for anything else. One pass, no regular expressions, linear in
 * the length of the code, so a code block can be highlighted again on every frame while it streams.
 *
 * <p>It is a scanner, not a parser: it does not know regular-expression literals, nested template
 * strings or heredocs. An unclosed string or block comment runs to the end of the code, which is
 * what a reply still streaming that string should look like.
 */
public final class SyntaxHighlighter {

    /** A highlighted stretch {@code [start, end)} of the code; text between tokens is plain. */
    public record Token(TokenKind kind, int start, int end) {
    }

    private SyntaxHighlighter() {
    }

    public static List<Token> tokenize(String language, String code) {
        return new Scanner(Grammar.forLanguage(language), code).run();
    }

    private static final class Scanner {
        private final Grammar g;
        private final String code;
        private final int n;
        private final List<Token> tokens = new ArrayList<>();
        private boolean lineStart = true;     // only blanks (and YAML "- ") so far on this line

        Scanner(Grammar grammar, String code) {
            this.g = grammar;
            this.code = code;
            this.n = code.length();
        }

        List<Token> run() {
            int i = 0;
            while (i < n) {
                char c = code.charAt(i);
                if (c == '\n') {
                    lineStart = true;
                    i++;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                    continue;
                }
                int next = token(i, c);
                lineStart = g.yamlKeys() && c == '-' && next == i + 1 && lineStart && (next == n || isBlank(next));
                i = next;
            }
            return tokens;
        }

        /** Scans the token at {@code i}, records it when it is not plain, and returns where the next starts. */
        private int token(int i, char c) {
            if (g.blockCommentOpen() != null && code.startsWith(g.blockCommentOpen(), i)) {
                int close = code.indexOf(g.blockCommentClose(), i + g.blockCommentOpen().length());
                return add(TokenKind.COMMENT, i, close < 0 ? n : close + g.blockCommentClose().length());
            }
            for (Grammar.LineComment comment : g.lineComments()) {
                if (code.startsWith(comment.marker(), i) && commentMayStart(comment.where(), i)) {
                    return add(TokenKind.COMMENT, i, lineEnd(i));
                }
            }
            if (g.preprocessor() && c == '#' && lineStart) {
                return add(TokenKind.ANNOTATION, i, wordEnd(i + 1));
            }
            if (g.yamlKeys() && lineStart) {
                int keyEnd = yamlKeyEnd(i);
                if (keyEnd > i) {
                    return add(TokenKind.KEY, i, keyEnd);
                }
            }
            if (g.quotes().indexOf(c) >= 0) {
                int end = stringEnd(i);
                if (end < 0) {
                    return i + 1;                    // a lone apostrophe in prose, not a string
                }
                return add(g.keysBeforeColon() && colonFollows(end) ? TokenKind.KEY : TokenKind.STRING, i, end);
            }
            if (g.annotations() && c == '@' && i + 1 < n && Character.isJavaIdentifierStart(code.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (isWordChar(code.charAt(end)) || code.charAt(end) == '.')) {
                    end++;
                }
                return add(TokenKind.ANNOTATION, i, end);
            }
            if (g.variables() && c == '$') {
                int end = variableEnd(i);
                return end > i + 1 ? add(TokenKind.VARIABLE, i, end) : i + 1;
            }
            if (isDigit(c) && (i == 0 || !isWordChar(code.charAt(i - 1)))) {
                return add(TokenKind.NUMBER, i, numberEnd(i));
            }
            if (isWordStart(c)) {
                int end = wordEnd(i);
                String word = code.substring(i, end);
                if (end < n && g.quotes().indexOf(code.charAt(end)) >= 0 && g.stringPrefixes().contains(word)) {
                    int stringEnd = stringEnd(end);
                    if (stringEnd > 0) {
                        return add(TokenKind.STRING, i, stringEnd);
                    }
                }
                TokenKind kind = wordKind(word, end);
                return kind == null ? end : add(kind, i, end);
            }
            return i + 1;
        }

        private TokenKind wordKind(String word, int end) {
            if (g.isKeyword(word)) {
                return TokenKind.KEYWORD;
            }
            if (g.isLiteral(word)) {
                return TokenKind.LITERAL;
            }
            if (g.functions() && end < n && code.charAt(end) == '(') {
                return TokenKind.FUNCTION;
            }
            if (g.types() && Character.isUpperCase(word.charAt(0)) && hasLowerCase(word)) {
                return TokenKind.TYPE;
            }
            return null;
        }

        private int add(TokenKind kind, int start, int end) {
            tokens.add(new Token(kind, start, end));
            return end;
        }

        private boolean commentMayStart(Grammar.Where where, int i) {
            return switch (where) {
                case ANYWHERE -> true;
                case AFTER_SPACE -> i == 0 || Character.isWhitespace(code.charAt(i - 1));
                case LINE_START -> lineStart;
            };
        }

        /** End of the string opening at {@code i}, or -1 when it is unclosed and the grammar says that is text. */
        private int stringEnd(int i) {
            char q = code.charAt(i);
            if (g.tripleQuotes() && i + 2 < n && code.charAt(i + 1) == q && code.charAt(i + 2) == q) {
                String triple = String.valueOf(q).repeat(3);
                int j = i + 3;
                while (j < n) {
                    if (code.charAt(j) == '\\') {
                        j += 2;
                    } else if (code.startsWith(triple, j)) {
                        return j + 3;
                    } else {
                        j++;
                    }
                }
                return n;
            }
            boolean multiline = g.multilineQuotes().indexOf(q) >= 0;
            boolean escapes = !(g == Grammar.BASH && q == '\'');
            int j = i + 1;
            while (j < n) {
                char ch = code.charAt(j);
                if (ch == '\\' && escapes) {
                    j += 2;
                    continue;
                }
                if (ch == q) {
                    return j + 1;
                }
                if (ch == '\n' && !multiline) {
                    return g.unclosedStringIsText() ? -1 : j;
                }
                j++;
            }
            return g.unclosedStringIsText() ? -1 : n;
        }

        private boolean colonFollows(int i) {
            int j = i;
            while (j < n && (code.charAt(j) == ' ' || code.charAt(j) == '\t')) {
                j++;
            }
            return j < n && code.charAt(j) == ':';
        }

        /** A YAML key at the start of a line ({@code name:} followed by a blank or the end), or -1. */
        private int yamlKeyEnd(int i) {
            char first = code.charAt(i);
            if (first == '#' || first == '"' || first == '\'' || first == '{' || first == '[' || first == '-'
                    && (i + 1 >= n || isBlank(i + 1))) {
                return -1;
            }
            int j = i;
            while (j < n && code.charAt(j) != '\n' && code.charAt(j) != '#') {
                if (code.charAt(j) == ':' && (j + 1 == n || isBlank(j + 1))) {
                    int end = j;
                    while (end > i && code.charAt(end - 1) == ' ') {
                        end--;
                    }
                    return end > i ? end : -1;
                }
                j++;
            }
            return -1;
        }

        private int variableEnd(int i) {
            int j = i + 1;
            if (j >= n) {
                return j;
            }
            char c = code.charAt(j);
            if (c == '{') {
                int close = code.indexOf('}', j);
                int eol = lineEnd(j);
                return close < 0 || close > eol ? eol : close + 1;
            }
            if ("@#?$!*-0123456789".indexOf(c) >= 0) {
                return j + 1;
            }
            while (j < n && (Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '_')) {
                j++;
            }
            return j;
        }

        private int numberEnd(int i) {
            int j = i;
            if (code.charAt(i) == '0' && i + 1 < n && "xXbBoO".indexOf(code.charAt(i + 1)) >= 0) {
                j = i + 2;
                while (j < n && (Character.digit(code.charAt(j), 16) >= 0 || code.charAt(j) == '_')) {
                    j++;
                }
            } else {
                while (j < n && (isDigit(code.charAt(j)) || code.charAt(j) == '_')) {
                    j++;
                }
                if (j + 1 < n && code.charAt(j) == '.' && isDigit(code.charAt(j + 1))) {
                    j++;
                    while (j < n && (isDigit(code.charAt(j)) || code.charAt(j) == '_')) {
                        j++;
                    }
                }
                if (j + 1 < n && (code.charAt(j) == 'e' || code.charAt(j) == 'E')
                        && (isDigit(code.charAt(j + 1)) || j + 2 < n && "+-".indexOf(code.charAt(j + 1)) >= 0
                        && isDigit(code.charAt(j + 2)))) {
                    j += 2;
                    while (j < n && isDigit(code.charAt(j))) {
                        j++;
                    }
                }
            }
            while (j < n && Character.isLetter(code.charAt(j))) {     // 10L, 1.5f, 42u32, 7n
                j++;
            }
            return j;
        }

        private int wordEnd(int i) {
            int j = i;
            while (j < n && isWordChar(code.charAt(j))) {
                j++;
            }
            return j;
        }

        private int lineEnd(int i) {
            int eol = code.indexOf('\n', i);
            return eol < 0 ? n : eol;
        }

        private boolean isBlank(int i) {
            char c = code.charAt(i);
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private boolean isWordStart(char c) {
            return Character.isLetter(c) || c == '_' || g.extraWordChars().indexOf(c) >= 0 && c != '-' && c != '.';
        }

        private boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || g.extraWordChars().indexOf(c) >= 0;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean hasLowerCase(String word) {
            for (int k = 1; k < word.length(); k++) {
                if (Character.isLowerCase(word.charAt(k))) {
                    return true;
                }
            }
            return false;
        }
    }
}
