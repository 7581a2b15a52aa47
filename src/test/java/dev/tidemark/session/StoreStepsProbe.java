package dev.tidemark.session;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code SessionStore.open}'s steps one by one on a data directory, in this fresh JVM: the index
 * read, listing and stat-ing the files, the whole listing, and the open; the first run (cold) and
 * the median of the rest (warm). {@code java -cp <test classpath> dev.tidemark.session.StoreStepsProbe <data dir> <runs>}
 * (a history from {@code dev.tidemark.bench.StoreOpenProbe make}). See {@code docs/performance.md}.
 */
public final class StoreStepsProbe {
    private StoreStepsProbe() {
    }


    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path dir = data.resolve("sessions");
        int runs = Integer.parseInt(args[1]);
        SessionFiles files = SessionFiles.disk();
        double[][] t = new double[4][runs];
        for (int r = 0; r < runs; r++) {
            long a = System.nanoTime();
            int n = new SessionIndex(dir, files).read().orElseThrow().size();
            long b = System.nanoTime();
            int m = 0;
            for (Path p : files.list(dir, "")) { files.attributes(p); m++; }
            long c = System.nanoTime();
            SessionListing l = new SessionListing(dir, files, new SessionIndex(dir, files), false, s -> { });
            l.load();
            long d = System.nanoTime();
            try (SessionStore s = SessionStore.open(data, false, x -> { })) { s.summaries(); }
            long e = System.nanoTime();
            t[0][r] = (b - a) / 1e6; t[1][r] = (c - b) / 1e6; t[2][r] = (d - c) / 1e6; t[3][r] = (e - d) / 1e6;
            if (r == 0) System.out.printf("cold read=%.1f list+stat=%.1f listing=%.1f open=%.1f (%d entries, %d files)%n", t[0][0], t[1][0], t[2][0], t[3][0], n, m);
        }
        String[] names = {"read", "list+stat", "listing.load", "store.open"};
        for (int i = 0; i < 4; i++) {
            double[] w = Arrays.copyOfRange(t[i], 1, runs); Arrays.sort(w);
            System.out.printf("warm median %s=%.2f ms%n", names[i], w[w.length / 2]);
        }
    }
}
