package dev.tidemark.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What one reader of a segment keeps between lines: the stream ids seen, so that a hundred
 * thousand text records of one reply share one string, and a checksum object to reuse. Not
 * thread-safe; one per scan.
 */
public final class StreamIds {

    private static final int MOST_KEPT = 4096;

    final CRC32C crc = new CRC32C();
    private byte[] lastBytes = new byte[0];
    private String last = "";
    private final Map<String, String> seen = new HashMap<>();

    /** The id whose UTF-8 bytes are {@code b[from, to)}, the same string as last time when it is the same id. */
    String get(byte[] b, int from, int to) {
        int length = to - from;
        if (length == lastBytes.length && Arrays.equals(b, from, to, lastBytes, 0, length)) {
            return last;
        }
        String id = new String(b, from, length, StandardCharsets.UTF_8);
        String shared = seen.size() < MOST_KEPT ? seen.computeIfAbsent(id, k -> k) : id;
        lastBytes = Arrays.copyOfRange(b, from, to);
        last = shared;
        return shared;
    }
}
