package dev.tidemark.ui.markdown;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which link destinations a click may hand to the system browser, and in what form: web pages and
 * mail addresses only, each parsed and written out again by {@link URI} so that what the desktop
 * opens is exactly what the link showed on hover.
 */
final class LinkTargets {

    /** The only fields of a mailto link that are kept: the rest (cc, bcc, attach, any header) is dropped. */
    private static final List<String> MAIL_FIELDS = List.of("subject", "body");

    private LinkTargets() {
    }

    /**
     * True for absolute http, https and mailto URLs that parse. Everything else (javascript:, file:,
     * data:, relative paths, custom schemes, what {@link URI} rejects) is shown as text and cannot
     * be clicked.
     */
    static boolean isOpenable(String destination) {
        return normalise(destination).isPresent();
    }

    /**
     * The URL to open for a link's destination, or empty when it may not be opened. An http or https
     * URL must parse with {@link URI} and name a host (a non-ASCII host is written in its ASCII
     * form, as browsers show it); its scheme and host are lower-cased and its path normalised. A
     * mailto URL keeps its addresses and only its subject and body.
     */
    static Optional<String> normalise(String destination) {
        if (destination == null) {
            return Optional.empty();
        }
        String url = destination.strip();
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i)) || Character.isWhitespace(url.charAt(i))) {
                return Optional.empty();
            }
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return switch (scheme) {
                case "http", "https" -> web(scheme, uri);
                case "mailto" -> mail(uri);
                default -> Optional.empty();
            };
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> web(String scheme, URI uri) throws URISyntaxException {
        if (uri.isOpaque()) {
            return Optional.empty(); // http:example.com
        }
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            host = unicodeHost(uri.getRawAuthority()); // URI takes only ASCII host names
        }
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "" : uri.getRawPath();
        URI rebuilt = new URI(scheme + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + ascii + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
        return Optional.of(rebuilt.normalize().toASCIIString());
    }

    /** The host of an authority URI would not parse as a server (user info and port aside), if it has one. */
    private static String unicodeHost(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        if (port >= 0 && !host.endsWith("]")) {
            String digits = host.substring(port + 1);
            if (!digits.chars().allMatch(Character::isDigit)) {
                return null;
            }
            host = host.substring(0, port);
        }
        return host;
    }

    private static Optional<String> mail(URI uri) throws URISyntaxException {
        if (!uri.isOpaque()) {
            return Optional.empty(); // mailto://… is no mail address
        }
        String rest = uri.getRawSchemeSpecificPart();
        int question = rest.indexOf('?');
        String to = question < 0 ? rest : rest.substring(0, question);
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String field : rest.substring(question + 1).split("&")) {
                int equals = field.indexOf('=');
                String name = (equals < 0 ? field : field.substring(0, equals)).toLowerCase(Locale.ROOT);
                if (equals > 0 && MAIL_FIELDS.contains(name)) {
                    kept.add(name + field.substring(equals));
                }
            }
        }
        if (to.isEmpty() && kept.isEmpty()) {
            return Optional.empty();
        }
        URI rebuilt = new URI("mailto:" + to + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
        return Optional.of(rebuilt.toASCIIString());
    }
}
