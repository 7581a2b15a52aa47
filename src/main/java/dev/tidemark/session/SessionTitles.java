package dev.tidemark.session;

/** Titles a session from its first message until the user (or, later, the model) names it. */
public final class SessionTitles {

    public static final String UNTITLED = "New chat";
    private static final int MAX_LENGTH = 60;

    private SessionTitles() {
    }

    public static String fromFirstMessage(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        if (oneLine.isEmpty()) {
            return UNTITLED;
        }
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 1).stripTrailing() + "…";
    }
}
