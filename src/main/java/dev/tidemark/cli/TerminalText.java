package dev.tidemark.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What goes to a terminal is text, not commands: removes the control characters a terminal would
 * act on — C0 other than newline and tab (escape, bell, carriage return, backspace…), DEL, and
 * C1 (U+0080 to U+009F) — from everything written through it. A reply, a title or an error body
 * can hold them (a model, a server or an imported file wrote them); printed raw, they could move
 * the cursor, rewrite the screen or the window title, or worse. Only for a terminal: pipes and
 * files get the exact text.
 */
final class TerminalText extends FilterWriter {

    TerminalText(Writer out) {
        super(out);
    }

    /** Whether a terminal would take this character as a command. */
    static boolean isControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    /** The text without its control characters. */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    @Override
    public void write(int c) throws IOException {
        if (!isControl((char) c)) {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        write(new String(buffer, offset, length), 0, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        String cleaned = clean(text.substring(offset, offset + length));
        out.write(cleaned, 0, cleaned.length());
    }
}
