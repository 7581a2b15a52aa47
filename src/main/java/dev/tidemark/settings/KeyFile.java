package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.journal.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The fallback when no OS keychain is available: {@code <data dir>/api-keys.json}, readable and
 * writable by the user only (POSIX mode 0600 from the moment it is created; on Windows an ACL that
 * grants the owner alone). It is plain JSON, not encrypted: anyone who can read the user's files can
 * read it, which the UI and the command line say. Replaced atomically; one writer at a time (this
 * object's monitor).
 */
public final class KeyFile implements KeyStorage {

    public static final String FILE_NAME = "api-keys.json";
    static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Consumer<Problem> problems;

    public KeyFile(Path dataDir, Consumer<Problem> problems) {
        this.file = dataDir.resolve(FILE_NAME);
        this.problems = problems;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> read(String providerId) throws IOException {
        return Optional.ofNullable(readAll().get(providerId));
    }

    @Override
    public synchronized void write(String providerId, String key) throws IOException {
        Map<String, String> keys = readAll();
        keys.put(providerId, key);
        writeAll(keys);
    }

    @Override
    public synchronized void delete(String providerId) throws IOException {
        Map<String, String> keys = readAll();
        if (keys.remove(providerId) != null) {
            writeAll(keys);
        }
    }

    @Override
    public String describe() {
        return file + " (no system keychain is available; the file is readable only by you"
                + (posix() ? "" : " if Windows applied its access list") + ", and not encrypted)";
    }

    @Override
    public boolean isKeychain() {
        return false;
    }

    private Map<String, String> readAll() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        if (!Files.exists(file)) {
            return keys;
        }
        tightenIfOpen();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            // Jackson's message may quote the file's text, i.e. a key: say only where it broke
            throw new IOException("Could not read the key file " + file + " (it is not valid JSON).");
        }
        JsonNode list = root == null ? null : root.path("keys");
        if (list != null && list.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = list.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getValue().isTextual()) {
                    keys.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        return keys;
    }

    /** A file someone made readable by others (a copy, a restore) is closed again, and the user told. */
    private void tightenIfOpen() throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!now.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            problems.accept(new Problem.Note(Area.KEYS, "The key file " + file + " was readable by others ("
                    + PosixFilePermissions.toString(now) + "); Tidemark made it readable only by you."));
        }
    }

    private void writeAll(Map<String, String> keys) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode list = root.putObject("keys");
        keys.forEach(list::put);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFiles.createDirectory(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        // created with owner-only permissions, so the keys are never readable by others, not even for a moment
        try (FileChannel out = posix()
                ? FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (!posix()) {
                restrictToOwner(temp);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        if (posix()) {
            // the umask may have taken bits away, never added: set exactly 0600
            Files.setPosixFilePermissions(temp, OWNER_ONLY);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFiles.forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Windows: an access list with one entry, the owner's, instead of the inherited ones. */
    private void restrictToOwner(Path path) {
        try {
            AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
            if (acl == null) {
                problems.accept(new Problem.Note(Area.KEYS, "This file system cannot restrict " + file
                        + " to you; keep the data directory private."));
                return;
            }
            UserPrincipal owner = Files.getOwner(path);
            acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
        } catch (IOException | UnsupportedOperationException e) {
            problems.accept(new Problem.Note(Area.KEYS, "Could not restrict " + file + " to you (" + e.getMessage()
                    + "); keep the data directory private."));
        }
    }

    private boolean posix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
