package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.health.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and writes one provider entry of {@code settings.json} ({@link Settings}). A value this
 * version cannot use in an optional field ({@code attachments}, {@code api}, {@code background}) is
 * reported and read as the default, the provider kept; the {@code api} and {@code background} values
 * not understood are handed back to the caller, which writes them back as they were while the
 * provider still has the default there (a newer Tidemark's choice is not lost by saving here).
 */
final class ProviderJson {

    /** Marks a header whose value is saved with the keys. */
    static final String SAVED_WITH_KEYS = "savedWithKeys";
    /** The fields whose values not understood are kept as they were. */
    static final String API = "api";
    static final String BACKGROUND = "background";

    private ProviderJson() {
    }

    /**
     * @param savedWithKeys receives the names of the headers whose values are saved with the keys
     * @param notUnderstood receives the {@code api} and {@code background} values this version cannot use, by field
     */
    static ProviderConfig read(JsonNode entry, Consumer<Problem> problems, List<String> savedWithKeys,
                               Map<String, JsonNode> notUnderstood) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        String id = text(entry, "id");
        if (entry.has("apiKey") || entry.has("key")) {
            problems.accept(new Problem.SettingIgnored("provider '" + id + "'", "has a key in the file: Tidemark"
                    + " never reads keys from settings.json", "paste it in Settings (Ctrl+,) and it leaves the file"
                    + " at the next save"));
        }
        ProviderPreset preset = ProviderPresets.find(text(entry, "preset")).orElse(ProviderPresets.CUSTOM);
        Protocol protocol = entry.has("protocol")
                ? Protocol.fromWireName(text(entry, "protocol")).orElseThrow(() -> new IllegalArgumentException(
                        "unknown protocol '" + text(entry, "protocol") + "' (openai-compatible or anthropic)"))
                : preset.protocol();
        AuthStyle auth = entry.has("auth")
                ? AuthStyle.fromWireName(text(entry, "auth")).orElseThrow(() -> new IllegalArgumentException(
                        "unknown auth '" + text(entry, "auth") + "' (bearer, x-api-key or none)"))
                : preset.auth();
        String baseUrl = entry.has("baseUrl") ? text(entry, "baseUrl") : preset.baseUrl();
        String keyVariable = entry.has("keyVariable") ? text(entry, "keyVariable") : preset.keyVariable();
        String model = entry.has("model") ? text(entry, "model") : preset.defaultModel();
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = entry.path("headers");
        if (h.isObject()) {
            h.fields().forEachRemaining(e -> {
                if (e.getValue().isObject() && e.getValue().path(SAVED_WITH_KEYS).asBoolean(false)) {
                    savedWithKeys.add(e.getKey());
                } else {
                    headers.put(e.getKey(), e.getValue().asText(""));
                }
            });
        } else if (!h.isMissingNode() && !h.isNull()) {
            throw new IllegalArgumentException("headers must be an object of name: value");
        }
        return new ProviderConfig(id, text(entry, "name"), preset.id(), protocol, baseUrl, auth, keyVariable,
                model, headers, proxy(entry.path("proxy")), attachments(id, entry.path("attachments"), problems),
                api(id, entry.path(API), problems, notUnderstood), background(id, entry.path(BACKGROUND), problems,
                        notUnderstood));
    }

    /** Absent (older settings) → guess; an unknown value is reported and read as guess, the provider kept. */
    private static AttachmentSupport attachments(String id, JsonNode node, Consumer<Problem> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return AttachmentSupport.GUESS;
        }
        Optional<AttachmentSupport> known = AttachmentSupport.fromWireName(node.asText(""));
        if (known.isEmpty()) {
            problems.accept(new Problem.SettingIgnored("provider '" + id + "' attachments",
                    "is not one of guess, images-and-pdf, images, text-only", "guessing from each model's name"));
        }
        return known.orElse(AttachmentSupport.GUESS);
    }

    /** Absent → automatic; an unknown value is reported, read as automatic and kept for the next save. */
    private static WireApi api(String id, JsonNode node, Consumer<Problem> problems,
                               Map<String, JsonNode> notUnderstood) {
        if (node.isMissingNode() || node.isNull()) {
            return WireApi.AUTO;
        }
        Optional<WireApi> known = node.isTextual() ? WireApi.fromWireName(node.asText()) : Optional.empty();
        if (known.isEmpty()) {
            problems.accept(new Problem.SettingIgnored("provider '" + id + "' api",
                    "is " + node + ", not one of auto, chat, responses",
                    "choosing automatically (the Responses API on OpenAI's own URL, Chat Completions elsewhere);"
                            + " the value stays in the file"));
            notUnderstood.put(API, node.deepCopy());
        }
        return known.orElse(WireApi.AUTO);
    }

    /** Absent → off; anything but true or false is reported, read as off and kept for the next save. */
    private static boolean background(String id, JsonNode node, Consumer<Problem> problems,
                                      Map<String, JsonNode> notUnderstood) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.accept(new Problem.SettingIgnored("provider '" + id + "' background",
                    "is " + node + ", not true or false",
                    "replies do not run in the background; the value stays in the file"));
            notUnderstood.put(BACKGROUND, node.deepCopy());
            return false;
        }
        return node.booleanValue();
    }

    private static ProxyChoice proxy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ProxyChoice.SYSTEM;
        }
        String modeName = node.path("mode").asText("system");
        ProxyChoice.Mode mode = ProxyChoice.Mode.fromWireName(modeName).orElseThrow(() ->
                new IllegalArgumentException("unknown proxy mode '" + modeName
                        + "' (system, direct, http or socks)"));
        return new ProxyChoice(mode, node.path("host").asText(null), node.path("port").asInt(0));
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * @param notUnderstood the values read and not understood for this provider, written back while its
     *                      setting there is still the default
     */
    static ObjectNode write(ProviderConfig p, ObjectMapper json, Map<String, JsonNode> notUnderstood) {
        ObjectNode node = json.createObjectNode();
        node.put("id", p.id());
        node.put("name", p.name());
        node.put("preset", p.preset());
        node.put("protocol", p.protocol().wireName());
        node.put("baseUrl", p.baseUrl());
        node.put("auth", p.auth().wireName());
        if (p.keyVariable() != null) {
            node.put("keyVariable", p.keyVariable());
        }
        if (p.model() != null) {
            node.put("model", p.model());
        }
        ObjectNode headers = node.putObject("headers");
        p.headers().forEach((name, value) -> {
            if (ProviderConfig.isCredentialHeader(name)) {
                headers.putObject(name).put(SAVED_WITH_KEYS, true); // the value is with the keys
            } else {
                headers.put(name, value);
            }
        });
        if (p.attachments() != AttachmentSupport.GUESS) {
            node.put("attachments", p.attachments().wireName());
        }
        if (p.api() != WireApi.AUTO) {
            node.put(API, p.api().wireName());
        } else if (notUnderstood.containsKey(API)) {
            node.set(API, notUnderstood.get(API).deepCopy());
        }
        if (p.background()) {
            node.put(BACKGROUND, true);
        } else if (notUnderstood.containsKey(BACKGROUND)) {
            node.set(BACKGROUND, notUnderstood.get(BACKGROUND).deepCopy());
        }
        ObjectNode proxy = node.putObject("proxy");
        proxy.put("mode", p.proxy().mode().wireName());
        if (p.proxy().mode().needsAddress()) {
            proxy.put("host", p.proxy().host());
            proxy.put("port", p.proxy().port());
        }
        return node;
    }
}
