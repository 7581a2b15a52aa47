package dev.tidemark.app;

import dev.tidemark.provider.Secrets;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProviderSettings;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Takes API keys out of text bound for the log or the screen: every key Tidemark knows of (from
 * the environment and the configured providers), and anything shaped like a key.
 */
final class Redactor {

    private final Supplier<? extends Collection<String>> keys;

    /** @param keys the keys known now; asked at every use, so keys added later are covered too */
    Redactor(Supplier<? extends Collection<String>> keys) {
        this.keys = keys;
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        Collection<String> known;
        try {
            known = keys.get();
        } catch (RuntimeException e) {
            known = List.of(); // the shape-based pass below still runs
        }
        for (String key : known) {
            out = Secrets.redact(out, key);
        }
        return Secrets.redact(out, null);
    }

    /**
     * The configured providers' secrets: their keys (read once at start-up, or pasted since:
     * answered from memory), the values of their credential headers ({@code Helicone-Auth}, …), and the
     * MCP servers' secrets (header values, env values named like keys or tokens).
     */
    static Collection<String> secretsOf(ProviderSettings configured) {
        Set<String> out = new HashSet<>();
        for (ProviderConfig p : configured.providers()) {
            configured.keys().resolve(p.id(), p.keyVariable()).ifPresent(k -> out.add(k.value()));
            p.credentialHeaders().values().stream().map(String::strip).filter(v -> v.length() >= 6).forEach(out::add);
        }
        out.addAll(configured.mcpServers().secretValues()); // MCP servers' header values and secret env values
        return out;
    }

    /** Values of environment variables that hold keys or tokens by their name. */
    static Collection<String> keysInEnvironment(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> e.getKey().matches("(?i).*(API_?KEY|TOKEN|SECRET).*"))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && v.strip().length() >= 6)
                .map(String::strip)
                .collect(Collectors.toUnmodifiableSet());
    }
}
