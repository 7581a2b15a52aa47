package dev.tidemark.chat;

import dev.tidemark.chat.ModelCapabilities.Answer;
import dev.tidemark.chat.ModelCapabilities.Capability;
import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The capability table of ADR 10 §2: the setting, then refusals learned in the run, then the model's name. */
class ModelCapabilitiesTest {

    private static final ProviderTraits ANTHROPIC =
            new ProviderTraits(Protocol.ANTHROPIC, "api.anthropic.com", "anthropic", AttachmentSupport.GUESS);
    private static final ProviderTraits OPENAI =
            new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "api.openai.com", "openai", AttachmentSupport.GUESS);
    private static final ProviderTraits OPENROUTER =
            new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "openrouter.ai", "openrouter", AttachmentSupport.GUESS);
    private static final ProviderTraits OLLAMA =
            new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "localhost", "ollama", AttachmentSupport.GUESS);

    @ParameterizedTest(name = "{0} on {1}: images {2}, pdf {3}")
    @CsvSource({
            // Anthropic protocol: claude- takes both, except claude-2 and claude-instant
            "claude-sonnet-4-5, anthropic, YES, YES",
            "claude-3-haiku-20240307, anthropic, YES, YES",
            "claude-2.1, anthropic, NO, NO",
            "claude-instant-1.2, anthropic, NO, NO",
            // OpenAI's families that see; PDF as a file part only on OpenAI's own host and OpenRouter
            "gpt-4o-mini, openai, YES, YES",
            "gpt-4.1, openai, YES, YES",
            "gpt-4-turbo, openai, YES, YES",
            "gpt-5, openai, YES, YES",
            "chatgpt-4o-latest, openai, YES, YES",
            "o1, openai, YES, YES",
            "o1-2024-12-17, openai, YES, YES",
            "o3, openai, YES, YES",
            "o4-mini, openai, YES, YES",
            "gpt-4o, ollama, YES, NO",
            "gemini-2.5-flash, ollama, YES, NO",
            "google/gemini-2.5-pro, openrouter, YES, YES",
            // known not to see
            "gpt-3.5-turbo, openai, NO, NO",
            "gpt-4, openai, NO, NO",
            "gpt-4-0613, openai, NO, NO",
            "o1-mini, openai, NO, NO",
            "o1-preview, openai, NO, NO",
            "o3-mini, openai, NO, NO",
            "deepseek-chat, ollama, NO, NO",
            "deepseek/deepseek-reasoner, openrouter, NO, YES",
            // local and other models by what their id contains
            "llava:13b, ollama, YES, NO",
            "bakllava, ollama, YES, NO",
            "moondream:latest, ollama, YES, NO",
            "Qwen/Qwen2.5-VL-7B-Instruct, ollama, YES, NO",
            "qwen2.5vl:7b, ollama, YES, NO",
            "qwen3-vl:8b, ollama, YES, NO",
            "pixtral-12b, ollama, YES, NO",
            "minicpm-v:8b, ollama, YES, NO",
            "gemma3:12b, ollama, YES, NO",
            "google/gemma-3-27b-it, ollama, YES, NO",
            "gemma3:1b, ollama, UNKNOWN, NO",
            "gemma3:270m, ollama, UNKNOWN, NO",
            "llama4:scout, ollama, YES, NO",
            "meta-llama/llama-4-maverick, ollama, YES, NO",
            "llama3.2-vision, ollama, YES, NO",
            "OpenGVLab/InternVL3-8B, ollama, YES, NO",
            "mistral-small-3.1-24b, ollama, YES, NO",
            "mistral-small-3.2, ollama, YES, NO",
            "mistral-small-3.0, ollama, UNKNOWN, NO",
            "llama3.1:8b, ollama, UNKNOWN, NO",
            "some-new-model, openai, UNKNOWN, UNKNOWN",
            "some-new-model, openrouter, UNKNOWN, YES",
    })
    void theNameTable(String model, String service, Answer images, Answer pdf) {
        ProviderTraits traits = switch (service) {
            case "anthropic" -> ANTHROPIC;
            case "openai" -> OPENAI;
            case "openrouter" -> OPENROUTER;
            default -> OLLAMA;
        };
        assertThat(new ModelCapabilities().of("p", traits, model)).isEqualTo(new Capability(images, pdf));
    }

    @Test
    void claudeOverAnotherProtocolIsNotKnownByName() {
        assertThat(new ModelCapabilities().of("p", OPENROUTER, "anthropic/claude-2").images()).isEqualTo(Answer.UNKNOWN);
    }

    @Test
    void theSettingWinsForEveryModel() {
        ModelCapabilities capabilities = new ModelCapabilities();
        assertThat(capabilities.of("p", with(AttachmentSupport.TEXT_ONLY), "llava"))
                .isEqualTo(new Capability(Answer.NO, Answer.NO));
        assertThat(capabilities.of("p", with(AttachmentSupport.IMAGES), "gpt-3.5-turbo"))
                .isEqualTo(new Capability(Answer.YES, Answer.NO));
        assertThat(capabilities.of("p", with(AttachmentSupport.IMAGES_AND_PDF), "my-model"))
                .isEqualTo(new Capability(Answer.YES, Answer.YES));
    }

    @Test
    void aRefusalLearnedInTheRunHoldsForThatProviderAndModelOnly() {
        ModelCapabilities capabilities = new ModelCapabilities();
        capabilities.learnNoImages("box", "llava");
        capabilities.learnNoPdf("router", "x");

        assertThat(capabilities.of("box", OLLAMA, "llava").images()).isEqualTo(Answer.NO);
        assertThat(capabilities.of("other", OLLAMA, "llava").images()).isEqualTo(Answer.YES);
        assertThat(capabilities.of("box", OLLAMA, "llava:13b").images()).isEqualTo(Answer.YES);
        assertThat(capabilities.of("router", OPENROUTER, "x")).isEqualTo(new Capability(Answer.UNKNOWN, Answer.NO));
    }

    private static ProviderTraits with(AttachmentSupport choice) {
        return new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "localhost", "ollama", choice);
    }
}
