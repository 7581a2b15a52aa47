package dev.tidemark.model;

/**
 * What a session asks of the model, when it differs from the app's defaults. Every field may be
 * null: "use the default".
 *
 * @param provider     the provider choice (a configured provider id, a preset id or "demo")
 * @param model        the model name as the service knows it
 * @param systemPrompt sent as the system prompt before the conversation
 * @param temperature  0.0 to 2.0
 * @param maxTokens    the longest reply, in tokens
 */
public record SessionSettings(String provider, String model, String systemPrompt, Double temperature,
                              Integer maxTokens) {

    public static final SessionSettings DEFAULTS = new SessionSettings(null, null, null, null, null);

    public SessionSettings {
        provider = blankToNull(provider);
        model = blankToNull(model);
        systemPrompt = blankToNull(systemPrompt);
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("The temperature must be between 0 and 2.");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("The longest reply must be at least 1 token.");
        }
    }

    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
