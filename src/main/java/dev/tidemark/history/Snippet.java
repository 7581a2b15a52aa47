package dev.tidemark.history;

import java.util.List;

/**
 * A short piece of a message around what was found, with the matched words marked.
 *
 * @param text  the piece, on one line ("…" where it was cut)
 * @param marks where the matched words are in {@code text}, in order, not overlapping
 */
public record Snippet(String text, List<Mark> marks) {

    /** Characters {@code [start, end)} of the snippet's text. */
    public record Mark(int start, int end) {
    }

    public Snippet {
        marks = List.copyOf(marks);
    }

    /** The marked words themselves, for tests and for the command line. */
    public List<String> markedWords() {
        return marks.stream().map(m -> text.substring(m.start(), m.end())).toList();
    }

    /** The text with each match in [brackets]: how the command line shows it. */
    public String bracketed() {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Mark m : marks) {
            out.append(text, at, m.start()).append('[').append(text, m.start(), m.end()).append(']');
            at = m.end();
        }
        return out.append(text.substring(at)).toString();
    }
}
