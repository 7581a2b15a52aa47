package dev.tidemark.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation tree: versions stay, the active path follows the chosen version at each fork. */
class SessionTreeTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static Message user(String id, String text) {
        return Message.user(id, text, T);
    }

    private static Message reply(String id, String text) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T, "demo/demo", null);
    }

    private static Session linear() {
        return new Session("s", "t", T, T, List.of(user("u1", "q1"), reply("r1", "a1"), user("u2", "q2"),
                reply("r2", "a2")));
    }

    @Test
    void aLineOfMessagesIsAChainAndItsOwnActivePath() {
        Session s = linear();
        assertThat(s.messages()).extracting(Message::parentId).containsExactly(null, "u1", "r1", "u2");
        assertThat(s.messages()).isEqualTo(s.allMessages());
        assertThat(s.versions("r1")).isEqualTo(1);
        assertThat(s.version("r1")).isEqualTo(1);
        assertThat(s.choices()).isEmpty();
    }

    @Test
    void aNewReplyVersionStaysBesideTheOldOneAndBecomesTheActivePath() {
        Session s = linear().withChild("u2", reply("r2b", "a2 again"), T);
        assertThat(s.allMessages()).extracting(Message::id).containsExactly("u1", "r1", "u2", "r2", "r2b");
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1", "r1", "u2", "r2b");
        assertThat(s.version("r2")).isEqualTo(1);
        assertThat(s.version("r2b")).isEqualTo(2);
        assertThat(s.versions("r2")).isEqualTo(2);
    }

    @Test
    void anEditIsASiblingOfTheEditedMessageAndTheConversationContinuesFromIt() {
        Session s = linear().withChild("r1", user("u2b", "q2 edited"), T).withMessage(reply("r3", "a3"), T);
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1", "r1", "u2b", "r3");
        assertThat(s.children("r1")).extracting(Message::id).containsExactly("u2", "u2b");
        assertThat(s.message("r2")).isPresent();
        assertThat(s.pathTo("r2")).extracting(Message::id).containsExactly("u1", "r1", "u2", "r2");
    }

    @Test
    void switchingBackRemembersTheChoiceBelowTheFork() {
        Session s = linear().withChild("r1", user("u2b", "edited"), T).withMessage(reply("r3", "a3"), T);
        Session back = s.withActive("u2");
        assertThat(back.messages()).extracting(Message::id).containsExactly("u1", "r1", "u2", "r2");
        assertThat(back.choices()).isEqualTo(Map.of("r1", "u2"));
        assertThat(back.withActive("r3").choices()).isEmpty(); // the newest is the default: no entry
        assertThat(back.withActive("r3")).isEqualTo(s);
    }

    @Test
    void aNewFirstMessageIsAVersionOfTheFirst() {
        Session s = linear().withChild(null, user("u1b", "another start"), T);
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1b");
        assertThat(s.children(null)).extracting(Message::id).containsExactly("u1", "u1b");
        assertThat(s.versions("u1b")).isEqualTo(2);
        assertThat(s.withActive("r2").messages()).hasSize(4);
    }

    @Test
    void removingAMessageMovesItsChildrenUp() {
        Session s = linear().without(List.of("r1"), T);
        assertThat(s.messages()).extracting(Message::id).containsExactly("u1", "u2", "r2");
        assertThat(s.message("u2").orElseThrow().parentId()).isEqualTo("u1");
    }

    @Test
    void aTreeBuiltFromItsPartsEqualsTheOneBuiltByChanges() {
        Session s = linear().withChild("u2", reply("r2b", "b"), T).withActive("r2");
        Session copy = new Session(s.id(), s.title(), s.createdAt(), s.updatedAt(), s.allMessages(), s.choices(),
                s.settings(), s.pinned(), s.deletedAt());
        assertThat(copy).isEqualTo(s);
        assertThat(copy.messages()).extracting(Message::id).containsExactly("u1", "r1", "u2", "r2");
    }
}
