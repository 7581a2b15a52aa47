package dev.tidemark.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The few pieces of JSON the journal's decoder reads straight from a line's UTF-8 bytes. */
final class JsonBytes {

    private JsonBytes() {
    }

    /** Whether {@code b[p, end)} starts with the ASCII bytes of {@code literal}. */
    static boolean startsWith(byte[] b, int p, int end, byte[] literal) {
        return p + literal.length <= end && Arrays.equals(b, p, p + literal.length, literal, 0, literal.length);
    }

    /** Index of the closing quote of a string whose content starts at {@code p}, or -1. */
    static int stringEnd(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            p += c == '\\' ? 2 : 1;
        }
        return -1;
    }

    /**
     * Index of the closing quote of a string whose content starts at {@code p}, or -1 when there is
     * none or an escape in it is one {@link #unescape} rejects: what this accepts, {@code unescape}
     * decodes without fail.
     */
    static int checkedStringEnd(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            if (c != '\\') {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return -1;
            }
            switch (b[p + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> p += 2;
                case 'u' -> {
                    if (p + 6 > end || !isHex(b, p + 2)) {
                        return -1;
                    }
                    p += 6;
                }
                default -> {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Whether the four bytes at {@code p} are what {@link #unescape} reads as a {@code \\u} escape. */
    private static boolean isHex(byte[] b, int p) {
        try {
            Integer.parseInt(new String(b, p, 4, StandardCharsets.ISO_8859_1), 16);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The string whose content (between the quotes) is {@code b[from, to)}, escapes resolved.
     *
     * @throws IllegalArgumentException on an escape JSON does not have
     */
    static String unescape(byte[] b, int from, int to) {
        int slash = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                slash = i;
                break;
            }
        }
        if (slash < 0) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(new String(b, from, slash - from, StandardCharsets.UTF_8));
        int i = slash;
        while (i < to) {
            byte c = b[i];
            if (c != '\\') {
                int runEnd = i;
                while (runEnd < to && b[runEnd] != '\\') {
                    runEnd++;
                }
                out.append(new String(b, i, runEnd - i, StandardCharsets.UTF_8));
                i = runEnd;
                continue;
            }
            if (i + 1 >= to) {
                throw new IllegalArgumentException("bad escape");
            }
            byte e = b[i + 1];
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 6 > to) {
                        throw new IllegalArgumentException("bad escape");
                    }
                    out.append((char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape");
            }
            i += 2;
        }
        return out.toString();
    }
}
