package dev.tidemark.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * How a provider's requests reach the network. {@code SYSTEM} uses the JVM's proxy selector, which
 * follows the operating system's settings because the launcher sets {@code java.net.useSystemProxies}.
 *
 * @param host only for {@code HTTP} and {@code SOCKS}
 * @param port only for {@code HTTP} and {@code SOCKS}, 1 to 65535
 */
public record ProxyChoice(Mode mode, String host, int port) {

    public enum Mode {
        SYSTEM("system", "System settings"),
        DIRECT("direct", "No proxy"),
        HTTP("http", "HTTP proxy"),
        SOCKS("socks", "SOCKS proxy");

        private final String wireName;
        private final String label;

        Mode(String wireName, String label) {
            this.wireName = wireName;
            this.label = label;
        }

        public String wireName() {
            return wireName;
        }

        public String label() {
            return label;
        }

        public boolean needsAddress() {
            return this == HTTP || this == SOCKS;
        }

        public static Optional<Mode> fromWireName(String name) {
            return WireNames.find(values(), Mode::wireName, name);
        }
    }

    public static final ProxyChoice SYSTEM = new ProxyChoice(Mode.SYSTEM, null, 0);
    public static final ProxyChoice DIRECT = new ProxyChoice(Mode.DIRECT, null, 0);

    public ProxyChoice {
        Objects.requireNonNull(mode, "mode");
        if (mode.needsAddress()) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("A " + mode.label() + " needs a host.");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("A proxy port must be 1 to 65535, not " + port + ".");
            }
            host = host.strip();
        } else {
            host = null;
            port = 0;
        }
    }

    public static ProxyChoice manual(Mode mode, String host, int port) {
        return new ProxyChoice(mode, host, port);
    }

    @Override
    public String toString() {
        return mode.needsAddress() ? mode.wireName() + "://" + host + ":" + port : mode.wireName();
    }
}
