package dev.tidemark.ui;

import dev.tidemark.app.MainWindow;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import dev.tidemark.ui.chat.ConversationViewModel;
import dev.tidemark.ui.chat.MessageItem;
import dev.tidemark.ui.theme.ColorSchemeProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.untilFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chats written before the window opened are read from their files when first opened, off the FX
 * thread: the real window ends on the chat opened last, however the reads interleave.
 */
@ExtendWith(WindowExtension.class)
class SessionOpeningWindowTest {

    private WindowHarness harness;
    private MainWindow window;

    @BeforeEach
    void storedChats() throws Exception {
        Instant at = Instant.now();
        try (SessionStore store = SessionStore.open(harness.dataDir, true, p -> { })) {
            for (int i = 0; i < 5; i++) {
                store.put(chat("chat" + i, at.minusSeconds(i * 60L), 40 + i));
            }
            store.flush().get(10, TimeUnit.SECONDS);
        }
    }

    private static Session chat(String id, Instant at, int messages) {
        List<Message> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            list.add(Message.user(id + "-" + i, "message " + i + " of " + id, at.minusSeconds(messages - i)));
        }
        return new Session(id, "Chat " + id, at.minusSeconds(messages + 1), at, list);
    }

    @Test
    void openingSeveralChatsQuicklyEndsOnTheLastOne(FxRobot robot) throws Exception {
        window = harness.open(robot, ColorSchemeProbe.UNKNOWN);
        untilFx(() -> "chat0".equals(window.conversation().shownIdProperty().get()));

        robot.interact(() -> {
            for (String id : List.of("chat3", "chat1", "chat4", "chat2")) {
                window.sessions().selectedIdProperty().set(id);
            }
        });

        untilFx(() -> "chat2".equals(window.conversation().shownIdProperty().get()));
        assertThat(window.conversation().stateProperty().get()).isEqualTo(ConversationViewModel.State.IDLE);
        assertThat(window.conversation().messages()).hasSize(42)
                .extracting(MessageItem::text).allMatch(text -> text.endsWith(" of chat2"));
        assertThat(window.chatSettings().sessionIdProperty().get()).isEqualTo("chat2");
    }
}
