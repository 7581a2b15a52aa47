package dev.tidemark.session;

import java.nio.file.Path;

/**
 * The per-entry cost of opening the store before the JIT: one open of a small store first (every
 * class loaded), then the steps of another's open timed once. {@code java -cp <test classpath>
 * dev.tidemark.session.StoreGrowthProbe <small data dir> <data dir>}. See {@code docs/performance.md}.
 */
public final class StoreGrowthProbe {
    private StoreGrowthProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path first = Path.of(args[0]);
        Path second = Path.of(args[1]);
        try (SessionStore s = SessionStore.open(first, false, x -> { })) { s.summaries(); }
        Path dir = second.resolve("sessions");
        SessionFiles files = SessionFiles.disk();
        long a = System.nanoTime();
        new SessionIndex(dir, files).read();
        long b = System.nanoTime();
        for (Path p : files.list(dir, "")) { files.attributes(p); }
        long c = System.nanoTime();
        new SessionListing(dir, files, new SessionIndex(dir, files), false, x -> { }).load();
        long d = System.nanoTime();
        System.out.printf("%s: index read %.1f ms, list+stat %.1f ms, listing.load (both again + book-keeping) %.1f ms%n",
                second.getFileName(), (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6);
    }
}
