package dev.tidemark.session;

import dev.tidemark.model.Message;

/** Titles a session from its first message until the user (or, later, the model) names it. */
public final class SessionTitles {

    public static final String UNTITLED = "New chat";
    private static final int MAX_LENGTH = 60;

    private SessionTitles() {
    }

    /** From the first message's text, or — a message of files only — the first file's name. */
    public static String fromFirstMessage(Message first) {
        return first.text().isBlank() && !first.attachments().isEmpty()
                ? fromFirstMessage(first.attachments().get(0).name()) : fromFirstMessage(first.text());
    }

    public static String fromFirstMessage(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.isEmpty()) {
            return UNTITLED;
        }
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 1).stripTrailing() + "…";
    }
}
