package dev.tidemark.ui.shell;

import javafx.beans.value.ObservableBooleanValue;

import java.util.Optional;

/**
 * What the window's menus, tool bar and shortcuts ask of the conversation on screen. The app
 * adapts the conversation view model to it, so the shell knows nothing of message cells.
 */
public interface ConversationCommands {

    /** Stops the reply that is streaming; what arrived stays. */
    void stop();

    ObservableBooleanValue canStop();

    /** Asks for the last reply again. */
    void regenerate();

    ObservableBooleanValue canRegenerate();

    /** The text of the newest reply with text, if any. */
    Optional<String> lastReplyText();

    ObservableBooleanValue hasReply();

    /** The text of the message the user selected in the conversation, if any. */
    Optional<String> selectedMessageText();

    /** Gives the composer the keyboard focus once the chat on screen can take a message. */
    void focusComposer();
}
