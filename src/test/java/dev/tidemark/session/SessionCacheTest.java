package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sessions in memory: unsaved ones are kept, read ones are dropped least recently used first. */
class SessionCacheTest {

    private final SessionCache cache = new SessionCache();

    private static Session session(String id) {
        return SessionStoreTest.session(id, id, 2);
    }

    @Test
    void dropsTheLeastRecentlyUsedBeyondItsSize() {
        for (int i = 0; i <= SessionCache.SIZE; i++) {
            cache.remember(session("s" + i));
            cache.get("s0"); // used again: stays
        }
        assertThat(cache.contains("s0")).isTrue();
        assertThat(cache.contains("s1")).isFalse();
        assertThat(cache.contains("s" + SessionCache.SIZE)).isTrue();
    }

    @Test
    void aKeptSessionStaysHoweverManyOthersAreReadUntilItsLastKeeperLetsGo() {
        cache.keep("open");
        cache.keep("open"); // the chat on screen, and a reply under way in it
        cache.remember(session("open"));
        for (int i = 0; i < 2 * SessionCache.SIZE; i++) {
            cache.remember(session("s" + i));
        }
        assertThat(cache.contains("open")).isTrue();

        cache.letGo("open");
        for (int i = 0; i < 2 * SessionCache.SIZE; i++) {
            cache.remember(session("t" + i));
        }
        assertThat(cache.contains("open")).as("one keeper left").isTrue();

        cache.letGo("open");
        for (int i = 0; i < 2 * SessionCache.SIZE; i++) {
            cache.remember(session("u" + i));
        }
        assertThat(cache.contains("open")).as("let go by all").isFalse();
    }

    @Test
    void keepsASessionAReplyStreamsInto() {
        Session streaming = session("live").withMessage(new Message("r", Role.ASSISTANT, "par",
                MessageStatus.STREAMING, SessionStoreTest.T0, "demo", null, "", List.of(), false, null),
                SessionStoreTest.T0);
        cache.remember(streaming);
        for (int i = 0; i < 2 * SessionCache.SIZE; i++) {
            cache.remember(session("s" + i));
        }
        assertThat(cache.get("live")).isSameAs(streaming);
        assertThat(cache.holding("r")).contains(streaming);
    }

    @Test
    void anUnsavedSessionStaysUntilItsLatestVersionIsSaved() {
        Session first = session("a");
        Session second = first.withPinned(true);
        cache.holdUnsaved(first);
        cache.holdUnsaved(second);
        cache.saved(first); // an older version's save: the newer one still waits
        assertThat(cache.unsaved("a")).isSameAs(second);
        cache.saved(second);
        assertThat(cache.unsaved("a")).isNull();
        assertThat(cache.get("a")).isSameAs(second);
        assertThat(cache.holding("a-m1")).contains(second);
        assertThat(cache.holding("nowhere")).isEmpty();
    }
}
