package dev.tidemark.provider;

import java.util.regex.Pattern;

/** Keeps API keys out of anything a user or a log file can see. */
public final class Secrets {

    // Shapes of keys the services print back in their own error messages (OpenAI echoes a masked
    // "sk-abc***xyz"; keep none of it).
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|sk-ant|sk-or|gsk)[-_][A-Za-z0-9_\\-*]{6,}");

    private static final int MIN_KEY_LENGTH = 6;

    private Secrets() {
    }

    /** Returns {@code text} with {@code key} (when non-blank) and anything shaped like a key replaced. */
    public static String redact(String text, String key) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (key != null && key.strip().length() >= MIN_KEY_LENGTH) { // a 1-letter "key" would blank out words
            out = out.replace(key, "[key hidden]");
        }
        return KEY_LIKE.matcher(out).replaceAll("[key hidden]");
    }
}
