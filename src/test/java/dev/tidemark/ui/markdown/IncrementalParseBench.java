package dev.tidemark.ui.markdown;

import dev.tidemark.bench.RenderBenchmark;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Parsing only, no nodes: {@code RenderBenchmark}'s 20,000-token reply streamed 8 tokens per update
 * (500 tokens/s at 60 pulses/s), parsed by {@link IncrementalParser} and, for comparison, by
 * commonmark on the whole text at every update; plus the whole reply parsed at once. One JVM, a
 * first round as warm-up. The figures of ADR 6:
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.ui.markdown.IncrementalParseBench}
 */
public final class IncrementalParseBench {

    private static final int TOKENS_PER_UPDATE = 8;
    private static final int ROUNDS = 4;

    public static void main(String[] args) throws Exception {
        List<String> tokens = RenderBenchmark.reply(20_000);
        String whole = String.join("", tokens);
        Parser commonmark = Parser.builder().extensions(List.of(TablesExtension.create()))
                .includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
        System.out.printf("%s, load average %s; reply %,d tokens, %,d chars; Java %s%n", Instant.now(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0], tokens.size(), whole.length(),
                System.getProperty("java.version"));
        for (int round = 0; round < ROUNDS; round++) {
            IncrementalParser incremental = new IncrementalParser();
            long[] perUpdate = stream(tokens, incremental::parse);
            long[] wholeEachUpdate = stream(tokens, commonmark::parse);
            long[] once = new long[15];
            for (int i = 0; i < once.length; i++) {
                long t0 = System.nanoTime();
                commonmark.parse(whole);
                once[i] = System.nanoTime() - t0;
            }
            Arrays.sort(once);
            System.out.printf("%s: incremental %.0f ms in all, median of the last 200 updates %.3f ms (%d whole parses);"
                            + " whole text every update %.0f ms in all, mean %.2f ms; the whole reply once: min %.2f ms,"
                            + " median %.2f ms%n",
                    round == 0 ? "warm-up" : "round " + round, total(perUpdate) / 1e6, lastMedian(perUpdate) / 1e6,
                    incremental.fullParses(), total(wholeEachUpdate) / 1e6,
                    total(wholeEachUpdate) / 1e6 / wholeEachUpdate.length, once[0] / 1e6, once[once.length / 2] / 1e6);
        }
    }

    /** The time of each update's parse, in nanoseconds. */
    private static long[] stream(List<String> tokens, java.util.function.Consumer<String> parse) {
        long[] times = new long[tokens.size() / TOKENS_PER_UPDATE];
        StringBuilder text = new StringBuilder();
        for (int i = 0, update = 0; update < times.length; i++) {
            text.append(tokens.get(i));
            if (i % TOKENS_PER_UPDATE == TOKENS_PER_UPDATE - 1) {
                String snapshot = text.toString();
                long t0 = System.nanoTime();
                parse.accept(snapshot);
                times[update++] = System.nanoTime() - t0;
            }
        }
        return times;
    }

    private static long total(long[] times) {
        return Arrays.stream(times).sum();
    }

    private static long lastMedian(long[] times) {
        long[] last = Arrays.copyOfRange(times, Math.max(0, times.length - 200), times.length);
        Arrays.sort(last);
        return last[last.length / 2];
    }
}
