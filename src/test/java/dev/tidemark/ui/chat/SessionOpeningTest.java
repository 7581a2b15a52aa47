package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.ProviderCatalog;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.provider.demo.DemoProvider;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.settings.Appearance;
import dev.tidemark.ui.fx.FxExecutor;
import dev.tidemark.ui.fx.PulseExecutor;
import dev.tidemark.ui.fx.UpdateCoalescer;
import dev.tidemark.ui.theme.AppearanceViewModel;
import dev.tidemark.ui.theme.ThemeApplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening a chat reads it on the background executor, never on the FX thread: the conversation
 * is loading until the read is done, says so only when the read is slow, and a read that ends
 * after another chat was opened never replaces it. The background executor here runs its tasks
 * only when the test says, in the order the test chooses.
 */
@ExtendWith(ApplicationExtension.class)
class SessionOpeningTest {

    @TempDir
    Path dataDir;

    private Stage stage;
    private Workspace workspace;
    private ConversationViewModel model;
    private ChatService chat;
    private ConversationView view;
    private final HeldTasks background = new HeldTasks();

    /** Holds the tasks it is given until they are run, newest or oldest first. */
    private static final class HeldTasks implements Executor {
        private final ConcurrentLinkedDeque<Runnable> held = new ConcurrentLinkedDeque<>();

        @Override
        public void execute(Runnable task) {
            held.add(task);
        }

        void runNewest() {
            held.removeLast().run();
        }

        void runOldest() {
            held.removeFirst().run();
        }

        int size() {
            return held.size();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @BeforeEach
    void twoStoredChats(FxRobot robot) throws Exception {
        Instant at = Instant.now();
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            store.put(chat("first", "The first chat", at));
            store.put(chat("second", "The second chat", at));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        // opened again: neither chat is in the store's memory until it is read from its file
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        ProviderCatalog providers = new ProviderCatalog(new OkHttpClient(), Map.of(), Duration.ofMillis(1));
        robot.interact(() -> {
            FxExecutor fx = new FxExecutor();
            model = new ConversationViewModel(chat, providers, fx, background, new UpdateCoalescer(new PulseExecutor(fx)),
                    false);
            view = new ConversationView(model);
            Scene scene = new Scene(view, 800, 600);
            new ThemeApplier(AppearanceViewModel.inMemory(Appearance.DEFAULTS.withTheme(Appearance.Theme.LIGHT)))
                    .apply(scene);
            stage.setScene(scene);
            stage.show();
        });
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private static Session chat(String id, String title, Instant at) {
        return new Session(id, title, at, at, List.of(Message.user(id + "-q", "asked in the " + id + " chat", at)));
    }

    @Test
    void aChatIsShownOnceTheBackgroundHasReadIt(FxRobot robot) {
        robot.interact(() -> model.showSession("first"));

        assertThat(background.size()).isEqualTo(1);
        assertThat(model.stateProperty().get()).isEqualTo(ConversationViewModel.State.LOADING);
        assertThat(model.messages()).isEmpty();
        assertThat(robot.lookup("#" + ConversationView.COMPOSER_ID).queryAs(TextArea.class).isDisabled()).isTrue();

        background.runOldest();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(model.stateProperty().get()).isEqualTo(ConversationViewModel.State.IDLE);
        assertThat(model.shownIdProperty().get()).isEqualTo("first");
        assertThat(model.messages()).extracting(MessageItem::text).containsExactly("asked in the first chat");
    }

    @Test
    void openingTwoQuicklyEndsOnTheSecondWhicheverReadEndsLast(FxRobot robot) {
        robot.interact(() -> {
            model.showSession("first");
            model.showSession("second");
        });

        background.runNewest(); // the second chat is read first...
        WaitForAsyncUtils.waitForFxEvents();
        background.runOldest(); // ...and the first one's read, ending last, is dropped
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(model.sessionIdProperty().get()).isEqualTo("second");
        assertThat(model.shownIdProperty().get()).isEqualTo("second");
        assertThat(model.messages()).extracting(MessageItem::text).containsExactly("asked in the second chat");
    }

    @Test
    void aMessageIsRevealedOnlyOnceItsChatIsShownAndNeverInAnotherChat(FxRobot robot) {
        boolean[] revealed = new boolean[2];
        robot.interact(() -> {
            model.showSession("first");
            model.whenShown("first").thenRun(() -> revealed[0] = true);
            model.showSession("second");
            model.whenShown("second").thenRun(() -> revealed[1] = true);
        });
        assertThat(revealed).containsExactly(false, false);

        background.runOldest();
        background.runOldest();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(revealed).containsExactly(false, true);
    }

    @Test
    void aReplyThatEndsWhileItsChatIsReadIsShownWithIt(FxRobot robot) {
        chat.send("first", "one more question", new DemoProvider(Duration.ofMinutes(5)), DemoProvider.MODEL);
        robot.interact(() -> model.showSession("first"));
        robot.interact(() -> {
            // the chat is read on another thread while its reply streams (the store has the reply only
            // once it ends); showing it waits for the FX thread, busy here...
            Thread reader = new Thread(background::runOldest);
            reader.start();
            try {
                reader.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            chat.stop("first"); // ...where the reply ends before what was read is shown
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(model.shownIdProperty().get()).isEqualTo("first");
        assertThat(model.messages()).extracting(MessageItem::text).startsWith("asked in the first chat",
                "one more question").hasSize(3);
        assertThat(model.messages().get(2).status()).isEqualTo(dev.tidemark.model.MessageStatus.STOPPED);
    }

    @Test
    void onlyASlowReadSaysThatTheChatIsOpening(FxRobot robot) throws Exception {
        Label placeholder = (Label) view.list().getPlaceholder();
        String[] atFirst = new String[1];
        robot.interact(() -> {
            model.showSession("first");
            atFirst[0] = placeholder.getText();
        });
        assertThat(atFirst[0]).isEmpty();

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Opening this chat\u2026".equals(placeholder.getText()));

        background.runOldest();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.messages()).hasSize(1);
        assertThat(model.stateProperty().get()).isEqualTo(ConversationViewModel.State.IDLE);
    }
}
