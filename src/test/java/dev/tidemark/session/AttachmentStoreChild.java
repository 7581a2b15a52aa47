package dev.tidemark.session;

import java.nio.file.Path;
import java.util.Random;

/**
 * The child of {@link AttachmentStoreKillTest}: stores big files of new content one after another,
 * for ever, printing {@code stored <n>} after each, until it is killed.
 */
public final class AttachmentStoreChild {

    private AttachmentStoreChild() {
    }

    public static void main(String[] args) throws Exception {
        AttachmentStore store = new AttachmentStore(Path.of(args[0]));
        Random random = new Random(Long.parseLong(args[1]));
        for (int n = 1; ; n++) {
            byte[] bytes = new byte[1024 * 1024 + random.nextInt(2 * 1024 * 1024)];
            random.nextBytes(bytes);
            System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, bytes, 0, 8);
            store.store(bytes, "big-" + n + ".png");
            System.out.println("stored " + n);
            System.out.flush();
        }
    }
}
