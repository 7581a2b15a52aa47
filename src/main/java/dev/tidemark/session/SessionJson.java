package dev.tidemark.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one set of JSON limits for session files, the session index, exports and imports, so that
 * whatever Tidemark writes it can read back. Jackson's reader refuses, by default, a string over
 * 20 million characters, which its writer writes without complaint: a reply that long was saved
 * and then showed as damaged. Here a string is as long as Java allows, both ways, and nesting is
 * limited to the same depth both ways.
 */
public final class SessionJson {

    /** How deep objects and lists may nest, read or written (sessions nest four deep). */
    public static final int MAX_DEPTH = 1000;

    private static final StreamReadConstraints READ = StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE)
            .maxNestingDepth(MAX_DEPTH)
            .build();
    private static final StreamWriteConstraints WRITE = StreamWriteConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .build();

    private SessionJson() {
    }

    /** A factory with the shared limits (a new one: callers may configure it further). */
    public static JsonFactory factory() {
        return JsonFactory.builder().streamReadConstraints(READ).streamWriteConstraints(WRITE).build();
    }

    /** A mapper over {@link #factory()} (a new one: callers may configure it further). */
    public static ObjectMapper mapper() {
        return new ObjectMapper(factory());
    }

    /** Whether {@code haystack} holds the bytes of {@code needle} somewhere (a quick look before a decode). */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
