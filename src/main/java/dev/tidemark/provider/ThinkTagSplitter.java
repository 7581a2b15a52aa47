package dev.tidemark.provider;

/**
 * Separates {@code <think>…</think>} at the start of a reply's content (how older llama.cpp
 * servers and some models stream reasoning) into reasoning, even when a tag is split across
 * deltas. Owned by one stream's reader thread.
 */
public final class ThinkTagSplitter {

    /** Where the pieces go. */
    public interface Sink {
        void text(String text);

        void reasoning(String text);
    }

    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    private enum State { START, THINKING, AFTER_THINKING, TEXT }

    private final Sink sink;
    private State state = State.START;
    private final StringBuilder pending = new StringBuilder();

    public ThinkTagSplitter(Sink sink) {
        this.sink = sink;
    }

    public void accept(String content) {
        pending.append(content);
        while (pending.length() > 0) {
            if (state == State.START) {
                String head = stripLeading(pending);
                if (head.startsWith(OPEN)) {
                    pending.setLength(0);
                    pending.append(head.substring(OPEN.length()));
                    state = State.THINKING;
                } else if (OPEN.startsWith(head)) {
                    return; // maybe the start of the tag: wait for more
                } else {
                    state = State.TEXT;
                }
            } else if (state == State.THINKING) {
                int close = pending.indexOf(CLOSE);
                if (close >= 0) {
                    emitReasoning(pending.substring(0, close));
                    pending.delete(0, close + CLOSE.length());
                    state = State.AFTER_THINKING;
                } else {
                    int keep = partialSuffix(pending, CLOSE);
                    emitReasoning(pending.substring(0, pending.length() - keep));
                    pending.delete(0, pending.length() - keep);
                    return;
                }
            } else if (state == State.AFTER_THINKING) {
                // the blank lines between the reasoning and the answer belong to neither
                String rest = stripLeading(pending);
                pending.setLength(0);
                pending.append(rest);
                if (rest.isEmpty()) {
                    return;
                }
                state = State.TEXT;
            } else {
                sink.text(pending.toString());
                pending.setLength(0);
            }
        }
    }

    /** The stream ended: whatever is held back goes out as it is. */
    public void finish() {
        if (pending.length() == 0) {
            return;
        }
        if (state == State.THINKING) {
            emitReasoning(pending.toString());
        } else if (state != State.AFTER_THINKING) {
            sink.text(pending.toString());
        }
        pending.setLength(0);
    }

    private void emitReasoning(String text) {
        if (!text.isEmpty()) {
            sink.reasoning(text);
        }
    }

    private static String stripLeading(CharSequence s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.subSequence(i, s.length()).toString();
    }

    /** How many characters at the end of {@code s} could begin {@code tag}. */
    private static int partialSuffix(CharSequence s, String tag) {
        int max = Math.min(tag.length() - 1, s.length());
        for (int k = max; k > 0; k--) {
            if (tag.startsWith(s.subSequence(s.length() - k, s.length()).toString())) {
                return k;
            }
        }
        return 0;
    }
}
