package dev.tidemark.settings;

import okhttp3.HttpUrl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A provider the user configured: a preset (or a custom URL) with their choices. It holds no key:
 * keys live in the {@link ApiKeys} storage, never in settings.json.
 *
 * @param id          unique, used on the command line and in the journal ({@code groq}, {@code work-vllm})
 * @param name        what the user sees
 * @param preset      the preset it was made from ({@link ProviderPresets#CUSTOM_ID} for a custom URL)
 * @param keyVariable environment variable to read the key from when none is saved; may be null
 * @param model       the model to use when none is named; may be null (then the preset's default, or the
 *                    first model the server lists)
 * @param headers     extra headers sent with every request. Those whose name looks like a credential
 *                    ({@link #isCredentialHeader}: {@code Helicone-Auth}, {@code X-Auth-Token}, …) are saved
 *                    with the keys, never in settings.json; the key headers the adapters set themselves
 *                    ({@code Authorization}, {@code x-api-key}) are refused: the key field is for those.
 * @param attachments what its models take as attachments ({@link AttachmentSupport#GUESS} when not set: by the
 *                    model's name)
 * @param api         which OpenAI wire API an OpenAI-compatible provider speaks ({@link WireApi#AUTO} when not set)
 * @param background  replies over the Responses API run in the background on the service (stored there for a
 *                    while, re-attached after a crash or a dropped connection); off unless the person turns it on
 */
public record ProviderConfig(String id, String name, String preset, Protocol protocol, String baseUrl,
                             AuthStyle auth, String keyVariable, String model, Map<String, String> headers,
                             ProxyChoice proxy, AttachmentSupport attachments, WireApi api, boolean background) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The headers that carry the provider's own key: the key field is for those, and the adapter sends it. */
    private static final Set<String> KEY_FIELD_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key");
    /** Words that make a header name look like a credential ({@code Helicone-Auth}, {@code Ocp-Apim-Subscription-Key}). */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(auth|key|token|secret|cookie|passw).*");

    public ProviderConfig {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(auth, "auth");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("A provider id is 1 to 64 lower-case letters, digits, '.', '_' or '-'"
                    + " (not '" + id + "').");
        }
        if ("demo".equals(id)) {
            throw new IllegalArgumentException("'demo' is the built-in offline demo; choose another id.");
        }
        name = name == null || name.isBlank() ? id : name.strip();
        preset = preset == null || preset.isBlank() ? ProviderPresets.CUSTOM_ID : preset;
        baseUrl = checkedUrl(baseUrl);
        keyVariable = blankToNull(keyVariable);
        if (keyVariable != null && !VARIABLE.matcher(keyVariable).matches()) {
            throw new IllegalArgumentException("'" + keyVariable + "' is not an environment variable name.");
        }
        model = blankToNull(model);
        headers = checkedHeaders(headers);
        proxy = proxy == null ? ProxyChoice.SYSTEM : proxy;
        attachments = attachments == null ? AttachmentSupport.GUESS : attachments;
        api = api == null ? WireApi.AUTO : api;
    }

    /** A configuration with the automatic wire API and no background runs. */
    public ProviderConfig(String id, String name, String preset, Protocol protocol, String baseUrl, AuthStyle auth,
                          String keyVariable, String model, Map<String, String> headers, ProxyChoice proxy,
                          AttachmentSupport attachments) {
        this(id, name, preset, protocol, baseUrl, auth, keyVariable, model, headers, proxy, attachments, WireApi.AUTO,
                false);
    }

    /** A configuration whose models' attachments are guessed from their names. */
    public ProviderConfig(String id, String name, String preset, Protocol protocol, String baseUrl, AuthStyle auth,
                          String keyVariable, String model, Map<String, String> headers, ProxyChoice proxy) {
        this(id, name, preset, protocol, baseUrl, auth, keyVariable, model, headers, proxy, AttachmentSupport.GUESS);
    }

    /**
     * A new configuration from a preset, with the preset's URL (a custom preset needs {@code baseUrl}).
     * Local servers start with no proxy: a system proxy would only stand between the user and localhost.
     */
    public static ProviderConfig fromPreset(ProviderPreset preset, String id, String baseUrl) {
        return new ProviderConfig(id, preset.displayName(), preset.id(), preset.protocol(),
                baseUrl != null ? baseUrl : preset.baseUrl(), preset.auth(), preset.keyVariable(),
                preset.defaultModel(), Map.of(), preset.local() ? ProxyChoice.DIRECT : ProxyChoice.SYSTEM);
    }

    public ProviderConfig withBaseUrl(String url) {
        return new ProviderConfig(id, name, preset, protocol, url, auth, keyVariable, model, headers, proxy, attachments,
                api, background);
    }

    public ProviderConfig withModel(String newModel) {
        return new ProviderConfig(id, name, preset, protocol, baseUrl, auth, keyVariable, newModel, headers, proxy,
                attachments, api, background);
    }

    /** This configuration with another choice of what its models take as attachments. */
    public ProviderConfig withAttachments(AttachmentSupport choice) {
        return new ProviderConfig(id, name, preset, protocol, baseUrl, auth, keyVariable, model, headers, proxy,
                choice, api, background);
    }

    /**
     * True for a header whose value is a credential: its name contains auth, key, token, secret,
     * cookie or passw. Such a value is kept with the API keys (keychain or key file), never in
     * settings.json, and kept out of the log like a key.
     */
    public static boolean isCredentialHeader(String name) {
        return name != null && CREDENTIAL_NAME.matcher(name).matches();
    }

    /** The headers whose values are credentials (see {@link #isCredentialHeader}), in order. */
    public Map<String, String> credentialHeaders() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((n, v) -> {
            if (isCredentialHeader(n)) {
                out.put(n, v);
            }
        });
        return out;
    }

    /** This configuration with other headers. */
    public ProviderConfig withHeaders(Map<String, String> newHeaders) {
        return new ProviderConfig(id, name, preset, protocol, baseUrl, auth, keyVariable, model, newHeaders, proxy,
                attachments, api, background);
    }

    /** This configuration speaking {@code newApi}, in the background or not. */
    public ProviderConfig withApi(WireApi newApi, boolean inBackground) {
        return new ProviderConfig(id, name, preset, protocol, baseUrl, auth, keyVariable, model, headers, proxy,
                attachments, newApi, inBackground);
    }

    /**
     * True when requests go to the Responses API: chosen so, or {@link WireApi#AUTO} on OpenAI's own
     * URL ({@link WireApi#OPENAI_HOST} over https). Never for Anthropic.
     */
    public boolean usesResponses() {
        if (protocol != Protocol.OPENAI_COMPATIBLE) {
            return false;
        }
        if (api != WireApi.AUTO) {
            return api == WireApi.RESPONSES;
        }
        HttpUrl url = HttpUrl.parse(baseUrl);
        return url != null && url.isHttps() && WireApi.OPENAI_HOST.equals(url.host());
    }

    public boolean isLocal() {
        return ProviderPresets.find(preset).map(ProviderPreset::local).orElse(false);
    }

    /**
     * True when no request may be sent without a key: a cloud service's preset (whatever URL it was
     * pointed at) that signs its requests. Local servers and custom URLs work without one.
     */
    public boolean needsKey() {
        return auth.needsKey() && ProviderPresets.find(preset).map(p -> !p.local() && !p.isCustom()).orElse(false);
    }

    private static String checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A provider needs a base URL (for example http://localhost:11434/v1).");
        }
        String trimmed = url.strip();
        HttpUrl parsed = HttpUrl.parse(trimmed);
        if (parsed == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an http(s) URL.");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException("Put no user name or password in the base URL; use the key field.");
        }
        if (parsed.querySize() > 0) {
            throw new IllegalArgumentException("Put no query (?...) in the base URL; Tidemark adds the paths itself.");
        }
        return trimmed;
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String n = name == null ? "" : name.strip();
            if (!HEADER_NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("'" + n + "' is not a valid header name.");
            }
            if (KEY_FIELD_HEADERS.contains(n.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("The header '" + n + "' carries the provider's key; put the key in"
                        + " the key field instead, and Tidemark sends it as the service expects.");
            }
            String v = value == null ? "" : value.strip();
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("The value of header '" + n + "' must be one line.");
            }
            out.put(n, v);
        });
        return Collections.unmodifiableMap(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
