package dev.tidemark.journal.powerloss;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a power cut can leave on disk, from a {@link Trace}: SQLite's crash VFS (test6.c) and
 * ALICE/CrashMonkey, cut to what a journal needs.
 *
 * <p>A crash point is a <em>cut</em>: the operations {@code [0, cut)} happened, nothing after.
 * At a cut, an inode's content as of its last {@code force} is durable; every write or truncate
 * since may independently be kept, dropped, torn (only a prefix of it reached the disk) or zeroed
 * (its range reads back as zeros, the file length extended). A create, rename or delete not
 * followed by a {@code forceDirectory} of its directory may be undone. Cuts are taken right
 * before and right after every persistence point (each force and directory force; a replace is
 * recorded as its steps, so it has both), and at the end of the trace; a cut between two
 * persistence points gives no state that the cut before the next one does not also give (with
 * the later operations dropped) and owes no more.
 */
final class DiskModel {

    /** What happens to one operation that was not durable at the cut. */
    enum Kind { KEEP, DROP, TEAR, ZERO }

    /** The fate of one pending operation; {@code length} is the prefix kept when torn. */
    record Choice(Kind kind, int length) {
        static final Choice KEEP = new Choice(Kind.KEEP, 0);
        static final Choice DROP = new Choice(Kind.DROP, 0);
        static final Choice ZERO = new Choice(Kind.ZERO, 0);

        static Choice tear(int length) {
            return new Choice(Kind.TEAR, length);
        }

        @Override
        public String toString() {
            return kind == Kind.TEAR ? "TEAR(" + length + ")" : kind.name();
        }
    }

    /**
     * One state a power cut may leave: the files (paths relative to the traced directory) and how
     * the model got there.
     */
    record CrashState(int cut, Map<Integer, Choice> choices, Map<Path, byte[]> files, String key) {
        /** Describes the state so that a failure can be understood and reproduced. */
        String describe(List<Trace.Op> ops) {
            StringBuilder out = new StringBuilder("cut ").append(cut).append(" (");
            out.append(cut > 0 ? "after #" + (cut - 1) + " " + ops.get(cut - 1) : "at the start");
            out.append(cut < ops.size() ? ", before #" + cut + " " + ops.get(cut) : ", end of trace").append(')');
            int kept = 0;
            StringBuilder changed = new StringBuilder();
            for (Map.Entry<Integer, Choice> e : new TreeMap<>(choices).entrySet()) {
                if (e.getValue().kind() == Kind.KEEP) {
                    kept++;
                } else {
                    changed.append("\n      #").append(e.getKey()).append(' ').append(ops.get(e.getKey()))
                            .append(" -> ").append(e.getValue());
                }
            }
            out.append("; pending ").append(choices.size()).append(", kept ").append(kept).append(changed);
            out.append("\n    files:");
            new TreeMap<>(files).forEach((path, bytes) -> out.append(' ').append(path).append('=')
                    .append(bytes.length).append('B'));
            return out.toString();
        }
    }

    private final List<Trace.Op> ops;
    private final int start;
    private final Path root;
    private final Set<Integer> ignoredForces;

    DiskModel(Trace trace) {
        this(trace.ops(), trace.start(), trace.root(), Set.of());
    }

    private DiskModel(List<Trace.Op> ops, int start, Path root, Set<Integer> ignoredForces) {
        this.ops = ops;
        this.start = start;
        this.root = root;
        this.ignoredForces = ignoredForces;
    }

    List<Trace.Op> ops() {
        return ops;
    }

    /**
     * A model that is wrong on purpose: it treats the given forces as if they never happened,
     * so it can drop what they made durable. Only for checking that the checker notices a loss.
     */
    DiskModel ignoringForces(Set<Integer> forces) {
        return new DiskModel(ops, start, root, Set.copyOf(forces));
    }

    /** The crash points: before and after every persistence point, and the end. */
    List<Integer> cuts() {
        Set<Integer> cuts = new java.util.TreeSet<>();
        cuts.add(start);
        for (int i = start; i < ops.size(); i++) {
            if (ops.get(i).isPersistencePoint()) {
                cuts.add(i);
                cuts.add(i + 1);
            }
        }
        cuts.add(ops.size());
        return List.copyOf(cuts);
    }

    /** The operations before {@code cut} that a power cut at {@code cut} may lose, in order. */
    List<Integer> pending(int cut) {
        Map<Integer, Integer> lastForce = new HashMap<>();
        Map<Path, Integer> lastDirectoryForce = new HashMap<>();
        for (int i = 0; i < cut; i++) {
            Trace.Op op = ops.get(i);
            if (op instanceof Trace.Force f && !ignoredForces.contains(i)) {
                lastForce.put(f.inode(), i);
            } else if (op instanceof Trace.ForceDirectory d && !ignoredForces.contains(i)) {
                lastDirectoryForce.put(d.dir(), i);
            }
        }
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            Trace.Op op = ops.get(i);
            Integer durableUpTo;
            if (op instanceof Trace.Write w) {
                durableUpTo = lastForce.get(w.inode());
            } else if (op instanceof Trace.Truncate t) {
                durableUpTo = lastForce.get(t.inode());
            } else if (op instanceof Trace.Create c) {
                durableUpTo = lastDirectoryForce.get(c.path().getParent());
            } else if (op instanceof Trace.Rename r) {
                durableUpTo = lastDirectoryForce.get(r.to().getParent());
            } else if (op instanceof Trace.Delete d) {
                durableUpTo = lastDirectoryForce.get(d.path().getParent());
            } else {
                continue; // not a change
            }
            if (durableUpTo == null || durableUpTo < i) {
                pending.add(i);
            }
        }
        return pending;
    }

    /** The ways each pending operation may end up. */
    List<Choice> options(int index, Random random) {
        if (ops.get(index) instanceof Trace.Write w) {
            List<Choice> options = new ArrayList<>(List.of(Choice.KEEP, Choice.DROP, Choice.ZERO));
            if (w.bytes().length > 1) {
                options.add(Choice.tear(tearLength(w, random)));
            }
            return options;
        }
        return List.of(Choice.KEEP, Choice.DROP);
    }

    /**
     * Where a write is torn: at a 512-byte sector boundary inside it when there is one (half the
     * time), else anywhere.
     */
    static int tearLength(Trace.Write w, Random random) {
        int length = w.bytes().length;
        long firstBoundary = (w.position() / 512 + 1) * 512;
        if (firstBoundary < w.end() && random.nextBoolean()) {
            List<Integer> boundaries = new ArrayList<>();
            for (long b = firstBoundary; b < w.end(); b += 512) {
                boundaries.add((int) (b - w.position()));
            }
            return boundaries.get(random.nextInt(boundaries.size()));
        }
        return 1 + random.nextInt(length - 1);
    }

    /**
     * Crash states for a cut: every combination when there are at most {@code exhaustiveLimit};
     * otherwise the structured ones (all kept, all lost, a kept prefix ending in a torn write, one
     * fault at a time) and {@code samples} random ones. States that leave identical files are
     * kept once.
     */
    List<CrashState> states(int cut, Random random, int exhaustiveLimit, int samples) {
        List<Integer> pending = pending(cut);
        List<List<Choice>> options = new ArrayList<>();
        long combinations = 1;
        for (int index : pending) {
            List<Choice> o = options(index, random);
            options.add(o);
            combinations = Math.min(Long.MAX_VALUE / 8, combinations * o.size());
        }
        List<List<Choice>> assignments = new ArrayList<>();
        if (combinations <= exhaustiveLimit) {
            assignments.add(new ArrayList<>());
            for (List<Choice> o : options) {
                List<List<Choice>> next = new ArrayList<>();
                for (List<Choice> prefix : assignments) {
                    for (Choice c : o) {
                        List<Choice> longer = new ArrayList<>(prefix);
                        longer.add(c);
                        next.add(longer);
                    }
                }
                assignments = next;
            }
        } else {
            int n = pending.size();
            assignments.add(fill(n, i -> Choice.KEEP));
            assignments.add(fill(n, i -> Choice.DROP));
            for (int k = 0; k <= n; k++) { // what an ordered file system leaves: a prefix, maybe torn at its end
                int kk = k;
                assignments.add(fill(n, i -> i < kk ? Choice.KEEP : Choice.DROP));
                if (k < n) {
                    List<Choice> torn = fill(n, i -> i < kk ? Choice.KEEP : Choice.DROP);
                    torn.set(k, last(options.get(k)));
                    assignments.add(torn);
                }
            }
            for (int k = 0; k < n; k++) { // one fault among kept writes
                for (Choice c : options.get(k)) {
                    if (c.kind() != Kind.KEEP) {
                        List<Choice> one = fill(n, i -> Choice.KEEP);
                        one.set(k, c);
                        assignments.add(one);
                    }
                }
            }
            for (int s = 0; s < samples; s++) {
                List<Choice> any = new ArrayList<>(n);
                for (List<Choice> o : options) {
                    any.add(o.get(random.nextInt(o.size())));
                }
                assignments.add(any);
            }
        }
        Map<String, CrashState> unique = new LinkedHashMap<>();
        for (List<Choice> assignment : assignments) {
            Map<Integer, Choice> choices = new LinkedHashMap<>();
            for (int i = 0; i < pending.size(); i++) {
                choices.put(pending.get(i), assignment.get(i));
            }
            CrashState state = build(cut, choices);
            unique.putIfAbsent(state.key(), state);
        }
        return List.copyOf(unique.values());
    }

    private static Choice last(List<Choice> options) {
        return options.get(options.size() - 1);
    }

    private static List<Choice> fill(int n, java.util.function.IntFunction<Choice> f) {
        List<Choice> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    /**
     * The files a power cut at {@code cut} leaves when each pending operation goes as
     * {@code choices} says (an operation not in the map is kept).
     */
    CrashState build(int cut, Map<Integer, Choice> choices) {
        Set<Integer> pending = new LinkedHashSet<>(pending(cut));
        Map<Integer, byte[]> inodes = new HashMap<>();
        Map<Path, Integer> names = new LinkedHashMap<>();
        Map<Integer, Choice> used = new LinkedHashMap<>();
        for (int i = 0; i < cut; i++) {
            Trace.Op op = ops.get(i);
            Choice choice = Choice.KEEP;
            if (pending.contains(i)) {
                choice = choices.getOrDefault(i, Choice.KEEP);
                used.put(i, choice);
            }
            if (op instanceof Trace.Create c) {
                inodes.put(c.inode(), new byte[0]);
                if (choice.kind() != Kind.DROP) {
                    names.put(c.path(), c.inode());
                }
            } else if (op instanceof Trace.Write w) {
                byte[] content = inodes.getOrDefault(w.inode(), new byte[0]);
                byte[] after;
                switch (choice.kind()) {
                    case KEEP -> after = write(content, w.position(), w.bytes());
                    case TEAR -> after = write(content, w.position(), Arrays.copyOf(w.bytes(), choice.length()));
                    case ZERO -> after = write(content, w.position(), new byte[w.bytes().length]);
                    default -> after = content;
                }
                inodes.put(w.inode(), after);
            } else if (op instanceof Trace.Truncate t) {
                byte[] content = inodes.getOrDefault(t.inode(), new byte[0]);
                if (choice.kind() != Kind.DROP && content.length > t.size()) {
                    inodes.put(t.inode(), Arrays.copyOf(content, (int) t.size()));
                }
            } else if (op instanceof Trace.Rename r) {
                if (choice.kind() != Kind.DROP && names.containsKey(r.from())) {
                    names.put(r.to(), names.remove(r.from()));
                }
            } else if (op instanceof Trace.Delete d) {
                if (choice.kind() != Kind.DROP) {
                    names.remove(d.path());
                }
            }
        }
        Map<Path, byte[]> files = new TreeMap<>();
        names.forEach((path, inode) -> files.put(root.relativize(path), inodes.get(inode)));
        return new CrashState(cut, used, files, key(cut, files));
    }

    private static byte[] write(byte[] content, long position, byte[] bytes) {
        int end = (int) position + bytes.length;
        byte[] out = Arrays.copyOf(content, Math.max(content.length, end));
        System.arraycopy(bytes, 0, out, (int) position, bytes.length);
        return out;
    }

    private static String key(int cut, Map<Path, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Integer.toString(cut).getBytes(StandardCharsets.UTF_8));
            files.forEach((path, bytes) -> {
                digest.update(path.toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a crash state as real files into an empty directory. The journal and session
     * directories are always there: they are made before anything the trace records.
     */
    static void materialize(CrashState state, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("journal"));
        Files.createDirectories(dir.resolve("sessions"));
        for (Map.Entry<Path, byte[]> file : state.files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }
}
