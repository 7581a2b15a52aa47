package dev.tidemark.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a ChatGPT {@code conversations.json} of a given size, in the export's shape: conversations
 * of ten messages (five questions, five answers of about 50 KB), a mapping per conversation and a
 * current_node. Written as it goes, so a file far bigger than the heap can be made. Also a program:
 * {@code SyntheticChatGptExport FILE MEGABYTES}.
 */
public final class SyntheticChatGptExport {

    /** About how many bytes one conversation takes. */
    public static final int CONVERSATION_BYTES = 5 * 50_000 + 5 * 200 + 3_000;

    private SyntheticChatGptExport() {
    }

    public static void main(String[] args) throws IOException {
        int conversations = write(Path.of(args[0]), Long.parseLong(args[1]) * 1024 * 1024);
        System.out.println(conversations + " conversations, " + Files.size(Path.of(args[0])) + " bytes");
    }

    /** Writes at least {@code bytes} bytes of conversations; returns how many conversations. */
    public static int write(Path file, long bytes) throws IOException {
        int count = (int) (bytes / CONVERSATION_BYTES) + 1;
        String answer = answer();
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write('[');
            for (int c = 0; c < count; c++) {
                if (c > 0) {
                    out.write(',');
                }
                conversation(out, c, answer);
            }
            out.write("]\n");
        }
        return count;
    }

    private static void conversation(Writer out, int c, String answer) throws IOException {
        long t = 1_700_000_000L + c * 3_600L;
        String id = String.format("00000000-0000-4000-8000-%012d", c);
        out.write("{\"title\":\"Synthetic chat " + c + "\",\"create_time\":" + t + ".5,\"update_time\":" + (t + 99)
                + ".5,\"id\":\"" + id + "\",\"mapping\":{");
        out.write("\"n" + c + "-0\":{\"id\":\"n" + c + "-0\",\"message\":null,\"parent\":null,\"children\":[\"n" + c
                + "-1\"]}");
        for (int m = 1; m <= 10; m++) {
            boolean user = m % 2 == 1;
            String text = user ? "Question " + m + " of chat " + c + ": how do tides work at spring and neap?"
                    : "Answer " + m + " of chat " + c + ". " + answer;
            out.write(",\"n" + c + "-" + m + "\":{\"id\":\"n" + c + "-" + m + "\",\"message\":{\"id\":\"m" + c + "-" + m
                    + "\",\"author\":{\"role\":\"" + (user ? "user" : "assistant") + "\"},\"create_time\":"
                    + (t + m) + ".25,\"content\":{\"content_type\":\"text\",\"parts\":[\"" + text
                    + "\"]},\"status\":\"finished_successfully\",\"recipient\":\"all\",\"metadata\":{}},\"parent\":\"n"
                    + c + "-" + (m - 1) + "\",\"children\":[" + (m < 10 ? "\"n" + c + "-" + (m + 1) + "\"" : "")
                    + "]}");
        }
        out.write("},\"current_node\":\"n" + c + "-10\"}");
    }

    private static String answer() {
        StringBuilder text = new StringBuilder();
        int line = 0;
        while (text.length() < 50_000) {
            text.append("Line ").append(line++).append(": the moon pulls the sea — spring tides at new and full moon,")
                    .append(" neap tides at the quarters; coefficient 95 at Brest.\\n");
        }
        return text.toString();
    }
}
