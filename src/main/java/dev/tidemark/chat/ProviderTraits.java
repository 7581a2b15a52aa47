package dev.tidemark.chat;

import dev.tidemark.settings.AttachmentSupport;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPresets;
import okhttp3.HttpUrl;

import java.util.Locale;
import java.util.Objects;

/**
 * What decides how attachments reach a provider (ADR 10 §1, §2): its protocol, the host it talks to,
 * the preset it was made from, and the user's attachments setting.
 *
 * @param protocol    the wire protocol
 * @param host        the base URL's host, lower case ("" when not known)
 * @param preset      the preset id ({@code custom} when not known)
 * @param attachments the provider's setting
 */
public record ProviderTraits(Protocol protocol, String host, String preset, AttachmentSupport attachments) {

    /** A provider Tidemark knows nothing about: an OpenAI-compatible server, guessed by model names. */
    public static final ProviderTraits UNKNOWN =
            new ProviderTraits(Protocol.OPENAI_COMPATIBLE, "", ProviderPresets.CUSTOM_ID, AttachmentSupport.GUESS);

    static final String OPENAI_HOST = "api.openai.com";
    static final String GEMINI_HOST = "generativelanguage.googleapis.com";

    /** Anthropic's request limit, base64 included. */
    static final long ANTHROPIC_BUDGET = 32L * 1024 * 1024;
    /** A guess for every other service (ADR 10 §1, unconfirmed). */
    static final long OTHER_BUDGET = 20L * 1024 * 1024;

    public ProviderTraits {
        Objects.requireNonNull(protocol, "protocol");
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        preset = preset == null ? ProviderPresets.CUSTOM_ID : preset;
        attachments = attachments == null ? AttachmentSupport.GUESS : attachments;
    }

    public static ProviderTraits of(ProviderConfig config) {
        HttpUrl url = HttpUrl.parse(config.baseUrl());
        return new ProviderTraits(config.protocol(), url == null ? "" : url.host(), config.preset(),
                config.attachments());
    }

    boolean anthropic() {
        return protocol == Protocol.ANTHROPIC;
    }

    boolean openAiHost() {
        return host.equals(OPENAI_HOST);
    }

    boolean openRouter() {
        return host.equals("openrouter.ai") || host.endsWith(".openrouter.ai");
    }

    /** Services that take WebP as it is: OpenAI's own host, Anthropic, OpenRouter, Gemini, LM Studio. */
    boolean takesWebp() {
        return anthropic() || openAiHost() || openRouter() || host.equals(GEMINI_HOST)
                || preset.equals(ProviderPresets.LM_STUDIO.id());
    }

    /** Services that take a PDF as a document: Anthropic, OpenAI's own host, OpenRouter (on any model). */
    boolean takesPdfDocuments() {
        return anthropic() || openAiHost() || openRouter();
    }

    /** The most a request may carry, attachments base64-encoded. */
    long budgetBytes() {
        return anthropic() ? ANTHROPIC_BUDGET : OTHER_BUDGET;
    }

    /** How the budget is named in a note. */
    String budgetWords() {
        return anthropic() ? "the service's 32 MB limit" : "the 20 MB Tidemark allows a request to this service";
    }
}
