package dev.tidemark.ui.theme;

import javafx.scene.paint.Color;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds what must only be in the theme or in a style-constants class: literal colours (in Java
 * and in stylesheets) and literal style-class or pseudo-class names handed to JavaFX from Java.
 * Reads source text, so that {@link StyleLiteralsTest} can run it on the real sources and on small
 * wrong examples alike.
 */
final class StyleLiterals {

    /** JavaFX's named colours ({@code red}, {@code aliceblue}, …); not {@code transparent}, which paints nothing. */
    static final Set<String> NAMED_COLOURS = Arrays.stream(Color.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Color.class)
            .map(f -> f.getName().toLowerCase(Locale.ROOT))
            .filter(name -> !name.equals("transparent"))
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{3,8}\\b");
    private static final Pattern COLOUR_FUNCTION = Pattern.compile("\\b(?:rgba?|hsba?)\\s*\\(");
    private static final Pattern NAMED = Pattern.compile(
            "(?<![\\w-])(" + String.join("|", NAMED_COLOURS) + ")(?![\\w-])", Pattern.CASE_INSENSITIVE);
    /** Colours made in Java: {@code Color.web(…)}, {@code Color.RED}, {@code new Color(…)}, … */
    private static final Pattern JAVA_COLOUR = Pattern.compile(
            "\\b(?:Color\\.(?:web|rgb|hsb|color|gray|grayRgb|valueOf)\\s*\\(|Color\\.[A-Z][A-Z_]*\\b"
                    + "|Paint\\.valueOf\\s*\\(|new\\s+Color\\s*\\()");
    /** A literal among a style-class list call's arguments, a pseudo-class's name or a CSS lookup naming a class. */
    private static final Pattern STYLE_CLASS = Pattern.compile(
            "getStyleClass\\(\\)\\s*\\.\\s*\\w+\\s*\\([^;]*?\"|getPseudoClass\\s*\\(\\s*\""
                    + "|\\.lookup(?:All)?\\s*\\(\\s*\"[^\"]*\\w");
    private static final Pattern DECLARATIONS = Pattern.compile("\\{([^}]*)}");

    private StyleLiterals() {
    }

    /** What is wrong in a Java source: each finding with its line. */
    static List<String> inJava(String source) {
        List<int[]> strings = new ArrayList<>();
        String code = withoutComments(source, strings);
        List<String> found = new ArrayList<>();
        find(code, JAVA_COLOUR, "a colour made in Java", found);
        find(code, STYLE_CLASS, "a style-class or pseudo-class name as a literal", found);
        for (int[] span : strings) {
            String literal = code.substring(span[0], span[1]);
            if (HEX.matcher(literal).find() || COLOUR_FUNCTION.matcher(literal).find()
                    || literal.contains("-fx-") && NAMED.matcher(literal).find()) {
                found.add(line(code, span[0]) + ": a colour in a string: " + literal);
            }
        }
        return found;
    }

    /** Colours written in a stylesheet's declarations (selectors such as {@code #id} are not colours). */
    static List<String> inCss(String stylesheet) {
        String css = blankOut(stylesheet, CSS_COMMENT);
        List<String> found = new ArrayList<>();
        Matcher block = DECLARATIONS.matcher(css);
        while (block.find()) {
            for (Pattern colour : List.of(HEX, COLOUR_FUNCTION, NAMED)) {
                Matcher m = colour.matcher(block.group(1));
                while (m.find()) {
                    int at = block.start(1) + m.start();
                    found.add(line(css, at) + ": a colour: " + css.substring(at, css.indexOf('\n', at) < 0
                            ? css.length() : css.indexOf('\n', at)).strip());
                }
            }
        }
        return found;
    }

    private static void find(String code, Pattern pattern, String what, List<String> found) {
        Matcher m = pattern.matcher(code);
        while (m.find()) {
            found.add(line(code, m.start()) + ": " + what + ": " + m.group());
        }
    }

    /** Replaces what {@code pattern} matches with spaces, keeping the line breaks (and so the line numbers). */
    private static String blankOut(String text, Pattern pattern) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
    }

    /**
     * Java source with its comments turned into spaces (line breaks kept); adds the span of each
     * string literal and text block, quotes included, to {@code strings}.
     */
    private static String withoutComments(String source, List<int[]> strings) {
        StringBuilder code = new StringBuilder(source);
        int i = 0;
        while (i < code.length()) {
            if (source.startsWith("//", i) || source.startsWith("/*", i)) {
                int end = source.startsWith("//", i) ? source.indexOf('\n', i) : source.indexOf("*/", i + 2) + 2;
                end = end < i ? source.length() : end;
                for (int j = i; j < end; j++) {
                    if (code.charAt(j) != '\n') {
                        code.setCharAt(j, ' ');
                    }
                }
                i = end;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                String quote = source.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(source.charAt(i));
                int end = i + quote.length();
                while (end < source.length() && !source.startsWith(quote, end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(source.length(), end + quote.length());
                if (quote.charAt(0) == '"') {
                    strings.add(new int[] {i, end});
                }
                i = end;
            } else {
                i++;
            }
        }
        return code.toString();
    }

    private static String line(String text, int offset) {
        return "line " + (text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1);
    }
}
