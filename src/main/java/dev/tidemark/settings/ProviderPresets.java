package dev.tidemark.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The services Tidemark has presets for. Base URLs follow each service's own documentation for its
 * OpenAI-compatible (or Anthropic) endpoint; see {@code docs/providers.md} for the table and how
 * each was tested.
 */
public final class ProviderPresets {

    public static final String CUSTOM_ID = "custom";

    public static final ProviderPreset OPENAI = cloud("openai", "OpenAI", Protocol.OPENAI_COMPATIBLE,
            "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini");
    public static final ProviderPreset ANTHROPIC = cloud("anthropic", "Anthropic", Protocol.ANTHROPIC,
            "https://api.anthropic.com", "ANTHROPIC_API_KEY", "claude-sonnet-4-5");
    public static final ProviderPreset OPENROUTER = cloud("openrouter", "OpenRouter", Protocol.OPENAI_COMPATIBLE,
            "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", "openrouter/auto");
    public static final ProviderPreset GROQ = cloud("groq", "Groq", Protocol.OPENAI_COMPATIBLE,
            "https://api.groq.com/openai/v1", "GROQ_API_KEY", "llama-3.3-70b-versatile");
    public static final ProviderPreset DEEPSEEK = cloud("deepseek", "DeepSeek", Protocol.OPENAI_COMPATIBLE,
            "https://api.deepseek.com", "DEEPSEEK_API_KEY", "deepseek-chat");
    public static final ProviderPreset MISTRAL = cloud("mistral", "Mistral", Protocol.OPENAI_COMPATIBLE,
            "https://api.mistral.ai/v1", "MISTRAL_API_KEY", "mistral-small-latest");
    public static final ProviderPreset GEMINI = cloud("gemini", "Google Gemini", Protocol.OPENAI_COMPATIBLE,
            "https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY", "gemini-2.5-flash");
    public static final ProviderPreset OLLAMA = local("ollama", "Ollama", "http://localhost:11434/v1");
    public static final ProviderPreset LM_STUDIO = local("lmstudio", "LM Studio", "http://localhost:1234/v1");
    public static final ProviderPreset LLAMA_CPP = local("llamacpp", "llama.cpp server", "http://localhost:8080/v1");
    public static final ProviderPreset VLLM = local("vllm", "vLLM", "http://localhost:8000/v1");
    public static final ProviderPreset CUSTOM = new ProviderPreset(CUSTOM_ID, "Any OpenAI-compatible URL",
            Protocol.OPENAI_COMPATIBLE, null, AuthStyle.BEARER, null, null, false);

    /** In the order the settings dialog offers them. */
    public static final List<ProviderPreset> ALL = List.of(OPENAI, ANTHROPIC, OPENROUTER, GROQ, DEEPSEEK, MISTRAL,
            GEMINI, OLLAMA, LM_STUDIO, LLAMA_CPP, VLLM, CUSTOM);

    private ProviderPresets() {
    }

    public static Optional<ProviderPreset> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String key = id.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(p -> p.id().equals(key)).findFirst();
    }

    /** The presets that can be used by id alone (every one but {@link #CUSTOM}, which has no URL). */
    public static List<ProviderPreset> usableById() {
        return ALL.stream().filter(p -> !p.isCustom()).toList();
    }

    private static ProviderPreset cloud(String id, String name, Protocol protocol, String baseUrl, String keyVariable,
                                        String model) {
        return new ProviderPreset(id, name, protocol, baseUrl, AuthStyle.of(protocol), keyVariable, model, false);
    }

    private static ProviderPreset local(String id, String name, String baseUrl) {
        return new ProviderPreset(id, name, Protocol.OPENAI_COMPATIBLE, baseUrl, AuthStyle.NONE, null, null, true);
    }
}
