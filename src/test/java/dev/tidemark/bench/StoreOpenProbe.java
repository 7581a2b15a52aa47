package dev.tidemark.bench;

import dev.tidemark.session.SessionStore;

import java.nio.file.Path;

/**
 * {@link SessionStore#open} alone, read-only, in a fresh JVM: how the start-up cost of the session
 * list grows with the history. Prints one {@code STORE run=… ms=… sessions=…} line per run (run 0
 * is the first in this JVM: classes loading, nothing compiled yet).
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.tidemark.bench.StoreOpenProbe make &lt;data dir&gt; &lt;sessions&gt;
 * java -cp &lt;test classpath&gt; dev.tidemark.bench.StoreOpenProbe open &lt;data dir&gt; &lt;runs&gt;
 * </pre>
 */
public final class StoreOpenProbe {

    private StoreOpenProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        if (args[0].equals("make")) {
            new Workload(5_000 + n).writeHistory(dataDir, n);
            return;
        }
        for (int run = 0; run < n; run++) {
            long t0 = System.nanoTime();
            int sessions;
            try (SessionStore store = SessionStore.open(dataDir, false, p -> { })) {
                sessions = store.summaries().size();
            }
            System.out.printf("STORE run=%d ms=%.3f sessions=%d%n", run, (System.nanoTime() - t0) / 1e6, sessions);
        }
    }
}
