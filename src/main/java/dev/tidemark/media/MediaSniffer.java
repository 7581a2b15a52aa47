package dev.tidemark.media;

import dev.tidemark.model.AttachmentRefusedException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a file's real type from its bytes, fed in order as they are read (the store hashes and
 * sniffs in one pass): PNG, JPEG, GIF, WebP and PDF by their signatures; otherwise text when every
 * byte decodes as strict UTF-8 with no NUL ({@code text/plain}, or {@code text/markdown},
 * {@code text/csv}, {@code text/html}, {@code text/x-<language>} by the name's extension).
 */
public final class MediaSniffer {

    private static final int HEAD = 16;

    /** Text types by extension; any other extension (or none) is {@code text/plain}. */
    private static final Map<String, String> TEXT_TYPES = Map.ofEntries(
            Map.entry("md", "text/markdown"), Map.entry("markdown", "text/markdown"),
            Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("xml", "text/xml"), Map.entry("json", "text/x-json"), Map.entry("yaml", "text/x-yaml"),
            Map.entry("yml", "text/x-yaml"), Map.entry("toml", "text/x-toml"),
            Map.entry("java", "text/x-java"), Map.entry("kt", "text/x-kotlin"), Map.entry("py", "text/x-python"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("ts", "text/x-typescript"),
            Map.entry("tsx", "text/x-typescript"), Map.entry("jsx", "text/javascript"),
            Map.entry("c", "text/x-c"), Map.entry("h", "text/x-c"), Map.entry("cpp", "text/x-c++"),
            Map.entry("cc", "text/x-c++"), Map.entry("hpp", "text/x-c++"), Map.entry("cs", "text/x-csharp"),
            Map.entry("go", "text/x-go"), Map.entry("rs", "text/x-rust"), Map.entry("rb", "text/x-ruby"),
            Map.entry("php", "text/x-php"), Map.entry("swift", "text/x-swift"), Map.entry("scala", "text/x-scala"),
            Map.entry("sh", "text/x-shellscript"), Map.entry("bash", "text/x-shellscript"),
            Map.entry("sql", "text/x-sql"), Map.entry("r", "text/x-r"), Map.entry("lua", "text/x-lua"),
            Map.entry("tex", "text/x-tex"), Map.entry("diff", "text/x-diff"), Map.entry("patch", "text/x-diff"));

    private final String name;
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private long size;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer sink = CharBuffer.allocate(8192);
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private boolean text = true;

    /** @param name the file's base name (used for text subtypes and in the refusal's words) */
    public MediaSniffer(String name) {
        this.name = name;
    }

    public void update(byte[] bytes, int offset, int length) {
        if (headLength < HEAD) {
            int n = Math.min(HEAD - headLength, length);
            System.arraycopy(bytes, offset, head, headLength, n);
            headLength += n;
        }
        size += length;
        if (text) {
            feedText(bytes, offset, length);
        }
    }

    private void feedText(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == 0) {
                text = false;
                return;
            }
        }
        ByteBuffer in = ByteBuffer.allocate(carry.remaining() + length);
        in.put(carry).put(bytes, offset, length).flip();
        decode(in, false);
        carry = in.hasRemaining() ? ByteBuffer.wrap(Arrays.copyOfRange(in.array(), in.position(), in.limit()))
                : ByteBuffer.allocate(0);
    }

    private void decode(ByteBuffer in, boolean end) {
        while (true) {
            CoderResult r = utf8.decode(in, sink, end);
            sink.clear();
            if (r.isError()) {
                text = false;
                return;
            }
            if (r.isUnderflow()) {
                return;
            }
        }
    }

    /**
     * The type, once every byte was fed.
     *
     * @throws AttachmentRefusedException for any other binary file, naming it
     */
    public String mediaType() throws AttachmentRefusedException {
        String binary = binaryType();
        if (binary != null) {
            return binary;
        }
        if (text) {
            decode(carry, true);
            if (text) {
                CharBuffer rest = CharBuffer.allocate(16);
                if (utf8.flush(rest).isError()) {
                    text = false;
                }
            }
        }
        if (!text) {
            throw new AttachmentRefusedException(name + " cannot be attached: it is not an image (PNG, JPEG, GIF, WebP), "
                    + "a PDF or a text file.");
        }
        return textType(name);
    }

    /** The type of a text file by its name's extension. */
    static String textType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TEXT_TYPES.getOrDefault(ext, "text/plain");
    }

    private String binaryType() {
        if (startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith('G', 'I', 'F', '8', '7', 'a') || startsWith('G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (startsWith('R', 'I', 'F', 'F') && headLength >= 12 && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (startsWith('%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        return null;
    }

    private boolean startsWith(int... signature) {
        if (headLength < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** How many bytes were fed. */
    public long size() {
        return size;
    }

    public String name() {
        return name;
    }
}
