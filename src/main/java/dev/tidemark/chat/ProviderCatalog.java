package dev.tidemark.chat;

import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.provider.Secrets;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.demo.DemoProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.provider.openai.ResponsesProvider;
import dev.tidemark.provider.RequestOrigin;
import dev.tidemark.provider.Resumable;
import dev.tidemark.settings.ApiKeys;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderPreset;
import dev.tidemark.settings.ProviderPresets;
import dev.tidemark.settings.ProviderSettings;
import dev.tidemark.settings.PrivateHosts;
import dev.tidemark.settings.ProxyChoice;
import dev.tidemark.settings.WireApi;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The providers Tidemark can talk to and how to build one by id: the offline demo, the providers the
 * user configured (settings.json, keys from {@link ApiKeys}) and the presets
 * ({@link ProviderPresets}), which work without configuration when their key is in the usual
 * environment variable.
 *
 * <p>An id is looked up in that order: {@code demo}, a configured provider, a preset. For the
 * {@code openai} and {@code anthropic} presets, {@code OPENAI_BASE_URL} and {@code ANTHROPIC_BASE_URL}
 * replace the default URL, as they always have. Building a provider does no I/O once the configured
 * providers' keys are loaded ({@link ApiKeys#preload}), so the FX thread may call {@link #create}.
 */
public final class ProviderCatalog {

    /** The built-in demo's id. */
    public static final String DEMO_ID = DemoProvider.ID;

    private final Supplier<OkHttpClient> http;
    private final Map<String, String> env;
    private final DemoProvider demo;
    private final ProviderSettings settings;
    /** "id url" of the providers whose key the user agreed to send over plain http (the window's question). */
    private final Set<String> plainHttpAccepted = ConcurrentHashMap.newKeySet();

    /** Presets and keys from the environment only; nothing configured, nothing saved. */
    public ProviderCatalog(OkHttpClient http, Map<String, String> env, Duration demoTokenInterval) {
        this(http, env, demoTokenInterval, ProviderSettings.inMemory(env));
    }

    public ProviderCatalog(OkHttpClient http, Map<String, String> env, Duration demoTokenInterval,
                           ProviderSettings settings) {
        this(() -> http, env, demoTokenInterval, settings);
    }

    /**
     * @param http the client every provider uses, asked for when the first provider other than the
     *             demo is built (a {@link LazyHttpClient}: see {@link #prepareHttp})
     */
    public ProviderCatalog(Supplier<OkHttpClient> http, Map<String, String> env, Duration demoTokenInterval,
                           ProviderSettings settings) {
        this.http = http;
        this.env = env;
        this.demo = new DemoProvider(demoTokenInterval);
        this.settings = settings;
    }

    /**
     * An HTTP client suited to long streams: generous read timeout, since local servers think in
     * silence. It follows no redirect by itself: {@code provider.Redirects} follows the same-origin
     * ones, so no call needs a client of its own for that.
     */
    public static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(120))
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /**
     * Builds the HTTP client on {@code background} if it is built lazily and not yet: when a provider
     * other than the demo can be chosen, or is about to be configured.
     */
    public void prepareHttp(Executor background) {
        if (http instanceof LazyHttpClient lazy) {
            lazy.prepare(background);
        }
    }

    /** True when some provider other than the demo can be chosen (configured, or a key in the environment). */
    public boolean offersMoreThanDemo() {
        return choices().size() > 1;
    }

    /** One entry of the provider chooser. */
    public record Choice(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * What the window offers: the demo, every configured provider, and the presets whose key is in
     * the environment and that are not configured under their own id.
     */
    public List<Choice> choices() {
        List<Choice> out = new ArrayList<>();
        out.add(new Choice(DEMO_ID, demo.displayName()));
        for (ProviderConfig c : settings.providers()) {
            out.add(new Choice(c.id(), c.name()));
        }
        for (ProviderPreset p : ProviderPresets.usableById()) {
            boolean configured = settings.find(p.id()).isPresent();
            if (!configured && settings.keys().fromEnvironment(p.keyVariable()).isPresent()) {
                out.add(new Choice(p.id(), p.displayName() + " (key from " + p.keyVariable() + ")"));
            }
        }
        return out;
    }

    /**
     * @param id      demo, a configured provider's id or a preset id ({@code custom} needs {@code baseUrl})
     * @param baseUrl null for the provider's own
     * @throws IllegalArgumentException with a message for the user when the id or URL is wrong
     */
    public ChatProvider create(String id, String baseUrl) {
        String key = id == null ? DEMO_ID : id.strip().toLowerCase(Locale.ROOT);
        if (present(baseUrl) && HttpUrl.parse(baseUrl.strip()) == null) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL.");
        }
        if (key.equals(DEMO_ID)) {
            return demo;
        }
        ProviderConfig config = configFor(key, baseUrl)
                .orElseThrow(() -> new IllegalArgumentException(unknownProvider(id)));
        Optional<ApiKeys.Resolved> apiKey = keyFor(config);
        if (apiKey.isEmpty() && config.needsKey()) {
            throw new MissingKeyException(howToAddKey(config));
        }
        return build(config, apiKey.map(ApiKeys.Resolved::value).orElse(null));
    }

    /**
     * {@link #create(String, String)} with the wire API and background mode chosen here rather than
     * in its settings (the command line's {@code --api} and {@code --background}).
     *
     * @param api        null: as its settings say (with {@code baseUrl} and no {@code api}: Chat Completions)
     * @param background null: as its settings say
     * @throws IllegalArgumentException when {@code api} or {@code background} is given for a provider that
     *                                  does not speak OpenAI's protocols, and as {@link #create(String, String)}
     */
    public ChatProvider create(String id, String baseUrl, WireApi api, Boolean background) {
        if (api == null && background == null) {
            return create(id, baseUrl);
        }
        String key = id == null ? DEMO_ID : id.strip().toLowerCase(Locale.ROOT);
        if (present(baseUrl) && HttpUrl.parse(baseUrl.strip()) == null) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL.");
        }
        if (key.equals(DEMO_ID)) {
            throw new IllegalArgumentException(notOpenAi(id, "is the offline demo"));
        }
        ProviderConfig config = configFor(key, baseUrl)
                .orElseThrow(() -> new IllegalArgumentException(unknownProvider(id)));
        if (config.protocol() != Protocol.OPENAI_COMPATIBLE) {
            throw new IllegalArgumentException(notOpenAi(id, "speaks Anthropic Messages"));
        }
        config = overridden(config, baseUrl, api, background);
        Optional<ApiKeys.Resolved> apiKey = keyFor(config);
        if (apiKey.isEmpty() && config.needsKey()) {
            throw new MissingKeyException(howToAddKey(config));
        }
        return build(config, apiKey.map(ApiKeys.Resolved::value).orElse(null));
    }

    /**
     * A configuration with the command line's choices applied: {@code api} given, or Chat Completions
     * for a {@code baseUrl} given without one; {@code background} given, or as saved — and refused
     * with Chat Completions, which cannot run a reply in the background.
     */
    private static ProviderConfig overridden(ProviderConfig config, String baseUrl, WireApi api, Boolean background) {
        WireApi chosen = api != null ? api : present(baseUrl) ? WireApi.CHAT : config.api();
        ProviderConfig withApi = config.withApi(chosen, config.background());
        boolean responses = withApi.usesResponses();
        if (Boolean.TRUE.equals(background) && !responses) {
            throw new IllegalArgumentException("--background needs the Responses API (--api responses): Chat"
                    + " Completions cannot run a reply in the background on the service.");
        }
        return withApi.withApi(chosen, background != null ? background : withApi.background() && responses);
    }

    private static String notOpenAi(String id, String what) {
        return "--api and --background are for providers that speak OpenAI's protocols; '" + id + "' " + what + ".";
    }

    /**
     * When this provider would send a key (or a credential header) unencrypted, over {@code http://}
     * to a host that is neither this machine nor on a private network ({@link PrivateHosts}): one
     * line that says so. Empty when the user already accepted it for this provider and URL. No I/O
     * once the keys are loaded.
     */
    public Optional<String> plainHttpRisk(String id, String baseUrl) {
        String key = id == null ? DEMO_ID : id.strip().toLowerCase(Locale.ROOT);
        if (key.equals(DEMO_ID)) {
            return Optional.empty();
        }
        Optional<ProviderConfig> found;
        try {
            found = configFor(key, baseUrl);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // create() says what is wrong
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ProviderConfig config = found.get();
        HttpUrl url = HttpUrl.parse(config.baseUrl());
        boolean secrets = keyFor(config).isPresent() || !config.credentialHeaders().isEmpty();
        if (url == null || url.isHttps() || !secrets || PrivateHosts.isPrivate(url.host())
                || plainHttpAccepted.contains(config.id() + " " + config.baseUrl())) {
            return Optional.empty();
        }
        return Optional.of(config.name() + " would send its key unencrypted (http://) to " + url.host()
                + ", which is neither this machine nor a private network: anyone on the way can read it."
                + " Use https:// if the service offers it.");
    }

    /** The user agreed to send this provider's key over plain http to its URL: not asked again in this run. */
    public void acceptPlainHttp(String id, String baseUrl) {
        String key = id == null ? DEMO_ID : id.strip().toLowerCase(Locale.ROOT);
        configFor(key, baseUrl).ifPresent(c -> plainHttpAccepted.add(c.id() + " " + c.baseUrl()));
    }

    /** One line: this cloud provider has no key, and where to put one. */
    private String howToAddKey(ProviderConfig config) {
        boolean configured = settings.find(config.id()).isPresent();
        String variable = config.keyVariable();
        String settingsWay = configured ? "paste a key for '" + config.id() + "' in Settings (Ctrl+, in the window)"
                : "add " + config.name() + " with its key in Settings (Ctrl+, in the window)";
        return config.name() + " needs an API key and none is set, so nothing was sent: "
                + (variable != null ? "set " + variable + ", or " : "") + settingsWay + ".";
    }

    /**
     * The configuration an id stands for: a configured provider, else a preset's (with
     * {@code baseUrl}, or the environment's base URL for openai/anthropic, replacing its URL).
     */
    public Optional<ProviderConfig> configFor(String id, String baseUrl) {
        Optional<ProviderConfig> configured = settings.find(id);
        if (configured.isPresent()) {
            return configured.map(c -> present(baseUrl) ? c.withBaseUrl(baseUrl.strip()) : c);
        }
        Optional<ProviderPreset> preset = ProviderPresets.find(id);
        if (preset.isEmpty() || (preset.get().isCustom() && !present(baseUrl))) {
            return Optional.empty();
        }
        String url = present(baseUrl) ? baseUrl.strip() : environmentBaseUrl(preset.get());
        return Optional.of(ProviderConfig.fromPreset(preset.get(), preset.get().id(), url));
    }

    private String environmentBaseUrl(ProviderPreset preset) {
        String variable = switch (preset.id()) {
            case "openai" -> "OPENAI_BASE_URL";
            case "anthropic" -> "ANTHROPIC_BASE_URL";
            default -> null;
        };
        String url = variable == null ? null : env.get(variable);
        if (!present(url)) {
            return null;
        }
        if (HttpUrl.parse(url.strip()) == null) {
            throw new IllegalArgumentException("'" + url + "' (from " + variable + ") is not an http(s) URL.");
        }
        return url.strip();
    }

    /**
     * The key a configuration uses: for a configured provider the saved one, else its environment
     * variable's; for a preset that is not configured, the environment variable's only.
     */
    public Optional<ApiKeys.Resolved> keyFor(ProviderConfig config) {
        if (settings.find(config.id()).isEmpty()) {
            return settings.keys().fromEnvironment(config.keyVariable());
        }
        return settings.keys().resolve(config.id(), config.keyVariable());
    }

    /** True when the provider can be used as configured (demo and keyless local servers always). */
    public boolean hasKey(String id) {
        if (DEMO_ID.equals(id)) {
            return true;
        }
        return configFor(id, null)
                .map(c -> !c.needsKey() || keyFor(c).isPresent())
                .orElse(false);
    }

    /**
     * A provider for a configuration and a key (null for none), through the adapter of its
     * protocol and with its proxy and headers. No I/O.
     */
    public ChatProvider build(ProviderConfig config, String apiKey) {
        OkHttpClient client = clientFor(config.proxy());
        Endpoint endpoint = new Endpoint(config.baseUrl(), present(apiKey) ? apiKey.strip() : null, config.headers(),
                config.name());
        ChatProvider adapter = config.protocol() == Protocol.ANTHROPIC
                ? new AnthropicProvider(client, endpoint)
                : config.usesResponses() ? new ResponsesProvider(client, endpoint, config.background())
                : new OpenAiProvider(client, endpoint);
        String model = config.model() != null ? config.model()
                : ProviderPresets.find(config.preset()).flatMap(ProviderPreset::defaultModelName).orElse("");
        return new Configured(config.id(), config.name(), model, adapter, List.copyOf(config.credentialHeaders().values()),
                ProviderTraits.of(config));
    }

    /**
     * What decides how attachments reach this provider: the protocol and host it was built with, and
     * its attachments setting as saved now; {@link ProviderTraits#UNKNOWN} for the demo and providers
     * this catalog did not build. No I/O.
     */
    public ProviderTraits traits(ChatProvider provider) {
        if (provider instanceof Configured configured) {
            ProviderTraits built = configured.traits;
            return settings.find(configured.id)
                    .map(now -> new ProviderTraits(built.protocol(), built.host(), built.preset(), now.attachments()))
                    .orElse(built);
        }
        return ProviderTraits.UNKNOWN;
    }

    private OkHttpClient clientFor(ProxyChoice proxy) {
        OkHttpClient http = this.http.get();
        return switch (proxy.mode()) {
            case SYSTEM -> http; // the JVM's ProxySelector: the system's settings (java.net.useSystemProxies)
            case DIRECT -> http.newBuilder().proxy(Proxy.NO_PROXY).build();
            case HTTP -> http.newBuilder().proxy(new Proxy(Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(proxy.host(), proxy.port()))).build();
            case SOCKS -> http.newBuilder().proxy(new Proxy(Proxy.Type.SOCKS,
                    InetSocketAddress.createUnresolved(proxy.host(), proxy.port()))).build();
        };
    }

    /** The configured providers and their keys. */
    public ProviderSettings settings() {
        return settings;
    }

    private String unknownProvider(String id) {
        if (ProviderPresets.CUSTOM_ID.equalsIgnoreCase(String.valueOf(id).strip())) {
            return "The provider 'custom' needs --base-url (an OpenAI-compatible URL with /v1).";
        }
        String presets = ProviderPresets.usableById().stream().map(ProviderPreset::id)
                .collect(Collectors.joining(", "));
        String configured = settings.providers().stream().map(ProviderConfig::id).collect(Collectors.joining(", "));
        return "Unknown provider '" + id + "'; use " + DEMO_ID + ", a preset (" + presets + ", or custom with"
                + " --base-url)" + (configured.isEmpty() ? " or a provider added in Settings."
                : " or a configured provider (" + configured + ").");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** An adapter under the configured id, name and model; everything else is the adapter's. */
    private static final class Configured implements ChatProvider {
        private final String id;
        private final String name;
        private final String model;
        private final ChatProvider adapter;
        private final List<String> secretHeaders; // values of credential headers, scrubbed like the key
        private final ProviderTraits traits;

        Configured(String id, String name, String model, ChatProvider adapter, List<String> secretHeaders,
                   ProviderTraits traits) {
            this.traits = traits;
            this.id = id;
            this.name = name;
            this.model = model;
            this.adapter = adapter;
            this.secretHeaders = secretHeaders;
        }

        /** The text with every credential header's value hidden (the adapter already hid the key). */
        private String scrub(String text) {
            String out = text;
            for (String secret : secretHeaders) {
                out = Secrets.redact(out, secret);
            }
            return out;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return name;
        }

        @Override
        public String defaultModel() {
            return model;
        }

        @Override
        public Cancellable stream(ChatRequest request, StreamListener listener) {
            if (secretHeaders.isEmpty()) {
                return adapter.stream(request, listener);
            }
            return adapter.stream(request, scrubbing(listener));
        }

        private StreamListener scrubbing(StreamListener listener) {
            return event -> listener.onEvent(event instanceof StreamEvent.Failed failed
                    ? new StreamEvent.Failed(scrub(failed.message()), failed.connectionLost()) : event);
        }

        @Override
        public Optional<RequestOrigin> origin() {
            return adapter.origin();
        }

        @Override
        public Optional<Resumable> resumable() {
            return adapter.resumable().map(inner -> secretHeaders.isEmpty() ? inner : new Resumable() {
                @Override
                public boolean background() {
                    return inner.background();
                }

                @Override
                public Cancellable resume(String responseId, long after, String model, StreamListener listener) {
                    return inner.resume(responseId, after, model, scrubbing(listener));
                }

                @Override
                public CompletableFuture<Void> cancelRemote(String responseId) {
                    return inner.cancelRemote(responseId).handle((ok, error) -> {
                        if (error == null) {
                            return ok;
                        }
                        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause()
                                : error;
                        throw new java.util.concurrent.CompletionException(cause instanceof ProviderException
                                ? new ProviderException(scrub(cause.getMessage())) : cause);
                    });
                }
            });
        }

        @Override
        public CompletableFuture<List<String>> listModels() {
            if (secretHeaders.isEmpty()) {
                return adapter.listModels();
            }
            return adapter.listModels().handle((models, error) -> {
                if (error == null) {
                    return models;
                }
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                throw new java.util.concurrent.CompletionException(cause instanceof ProviderException
                        ? new ProviderException(scrub(cause.getMessage())) : cause);
            });
        }

        @Override
        public String toString() {
            return "Provider[" + id + "]";
        }
    }
}
