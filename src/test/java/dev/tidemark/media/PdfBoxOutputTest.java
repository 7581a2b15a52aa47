package dev.tidemark.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PDFBox logs through commons-logging, which finds SLF4J (and its no-op provider, which the pom
 * puts on the class path for the keychain's libraries) before java.util.logging: so a damaged
 * PDF's warnings never reach the command line's stderr. The second test is the control: the same
 * child with commons-logging sent to java.util.logging prints the warning.
 */
class PdfBoxOutputTest {

    @TempDir
    Path dir;

    @Test
    void aPdfWithAMissingFontPrintsNothingOnStderr() throws Exception {
        Result result = runChild(List.of());

        assertThat(result.out()).isEqualTo("pages 1 thumbnail 45x64\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void theSameChildWithPdfBoxLoggingToJavaUtilLoggingPrintsTheWarning() throws Exception {
        Result result = runChild(List.of(
                "-Dorg.apache.commons.logging.LogFactory=org.apache.commons.logging.impl.LogFactoryImpl",
                "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.Jdk14Logger"));

        assertThat(result.out()).isEqualTo("pages 1 thumbnail 45x64\n");
        assertThat(result.err()).contains("Using fallback font").contains("TidemarkNoSuchFont-Bold");
    }

    private record Result(String out, String err) {
    }

    private Result runChild(List<String> properties) throws IOException, InterruptedException {
        Path pdf = dir.resolve("missing-font.pdf");
        Files.write(pdf, TestMedia.pdfWithMissingFont());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx256m");
        command.add("-Dpdfbox.fontcache=" + dir); // PDFBox's list of system fonts, kept out of the home directory
        command.addAll(properties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MediaChild.class.getName());
        command.add(pdf.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not finish within 120 s");
        }
        assertThat(process.exitValue()).as("exit status; stderr: %s", Files.readString(err)).isZero();
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
