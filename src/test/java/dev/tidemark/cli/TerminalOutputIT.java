package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command line prints to a terminal is text, not commands: run on a pseudo-terminal
 * ({@code script}), control characters in titles and replies are dropped; through a pipe, in
 * {@code --json} and in an export to a file they stay exact.
 */
class TerminalOutputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TITLE = "Evil \u001b]0;pwned\u0007 title";
    private static final String TEXT = "red \u001b[31mtext\u001b[0m bell\u0007 c1\u009b2J del\u007f back\b cr\r tab\tnl\nend";

    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void importsASessionFullOfControlCharacters() throws Exception {
        ObjectNode export = JSON.createObjectNode().put("format", "tidemark-export").put("version", 1);
        ObjectNode session = export.putArray("sessions").addObject().put("format", 2).put("id", "evil")
                .put("title", TITLE).put("createdAt", "2026-11-20T10:15:30Z").put("updatedAt", "2026-11-20T10:15:34Z");
        session.putArray("messages").add(JSON.createObjectNode().put("id", "q").put("role", "user").put("text", "hi")
                        .put("status", "complete").put("createdAt", "2026-11-20T10:15:30Z"))
                .add(JSON.createObjectNode().put("id", "a").put("role", "assistant").put("text", TEXT)
                        .put("status", "complete").put("createdAt", "2026-11-20T10:15:34Z"));
        Path file = tmp.resolve("evil.tidemark.json");
        JSON.writeValue(file.toFile(), export);
        data = tmp.resolve("data");
        TidemarkProcess imported = TidemarkProcess.start("--data-dir", data.toString(), "import", file.toString());
        assertThat(imported.waitFor()).as(imported.err()).isZero();
    }

    @Test
    void showSessionsSearchAndExportOnATerminalPrintNoControlCharacters() throws Exception {
        for (List<String> command : List.of(List.of("show", "evil"), List.of("sessions"), List.of("search", "red"),
                List.of("export", "evil"), List.of("show", "nosuch\u001b[2J"))) {
            String shown = onTerminal(command).replace("\r\n", "\n");
            assertThat(shown.chars().filter(c -> c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))))
                    .as("control characters in %s: %s", command, shown).isEmpty();
        }
        String show = onTerminal(List.of("show", "evil")).replace("\r\n", "\n");
        assertThat(show).contains("# Evil ]0;pwned title  (evil)")
                .contains("red [31mtext[0m bell c12J del back cr tab\tnl\nend");
        assertThat(onTerminal(List.of("show", "nosuch\u001b[2J"))).contains("there is no session 'nosuch[2J'");
    }

    @Test
    void pipesJsonAndExportsToAFileStayExact() throws Exception {
        TidemarkProcess piped = TidemarkProcess.start("--data-dir", data.toString(), "show", "evil");
        assertThat(piped.waitFor()).isZero();
        assertThat(piped.out()).contains("# " + TITLE + "  (evil)").contains(TEXT);

        JsonNode json = JSON.readTree(onTerminal(List.of("show", "--json", "evil")));
        assertThat(json.path("title").asText()).isEqualTo(TITLE);
        assertThat(json.path("messages").get(1).path("text").asText()).isEqualTo(TEXT);

        Path out = tmp.resolve("evil.md");
        onTerminal(List.of("export", "evil", "--out", out.toString()));
        assertThat(Files.readString(out)).contains(TEXT);
    }

    /** Runs the jar on a pseudo-terminal (util-linux {@code script}) and returns what it printed. */
    private String onTerminal(List<String> args) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TidemarkProcess.jar().toString(), "--data-dir", data.toString()));
        java.addAll(args);
        StringBuilder command = new StringBuilder();
        for (String a : java) {
            command.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
                .redirectInput(new File("/dev/null")).redirectErrorStream(true);
        builder.environment().remove("TIDEMARK_DATA_DIR");
        Process p = builder.start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(bytes);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
