package dev.tidemark.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter between the commands and a terminal. */
class TerminalTextTest {

    @Test
    void dropsC0ExceptNewlineAndTabAndDelAndC1AndKeepsEverythingElse() throws Exception {
        StringWriter screen = new StringWriter();
        PrintWriter out = new PrintWriter(new TerminalText(screen), true);
        out.print("\u001b]0;title\u0007red \u001b[31mtext\u001b[0m\r\n\ttab \u007fdel \u009b2J c1 \u0085next");
        out.write('\u0008');
        out.write("é—ü 🌊 \u00a0nbsp".toCharArray());
        out.flush();
        assertThat(screen.toString()).isEqualTo("]0;titlered [31mtext[0m\n\ttab del 2J c1 nexté—ü 🌊 \u00a0nbsp");
    }
}
