package dev.tidemark.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The check that makes a journal line self-verifying. A line is a flat JSON object whose first
 * member is {@code "crc"}: eight lowercase hex digits of the CRC32C of the same object written
 * without that member, i.e. of the bytes {@code "{" + rest} where the line is
 * {@code {"crc":"xxxxxxxx",rest}.
 */
final class LineChecksum {

    private static final byte[] PREFIX = "{\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code {"crc":"} + 8 hex digits + {@code ",}: where the record's own members start. */
    static final int MEMBER_LENGTH = PREFIX.length + 8 + 2;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private LineChecksum() {
    }

    /** The line for a JSON object {@code body}: the crc member put in front, a newline after. */
    static byte[] frame(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body, 0, body.length);
        byte[] line = new byte[MEMBER_LENGTH + body.length];
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
        writeHex(crc.getValue(), line, PREFIX.length);
        line[PREFIX.length + 8] = '"';
        line[PREFIX.length + 9] = ',';
        System.arraycopy(body, 1, line, MEMBER_LENGTH, body.length - 1);
        line[line.length - 1] = '\n';
        return line;
    }

    /** Whether {@code bytes[from, to)} starts with a crc member followed by at least one byte. */
    static boolean present(byte[] bytes, int from, int to) {
        return to - from > MEMBER_LENGTH && Arrays.equals(bytes, from, from + PREFIX.length, PREFIX, 0, PREFIX.length)
                && bytes[from + PREFIX.length + 8] == '"' && bytes[from + PREFIX.length + 9] == ',';
    }

    /**
     * Whether the crc member of the line {@code bytes[from, to)} (already known to be
     * {@link #present}) matches the rest of it. {@code crc} is the caller's to reuse.
     */
    static boolean matches(byte[] bytes, int from, int to, CRC32C crc) {
        long stored = readHex(bytes, from + PREFIX.length);
        crc.reset();
        crc.update('{');
        crc.update(bytes, from + MEMBER_LENGTH, to - from - MEMBER_LENGTH);
        return stored >= 0 && stored == crc.getValue();
    }

    private static void writeHex(long value, byte[] out, int at) {
        for (int i = 7; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Eight lowercase hex digits as a number, or -1 when they are not that. */
    private static long readHex(byte[] b, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            byte c = b[at + i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
