package dev.tidemark.chat;

import dev.tidemark.settings.AttachmentSupport;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which models take images and PDFs (ADR 10 §2): the provider's setting first, then what the
 * services said in this run (a refusal remembered), then the model's name; otherwise unknown, and
 * unknown is tried. Thread-safe.
 */
public final class ModelCapabilities {

    /** Yes, no, or not known (tried). */
    public enum Answer { YES, NO, UNKNOWN }

    /**
     * @param images whether image parts are sent
     * @param pdf    whether a PDF goes as a document ({@code NO}: its extracted text goes instead)
     */
    public record Capability(Answer images, Answer pdf) {
    }

    /** OpenAI and Gemini models that take images (the id starts so). */
    private static final Pattern VISION_FAMILIES = Pattern.compile(
            "(gpt-4o|gpt-4\\.1|gpt-4-turbo|gpt-5|chatgpt-4o|o4-mini|gemini-).*|o1(-(?!mini|preview).*)?|o3(-(?!mini).*)?");
    /** Models known to take no images. */
    private static final Pattern TEXT_ONLY = Pattern.compile("gpt-3\\.5.*|gpt-4|gpt-4-\\d{4}.*|o1-mini.*|o1-preview.*"
            + "|o3-mini.*|deepseek-.*");
    /** Local and other models whose id says they see (contained anywhere in the id). */
    private static final Pattern LOCAL_VISION = Pattern.compile("vision|-vl|vl-|llava|bakllava|moondream|pixtral"
            + "|minicpm-v|gemma-?3|llama-?4|qwen2\\.5vl|qwen3-vl|internvl|mistral-small-3\\.[1-9]|mistral-small-[4-9]");
    /** Gemma 3 sizes without vision. */
    private static final Pattern SMALL_GEMMA = Pattern.compile("270m|(?<![0-9.])1b");

    private final Set<String> learnedNoImages = ConcurrentHashMap.newKeySet();
    private final Set<String> learnedNoPdf = ConcurrentHashMap.newKeySet();

    /** What this model of this provider takes. */
    public Capability of(String providerId, ProviderTraits traits, String model) {
        Capability capability = bySetting(traits);
        if (capability == null) {
            capability = byName(traits, model);
        }
        if (traits.attachments() == AttachmentSupport.GUESS) {
            String key = key(providerId, model);
            if (learnedNoImages.contains(key)) {
                capability = new Capability(Answer.NO, capability.pdf());
            }
            if (learnedNoPdf.contains(key)) {
                capability = new Capability(capability.images(), Answer.NO);
            }
        }
        return capability;
    }

    /** A service said, in this run, that the model takes no images: refused before sending from now on. */
    public void learnNoImages(String providerId, String model) {
        learnedNoImages.add(key(providerId, model));
    }

    /** A service said, in this run, that the model takes no PDF documents: their text goes instead from now on. */
    public void learnNoPdf(String providerId, String model) {
        learnedNoPdf.add(key(providerId, model));
    }

    private static String key(String providerId, String model) {
        return providerId + "\u0000" + model;
    }

    private static Capability bySetting(ProviderTraits traits) {
        return switch (traits.attachments()) {
            case GUESS -> null;
            case IMAGES_AND_PDF -> new Capability(Answer.YES, Answer.YES);
            case IMAGES -> new Capability(Answer.YES, Answer.NO);
            case TEXT_ONLY -> new Capability(Answer.NO, Answer.NO);
        };
    }

    /** The ADR's table of names, on the id without a {@code vendor/} prefix, ignoring case. */
    static Capability byName(ProviderTraits traits, String model) {
        String id = model == null ? "" : model.toLowerCase(Locale.ROOT);
        id = id.substring(id.lastIndexOf('/') + 1);
        Answer images = images(traits, id);
        return new Capability(images, pdf(traits, id, images));
    }

    private static Answer images(ProviderTraits traits, String id) {
        if (traits.anthropic() && id.startsWith("claude-")) {
            return id.startsWith("claude-2") || id.startsWith("claude-instant") ? Answer.NO : Answer.YES;
        }
        if (VISION_FAMILIES.matcher(id).matches()) {
            return Answer.YES;
        }
        boolean localVision = LOCAL_VISION.matcher(id).find()
                && !(id.matches(".*gemma-?3.*") && SMALL_GEMMA.matcher(id).find());
        if (TEXT_ONLY.matcher(id).matches() && !localVision) {
            return Answer.NO;
        }
        return localVision ? Answer.YES : Answer.UNKNOWN;
    }

    /** PDFs go as documents where the service takes them, else as their text (never refused). */
    private static Answer pdf(ProviderTraits traits, String id, Answer images) {
        if (traits.openRouter()) {
            return Answer.YES; // OpenRouter reads a PDF for any model
        }
        if (traits.anthropic()) {
            return id.startsWith("claude-") ? images : Answer.UNKNOWN;
        }
        if (traits.openAiHost()) {
            return images;
        }
        return Answer.NO;
    }
}
