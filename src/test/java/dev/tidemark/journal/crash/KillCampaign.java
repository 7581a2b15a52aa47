package dev.tidemark.journal.crash;

import dev.tidemark.journal.ForcePolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs the kill test: chains of children on one data directory each — start a child, SIGKILL it
 * as its {@link KillPlan} says, copy the directory, start the next child on the original (whose
 * startup recovery then recovers the previous crash, and may itself be killed), and meanwhile run
 * {@link CrashChecks} on the copy against everything the chain's children reported.
 *
 * <p>Plans are mixed evenly: random moments (after READY, and after OPENING so that startup
 * recovery is hit too) and every injected point, each with a random occurrence count and force
 * policy, shuffled with the campaign's seed. A failed check ends its chain; the copy, the child's
 * report and its stderr are kept for a post-mortem and the campaign goes on with the next chain.
 */
final class KillCampaign {

    static final int DEFAULT_CHAIN_LENGTH = 12;
    /** About how long the child's Workspace.open takes here (OPENING to READY); random startup kills fall within. */
    private static final int STARTUP_MILLIS = 400;
    private static final int MAX_FAILURES = 5;

    record Failure(String where, KillPlan plan, String message, Path kept) {
        @Override
        public String toString() {
            return (message.startsWith(where) ? message : where + ": " + message)
                    + (kept == null ? "" : "\n    kept in " + kept);
        }
    }

    /** What the campaign did. */
    static final class Stats {
        final Map<String, Integer> kills = new TreeMap<>();
        int killedBeforeReady;
        int recovered;
        int tornTailsCut;
        int opensAfterCheckpoint;
        long ackedDeltas;
        int maxSessions;
        int maxMessages;

        void count(String label) {
            kills.merge(label, 1, Integer::sum);
        }

        int total() {
            return kills.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return total() + " kills " + kills + "; killed before READY (during startup/recovery): " + killedBeforeReady
                    + "; replies recovered: " + recovered + "; torn tails cut: " + tornTailsCut
                    + "; recoveries after a checkpoint: " + opensAfterCheckpoint + "; deltas acknowledged: " + ackedDeltas
                    + "; largest directory: " + maxSessions + " sessions, " + maxMessages + " messages";
        }
    }

    record Result(long seed, int kills, long millis, Stats stats, List<Failure> failures) {
        String summary() {
            StringBuilder b = new StringBuilder("Kill test: seed " + seed + ", " + kills + " kills in "
                    + String.format("%.1f", millis / 1000.0) + " s; " + stats + "; failures: " + failures.size());
            failures.forEach(f -> b.append("\n  ").append(f));
            return b.toString();
        }
    }

    private static final boolean VERBOSE = Boolean.getBoolean("tidemark.crash.verbose");

    private final Path work;
    private final long seed;
    private final int chainLength;
    private final Path keep;
    private final Random random;
    private final Stats stats = new Stats();
    private final List<Failure> failures = new ArrayList<>();

    KillCampaign(Path work, long seed, int chainLength, Path keep) {
        this.work = work;
        this.seed = seed;
        this.chainLength = chainLength;
        this.keep = keep;
        this.random = new Random(seed);
    }

    /** The mix: every injected point, random moments twice as often, split writes twice. */
    List<KillPlan> schedule(int kills) {
        List<Supplier<KillPlan>> cycle = new ArrayList<>();
        cycle.add(() -> KillPlan.randomAfterReady(random.nextInt(400), policy()));
        cycle.add(() -> KillPlan.randomAfterReady(random.nextInt(60), policy()));
        cycle.add(() -> KillPlan.randomInStartup(random.nextInt(STARTUP_MILLIS), policy()));
        cycle.add(() -> KillPlan.randomInStartup(random.nextInt(STARTUP_MILLIS), policy()));
        for (KillProtocol.Point point : KillProtocol.Point.values()) {
            cycle.add(() -> KillPlan.at(point, count(point), policy()));
        }
        cycle.add(() -> KillPlan.at(KillProtocol.Point.SPLIT_WRITE, count(KillProtocol.Point.SPLIT_WRITE), policy()));
        List<KillPlan> plans = new ArrayList<>();
        for (int i = 0; plans.size() < kills; i++) {
            plans.add(cycle.get(i % cycle.size()).get());
        }
        Collections.shuffle(plans, random);
        return plans;
    }

    /** Which occurrence of a point to stop at: early ones hit startup recovery, later ones steady streaming. */
    private int count(KillProtocol.Point point) {
        return 1 + switch (point) {
            case BEFORE_WRITE, SPLIT_WRITE -> random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(400);
            case AFTER_WRITE_BEFORE_FORCE -> random.nextInt(100);
            case ROTATION_CREATE, ROTATION_EMPTY, ROTATION_HEADER -> random.nextInt(25);
            case CHECKPOINT_REPLACE, CHECKPOINT_TMP, CHECKPOINT_RENAMED -> random.nextInt(10);
            case CHECKPOINT_DELETE, CHECKPOINT_DELETED -> random.nextInt(20);
        };
    }

    private ForcePolicy policy() {
        return random.nextInt(4) == 0 ? ForcePolicy.ALWAYS : ForcePolicy.INTERVAL;
    }

    Result run(int kills) throws Exception {
        long start = System.nanoTime();
        List<KillPlan> plans = schedule(kills);
        for (int chain = 0; chain * chainLength < plans.size() && failures.size() < MAX_FAILURES; chain++) {
            runChain(chain, plans.subList(chain * chainLength, Math.min(plans.size(), (chain + 1) * chainLength)));
        }
        return new Result(seed, stats.total(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), stats,
                List.copyOf(failures));
    }

    private void runChain(int chain, List<KillPlan> plans) throws Exception {
        Path chainDir = work.resolve("chain-" + chain);
        Path real = chainDir.resolve("data");
        Files.createDirectories(real);
        ChainModel model = new ChainModel();
        List<ChildProcess> runs = new ArrayList<>();
        ChildProcess child = null;
        Path pending = null; // the directory as the previous kill left it, still to be checked
        KillPlan pendingPlan = null;
        String pendingWhere = null;
        String where = "seed " + seed + ", chain " + chain;
        KillPlan blamed = null;
        try {
            for (int k = 0; k < plans.size(); k++) {
                KillPlan plan = plans.get(k);
                String here = "seed " + seed + ", chain " + chain + ", kill " + (k + 1) + " [" + plan + "]";
                child = ChildProcess.start(real, "c" + chain + "r" + (k + 1) + "x", random.nextLong(), plan);
                if (pending != null) {
                    // checked while the next child starts up on the original directory
                    where = pendingWhere;
                    blamed = pendingPlan;
                    check(pending, model, pendingPlan, pendingWhere);
                    delete(pending);
                    pending = null;
                }
                where = here;
                blamed = plan;
                ChildProcess dead = child.awaitDeath();
                child = null;
                runs.add(dead);
                requireKilledAsPlanned(dead, where);
                model.add(dead.lines());
                stats.count(plan.label());
                pending = chainDir.resolve("after-kill-" + (k + 1));
                copy(real, pending);
                pendingPlan = plan;
                pendingWhere = where;
            }
            if (pending != null) {
                where = pendingWhere;
                blamed = pendingPlan;
                check(pending, model, pendingPlan, pendingWhere);
                delete(pending);
            }
            delete(chainDir);
        } catch (AssertionError | Exception e) {
            if (child != null) {
                child.destroy();
                child.awaitDeath();
                runs.add(child);
            }
            String message = e instanceof AssertionError ? e.getMessage() : e.toString();
            Path kept = keepForPostMortem(chain, pending != null ? pending : real, runs, message);
            failures.add(new Failure(where, blamed, message, kept));
            if (!(e instanceof AssertionError)) {
                e.printStackTrace();
            }
        }
    }

    /** Checks a copy of {@code pristine} (kept as the kill left it, for a post-mortem should the check fail). */
    private void check(Path pristine, ChainModel model, KillPlan plan, String where) throws Exception {
        long t0 = System.nanoTime();
        Path copy = pristine.resolveSibling(pristine.getFileName() + "-checked");
        copy(pristine, copy);
        CrashChecks.Seen seen = CrashChecks.check(copy, model, plan, where);
        delete(copy);
        if (VERBOSE) {
            System.out.printf("  checked %s in %d ms: %s%n", where, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), seen);
        }
        stats.recovered += seen.recovered();
        stats.tornTailsCut += seen.tailCut() > 0 ? 1 : 0;
        stats.opensAfterCheckpoint += seen.checkpointed() ? 1 : 0;
        stats.maxSessions = Math.max(stats.maxSessions, seen.sessions());
        stats.maxMessages = Math.max(stats.maxMessages, seen.messages());
    }

    private void requireKilledAsPlanned(ChildProcess child, String where) {
        verifyKilledAsPlanned(child, where);
        stats.killedBeforeReady += child.readyAtKill() ? 0 : 1;
        stats.ackedDeltas += child.lines().stream().filter(l -> l.startsWith("=delta ")).count();
        if (VERBOSE) {
            System.out.printf("  killed %s after %d ms (%s READY; open took %d ms), %d lines%n", where,
                    child.killedAfterMillis(), child.readyAtKill() ? "after" : "before", child.openMillis(),
                    child.lines().size());
        }
    }

    /** The child must have died of our SIGKILL, where its plan said, having printed only whole, known lines. */
    static void verifyKilledAsPlanned(ChildProcess child, String where) {
        String err = child.err();
        CrashChecks.require(child.hang() == null, where, "child " + child.hang() + "; stderr:\n" + tail(err)
                + "\nlast lines:\n" + tail(String.join("\n", lastLines(child.lines(), 20))));
        CrashChecks.require(child.exitValue() == ChildProcess.SIGKILL_EXIT, where, "the child ended by itself with exit code "
                + child.exitValue() + "; stderr:\n" + tail(err));
        CrashChecks.require(child.partialLine().isEmpty(), where, "the child left half a report line: "
                + child.partialLine());
        if (child.plan.kind() == KillPlan.Kind.AT_POINT) {
            CrashChecks.require(child.atLine() != null && child.atLine().startsWith("AT " + child.plan.point().wire + " "),
                    where, "killed without reaching the point: " + child.atLine());
        }
        for (String line : err.split("\n")) {
            boolean benign = line.isBlank() || line.startsWith("PROBLEM The journal is falling behind")
                    || line.startsWith("PROBLEM The journal has caught up");
            CrashChecks.require(benign, where, "the child complained: " + line + "\nstderr:\n" + tail(err));
        }
    }

    /** Kills one child on {@code dataDir} as planned and returns its report lines (for the checks' self-tests). */
    static List<String> killOnce(Path dataDir, KillPlan plan, long seed) throws Exception {
        Files.createDirectories(dataDir);
        ChildProcess child = ChildProcess.start(dataDir, "once" + Long.toUnsignedString(seed, 36) + "x", seed, plan)
                .awaitDeath();
        verifyKilledAsPlanned(child, "single kill [" + plan + "]");
        return child.lines();
    }

    private Path keepForPostMortem(int chain, Path dir, List<ChildProcess> runs, String message) {
        try {
            Path target = keep.resolve("seed-" + seed + "-chain-" + chain + "-" + System.currentTimeMillis());
            copy(dir, target.resolve("data"));
            Files.writeString(target.resolve("failure.txt"), message + "\n");
            for (int i = 0; i < runs.size(); i++) {
                Files.write(target.resolve("run-" + (i + 1) + ".out"), runs.get(i).lines(), StandardCharsets.UTF_8);
                Files.writeString(target.resolve("run-" + (i + 1) + ".err"), runs.get(i).err());
            }
            return target;
        } catch (IOException e) {
            return null;
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> lastLines(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    /** For a run outside Maven: {@code java -cp <test classpath> ...KillCampaign <kills> [seed] [work dir]}. */
    public static void main(String[] args) throws Exception {
        int kills = Integer.parseInt(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextLong();
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("kill-campaign");
        Result result = new KillCampaign(work, seed, DEFAULT_CHAIN_LENGTH, work.resolve("failures")).run(kills);
        System.out.println(result.summary());
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }
}
