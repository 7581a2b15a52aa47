package dev.tidemark.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host is this machine or on a private network, from its name or address alone (no DNS
 * lookup, so the FX thread may ask): where a key sent over plain {@code http://} stays off the
 * internet.
 *
 * <p>Private: loopback (127/8, ::1, {@code localhost} and {@code *.localhost}), the private ranges
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), and the names only
 * a local network answers: a name without a dot ({@code gpu-box}), {@code *.local} (mDNS),
 * {@code *.lan}, {@code *.internal}, {@code *.home.arpa}. Any other name is taken as public, even
 * if the local DNS happens to answer it with a private address.
 */
public final class PrivateHosts {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String[] LOCAL_SUFFIXES = {".localhost", ".local", ".lan", ".internal", ".home.arpa"};

    private PrivateHosts() {
    }

    /** @param host a host name or an IP literal (IPv6 with or without brackets) */
    public static boolean isPrivate(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (IPV4.matcher(h).matches() || h.indexOf(':') >= 0) {
            return isPrivateAddress(h);
        }
        if (h.equals("localhost") || h.indexOf('.') < 0) {
            return true;
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrivateAddress(String literal) {
        if (literal.indexOf(':') < 0) {
            for (String part : literal.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false; // not an address; never handed to the resolver
                }
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return false;
        }
        byte[] raw = address.getAddress();
        boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xfe) == 0xfc; // fc00::/7
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || uniqueLocalV6;
    }
}
