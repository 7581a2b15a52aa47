package dev.tidemark.ui.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a long message is cut into parts, each shown as its own row of the conversation list, so
 * that only the rows on screen exist as nodes and a growing reply re-lays out only its last part.
 *
 * <p>A cut goes at the start of a line that follows a blank line, outside a fenced code block, and
 * begins at the left margin (so it is a new top-level block, not a list item's continuation),
 * once the part has at least {@link #TARGET} characters. Cuts depend only on the text before
 * them, so while a reply streams the earlier parts never change: text that grows only adds cuts.
 */
final class Parts {

    /** Under a screenful of text: parts are short enough to build and lay out in a pulse (docs/performance.md). */
    static final int TARGET = 1_200;

    private final int target;
    private final List<Integer> starts = new ArrayList<>(List.of(0));
    private String seen = "";
    private int nextLine;          // start of the first line not yet looked at
    private boolean blankBefore;   // the line before nextLine was blank
    private char fenceChar;        // 0 outside a fenced code block
    private int fenceLength;

    Parts() {
        this(TARGET);
    }

    Parts(int target) {
        this.target = target;
    }

    /** Takes the message's current text; returns true when the cuts changed. */
    boolean follow(String text) {
        int before = starts.size();
        boolean reset = !text.startsWith(seen);
        if (reset) {
            starts.subList(1, starts.size()).clear();
            nextLine = 0;
            blankBefore = false;
            fenceChar = 0;
        }
        seen = text;
        int end;
        while ((end = text.indexOf('\n', nextLine)) >= 0) {
            line(text, nextLine, end);
            nextLine = end + 1;
        }
        return reset ? true : starts.size() != before;
    }

    private void line(String text, int start, int end) {
        boolean blank = text.substring(start, end).isBlank();
        if (fenceChar == 0 && blankBefore && !blank && !Character.isWhitespace(text.charAt(start))
                && start - starts.get(starts.size() - 1) >= target) {
            starts.add(start);
        }
        fence(text, start, end);
        blankBefore = blank;
    }

    /** Opens or closes a fenced code block (``` or ~~~, indented at most three spaces). */
    private void fence(String text, int start, int end) {
        int i = start;
        while (i < end && i - start < 3 && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= end || (text.charAt(i) != '`' && text.charAt(i) != '~')) {
            return;
        }
        char c = text.charAt(i);
        int run = 0;
        while (i + run < end && text.charAt(i + run) == c) {
            run++;
        }
        if (run < 3) {
            return;
        }
        if (fenceChar == 0) {
            fenceChar = c;
            fenceLength = run;
        } else if (c == fenceChar && run >= fenceLength && text.substring(i + run, end).isBlank()) {
            fenceChar = 0;
        }
    }

    int count() {
        return starts.size();
    }

    /** Part {@code index} of {@code text} (the text last given to {@link #follow}). */
    String part(String text, int index) {
        int from = starts.get(index);
        int to = index + 1 < starts.size() ? starts.get(index + 1) : text.length();
        return text.substring(from, to);
    }
}
