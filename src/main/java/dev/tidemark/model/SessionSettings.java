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
 * @param tools        false: no tools are offered to the model in this chat; null (the default) or true:
 *                     the tools switched on in Settings → Tools are (session format 6)
 */
public record SessionSettings(String provider, String model, String systemPrompt, Double temperature,
                              Integer maxTokens, Boolean tools) {

    public static final SessionSettings DEFAULTS = new SessionSettings(null, null, null, null, null, null);

    public SessionSettings(String provider, String model, String systemPrompt, Double temperature, Integer maxTokens) {
        this(provider, model, systemPrompt, temperature, maxTokens, null);
    }

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

    /** True unless tools were switched off for this chat. */
    public boolean toolsOn() {
        return tools == null || tools;
    }

    /** The same settings with tools switched on (null: the default) or off for this chat. */
    public SessionSettings withTools(Boolean on) {
        return new SessionSettings(provider, model, systemPrompt, temperature, maxTokens, on == null || on ? null : false);
    }

    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
