package dev.tidemark.journal.powerloss;

import java.util.List;

/**
 * Pieces of reply text that are awkward to journal: multi-byte UTF-8 (two, three and four
 * bytes), JSON escapes, control characters, line and paragraph separators, and text that looks
 * like a journal line. Each piece starts with a marker naming its stream and sequence number, so
 * a recovered text can be split back into pieces without ambiguity.
 */
final class Tokens {

    private static final List<String> PAYLOADS = List.of(
            "héllo wörld, ça va? ",
            "中文字符与日本語のテキスト ",
            "🌊 tide 🌊 surf 🏄 ",
            "quote \" and back\\slash ",
            "line\nbreak\tand tab\r\n ",
            "\u0001\u001f control ",
            "{\"json\":[1,2,{\"k\":\"v\"}]} ",
            "“smart quotes” — em dash … ",
            "\u2028 line separator \u2029 ",
            "}\n{\"crc\":\"00000000\",\"type\":\"stream.text\"} looks like a line ",
            "\\u0041 a literal backslash-u ");

    private static final String PADDING = "The tide comes in and the tide goes out; every word is kept. ";

    private Tokens() {
    }

    static String marker(String stream, long seq) {
        return "⟦" + stream + "·" + seq + "⟧";
    }

    static String piece(String stream, long seq) {
        String payload = PAYLOADS.get((int) ((seq + stream.hashCode() & 0x7fffffff) % PAYLOADS.size()));
        int pad = (int) ((seq * 37 + stream.length() * 11) % 140);
        StringBuilder padding = new StringBuilder();
        while (padding.length() < pad) {
            padding.append(PADDING);
        }
        return marker(stream, seq) + payload + padding.substring(0, pad);
    }
}
