package dev.tidemark.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which values of an MCP server's configuration are secrets, and where the key store keeps them.
 * Every header value is one; an {@code env} entry is one when a part of its name (split at
 * {@code _ - .} and between a lower-case letter and a capital) is a word like KEY, TOKEN, SECRET,
 * PASSWORD, AUTH, CREDENTIAL or PAT, in any case: {@code GITHUB_PERSONAL_ACCESS_TOKEN},
 * {@code API_KEY}, {@code openaiApiKey} are; {@code KEYBOARD}, {@code MONKEY}, {@code PATH} are not.
 */
public final class McpSecrets {

    private static final Set<String> SECRET_WORDS = Set.of("KEY", "KEYS", "APIKEY", "ACCESSKEY", "SECRETKEY",
            "PRIVATEKEY", "TOKEN", "TOKENS", "AUTHTOKEN", "ACCESSTOKEN", "SECRET", "SECRETS", "PASSWORD", "PASSWORDS",
            "PASSWD", "PASS", "PWD", "PASSPHRASE", "AUTH", "AUTHORIZATION", "CREDENTIAL", "CREDENTIALS", "CREDS",
            "PAT", "COOKIE", "JWT", "BEARER");

    private McpSecrets() {
    }

    /** True when an environment variable of this name holds a secret by its name. */
    public static boolean isSecretEnvName(String name) {
        if (name == null) {
            return false;
        }
        // AbcDef -> Abc_Def, then split on the usual separators
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        for (String part : words.split("[_\\-.\\s]+")) {
            if (SECRET_WORDS.contains(part.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The key store's id of a server's secret environment variable: {@code mcp:<server>:env:<NAME>}. */
    public static String envId(String server, String name) {
        return "mcp:" + server + ":env:" + name;
    }

    /** The key store's id of a server's header value: {@code mcp:<server>:header:<name, lower case>}. */
    public static String headerId(String server, String name) {
        return "mcp:" + server + ":header:" + name.toLowerCase(Locale.ROOT);
    }

    /**
     * The secrets of a configuration by their key-store ids, in order: every header value and each
     * env value named like a secret. Blank values are not secrets (there is nothing to hide).
     */
    public static Map<String, String> of(McpServerConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.env().forEach((name, value) -> {
            if (isSecretEnvName(name) && !value.isBlank()) {
                out.put(envId(config.name(), name), value);
            }
        });
        config.headers().forEach((name, value) -> {
            if (!value.isBlank()) {
                out.put(headerId(config.name(), name), value);
            }
        });
        return out;
    }
}
