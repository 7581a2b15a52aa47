package dev.tidemark.ui.chat;

/**
 * How far a running tool call is, as its server last said (MCP progress notifications).
 *
 * @param done    how far it is
 * @param total   out of how much; null when the server does not say (the bar is then indeterminate)
 * @param message the server's words; null when none
 */
public record ToolCallProgress(double done, Double total, String message) {

    /** From 0 to 1, or -1 (indeterminate) when there is no total. */
    public double fraction() {
        return total == null || total <= 0 ? -1 : Math.max(0, Math.min(1, done / total));
    }

    /** What to show beside the bar: the server's words, else "3 of 10" when the total is known. */
    public String words() {
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        return total == null ? "" : number(done) + " of " + number(total);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
