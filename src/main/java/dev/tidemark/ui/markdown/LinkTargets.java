package dev.tidemark.ui.markdown;

import java.util.Locale;

/** Which link destinations a click may hand to the system browser: web pages and mail addresses only. */
final class LinkTargets {

    private LinkTargets() {
    }

    /**
     * True for absolute http, https and mailto URLs. Everything else (javascript:, file:, data:,
     * relative paths, custom schemes) is shown as text and cannot be clicked.
     */
    static boolean isOpenable(String destination) {
        if (destination == null) {
            return false;
        }
        String url = destination.strip();
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i)) || Character.isWhitespace(url.charAt(i))) {
                return false;
            }
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> url.startsWith("//", colon + 1) && url.length() > colon + 3;
            case "mailto" -> url.length() > colon + 1;
            default -> false;
        };
    }
}
