package dev.tidemark.ui.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.ui.theme.Icons;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One tool call of a reply, as a card after the reply's text: which server's tool, where the call
 * stands (a chip), its arguments as pretty JSON (folding), and what can be done now — Allow once,
 * Always allow this tool or Deny while it waits; a progress bar and Cancel while it runs; its
 * result (folded when long; an error as such; images as thumbnails) once done; Retry or Tell the
 * model it failed when it was interrupted. A call the tool loop did not run (no state) is shown as
 * it always was: its name and arguments. Every button hands the work to the tool loop and returns
 * at once. FX thread.
 */
final class ToolCallCard extends VBox {

    /** A result longer than this many lines (or {@link #LONG_CHARS} characters) is folded at first. */
    static final int LONG_LINES = 8;
    static final int LONG_CHARS = 600;
    static final String ARGUMENTS = "arguments";
    static final String RESULT = "result";

    static final PseudoClass WAITING = ChatStyles.TOOL_WAITING;
    static final PseudoClass ERROR = ChatStyles.TOOL_ERROR;
    static final PseudoClass INTERRUPTED = ChatStyles.TOOL_INTERRUPTED;

    private final ConversationTools tools;
    private final Supplier<AttachmentStrip> strips;

    private final Label title = new Label();
    private final Label chip = new Label();
    private final HBox header;
    private final Button argumentsToggle = toggle();
    private final Label arguments = monospace(ChatStyles.TOOL_ARGUMENTS);
    private final Label rawName = new Label();
    private final Label rawArguments = monospace(ChatStyles.TOOL_ARGUMENTS);
    private final Button allowOnce = button("Allow once", ChatStyles.TOOL_ALLOW_ONCE, "Run this call, and ask again next time");
    private final Button alwaysAllow = button("Always allow this tool", ChatStyles.TOOL_ALWAYS_ALLOW,
            "Run this call, and from now on run this tool without asking");
    private final Button deny = button("Deny", ChatStyles.TOOL_DENY, "Do not run it; the model is told you said no");
    private final HBox approval = row(allowOnce, alwaysAllow, deny);
    private final ProgressBar bar = new ProgressBar();
    private final Label progressWords = new Label();
    private final Button cancel = button("Cancel", ChatStyles.TOOL_CANCEL, "Stop this tool; it may have partly run");
    private final HBox running;
    private final Label interruptedNote = new Label("Tidemark stopped while this tool was running, so it may have run,"
            + " in part or in full. It is not run again unless you ask.");
    private final Button retry = button("Retry", ChatStyles.TOOL_RETRY, "Run this call again");
    private final Button tellFailed = button("Tell the model it failed", ChatStyles.TOOL_TELL_FAILED,
            "Do not run it again; the model is told it was interrupted and may have run");
    private final HBox interrupted = row(retry, tellFailed);
    private final Button resultToggle = toggle();
    private final Label resultText = monospace(ChatStyles.TOOL_RESULT_TEXT);
    private AttachmentStrip images; // made when a result first has images

    private MessageItem reply;
    private ToolCall call;
    private String prettyFor; // the arguments text the pretty form was made of
    private String pretty = "";

    ToolCallCard(ConversationTools tools, Supplier<AttachmentStrip> strips, MessageCell.Tooltips tips) {
        this.tools = tools;
        this.strips = strips;
        for (Button b : List.of(allowOnce, alwaysAllow, deny, cancel, retry, tellFailed)) {
            b.setTooltip(tips.of(b.getAccessibleHelp())); // one tooltip per text for all rows (a tooltip is a window)
        }
        getStyleClass().add(ChatStyles.TOOL_CARD);
        setSpacing(4);
        Node icon = Icons.of(Feather.TOOL);
        icon.getStyleClass().add(ChatStyles.TOOL_ICON);
        title.getStyleClass().add(ChatStyles.TOOL_NAME);
        chip.getStyleClass().addAll(ChatStyles.STATUS_BADGE, ChatStyles.TOOL_STATE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        header = new HBox(6, icon, title, spacer, chip);
        header.setAlignment(Pos.CENTER_LEFT);
        rawName.getStyleClass().add(ChatStyles.TOOL_NAME);
        allowOnce.getStyleClass().add(ChatStyles.TOOL_PRIMARY);
        allowOnce.setOnAction(e -> tools.decide(reply, call, ToolPolicy.Decision.ALLOW_ONCE));
        alwaysAllow.setOnAction(e -> tools.decide(reply, call, ToolPolicy.Decision.ALWAYS_ALLOW));
        deny.setOnAction(e -> tools.decide(reply, call, ToolPolicy.Decision.DENY));
        cancel.setOnAction(e -> tools.cancel(reply, call));
        retry.getStyleClass().add(ChatStyles.TOOL_PRIMARY);
        retry.setOnAction(e -> tools.retry(reply, call));
        tellFailed.setOnAction(e -> tools.tellFailed(reply, call));
        bar.getStyleClass().add(ChatStyles.TOOL_PROGRESS);
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.SOMETIMES);
        progressWords.getStyleClass().add(ChatStyles.MESSAGE_DETAIL);
        running = row(bar, progressWords, cancel);
        interruptedNote.getStyleClass().add(ChatStyles.TOOL_NOTE);
        interruptedNote.setWrapText(true);
        interruptedNote.setMinHeight(Region.USE_PREF_SIZE);
        argumentsToggle.setOnAction(e -> flip(ARGUMENTS));
        resultToggle.setOnAction(e -> flip(RESULT));
    }

    /** Shows this call of this reply as it stands now. */
    void show(MessageItem newReply, ToolCall newCall) {
        this.reply = newReply;
        this.call = newCall;
        ToolCallState state = newCall.state();
        // the conversation went on past this reply (a message sent after it): its waiting or interrupted
        // calls are history now — the model was told they did not run — and offer nothing to do
        boolean passed = newReply.passedProperty().get();
        pseudoClassStateChanged(WAITING, state == ToolCallState.REQUESTED && !passed);
        pseudoClassStateChanged(ERROR, state == ToolCallState.ERROR);
        pseudoClassStateChanged(INTERRUPTED, state == ToolCallState.INTERRUPTED);
        if (state == null) {
            showUnrun(newCall);
            return;
        }
        MessageHeading.styleOne(this, ChatStyles.TOOL_CARD, ChatStyles.TOOL_CARD, ChatStyles.TOOL_CALL);
        title.setText(newCall.server() == null ? newCall.ownName() : newCall.server() + " · " + newCall.ownName());
        chip.setText(passed && state == ToolCallState.REQUESTED ? NOT_RUN : chipText(state));
        MessageHeading.styleOne(chip, stateClass(state), ChatStyles.TOOL_STATE_REQUESTED, ChatStyles.TOOL_STATE_RUNNING,
                ChatStyles.TOOL_STATE_DONE, ChatStyles.TOOL_STATE_ERROR, ChatStyles.TOOL_STATE_DENIED,
                ChatStyles.TOOL_STATE_INTERRUPTED);
        List<Node> shown = new ArrayList<>(8);
        shown.add(header);
        boolean argumentsOpen = open(ARGUMENTS, state == ToolCallState.REQUESTED || state == ToolCallState.INTERRUPTED);
        argumentsToggle.setText((argumentsOpen ? "\u25BE " : "\u25B8 ") + "Arguments");
        argumentsToggle.setAccessibleText(argumentsOpen ? "Hide the arguments" : "Show the arguments");
        shown.add(argumentsToggle);
        if (argumentsOpen) {
            arguments.setText(pretty(newCall.arguments()));
            shown.add(arguments);
        }
        switch (state) {
            case REQUESTED -> {
                if (!passed) {
                    shown.add(approval);
                }
            }
            case RUNNING -> {
                ToolCallProgress progress = newReply.toolProgress(newCall.id());
                bar.setProgress(progress == null ? ProgressBar.INDETERMINATE_PROGRESS : progress.fraction());
                progressWords.setText(progress == null ? "Running…" : progress.words());
                shown.add(running);
            }
            case INTERRUPTED -> {
                shown.add(interruptedNote);
                if (!passed) {
                    shown.add(interrupted);
                }
            }
            case DONE, ERROR -> showResult(newCall.result(), state == ToolCallState.ERROR, shown);
            case DENIED -> {
                // the chip says it; the model was told so
            }
        }
        getChildren().setAll(shown);
    }

    /** A call the tool loop did not run: its name and its arguments as the model wrote them, as always. */
    private void showUnrun(ToolCall unrun) {
        MessageHeading.styleOne(this, ChatStyles.TOOL_CALL, ChatStyles.TOOL_CARD, ChatStyles.TOOL_CALL);
        rawName.setText(unrun.name());
        rawArguments.setText(unrun.arguments().isEmpty() ? "{}" : unrun.arguments());
        getChildren().setAll(rawName, rawArguments);
    }

    private void showResult(ToolResult result, boolean error, List<Node> shown) {
        if (result == null) {
            return;
        }
        String text = result.text().strip();
        long lines = text.isEmpty() ? 0 : text.lines().count();
        boolean long_ = lines > LONG_LINES || text.length() > LONG_CHARS;
        boolean resultOpen = open(RESULT, !long_);
        String what = error ? "Error" : "Result";
        String size = lines > 1 ? " · " + lines + " lines" : "";
        resultToggle.setText((resultOpen ? "\u25BE " : "\u25B8 ") + what + (resultOpen ? "" : size));
        resultToggle.setAccessibleText(resultOpen ? "Hide the " + what.toLowerCase() : "Show the " + what.toLowerCase());
        MessageHeading.styleOne(resultText, error ? ChatStyles.TOOL_RESULT_ERROR : null, ChatStyles.TOOL_RESULT_ERROR);
        if (!text.isEmpty() || !result.images().isEmpty()) {
            shown.add(resultToggle);
        }
        if (resultOpen && !text.isEmpty()) {
            resultText.setText(text);
            shown.add(resultText);
        }
        if (resultOpen && !result.images().isEmpty()) {
            if (images == null) {
                images = strips.get();
            }
            images.show(result, result.images());
            shown.add(images);
        }
    }

    private boolean open(String part, boolean byDefault) {
        Boolean chosen = reply.toolOpen(call.id(), part);
        return chosen != null ? chosen : byDefault;
    }

    private void flip(String part) {
        if (reply == null || call == null) {
            return;
        }
        boolean wasOpen = open(part, part.equals(ARGUMENTS)
                ? call.state() == ToolCallState.REQUESTED || call.state() == ToolCallState.INTERRUPTED
                : !isLong(call.result()));
        reply.setToolOpen(call.id(), part, !wasOpen);
        show(reply, call);
    }

    private static boolean isLong(ToolResult result) {
        if (result == null) {
            return false;
        }
        String text = result.text().strip();
        return text.length() > LONG_CHARS || text.lines().count() > LONG_LINES;
    }

    /** The chip of a call that waited for approval when a message was sent past it. */
    static final String NOT_RUN = "Not run";

    /** The words on the state chip. */
    static String chipText(ToolCallState state) {
        return switch (state) {
            case REQUESTED -> "Waiting for you";
            case RUNNING -> "Running";
            case DONE -> "Done";
            case ERROR -> "Error";
            case DENIED -> "Denied";
            case INTERRUPTED -> "Interrupted — it may have run";
        };
    }

    private static String stateClass(ToolCallState state) {
        return switch (state) {
            case REQUESTED -> ChatStyles.TOOL_STATE_REQUESTED;
            case RUNNING -> ChatStyles.TOOL_STATE_RUNNING;
            case DONE -> ChatStyles.TOOL_STATE_DONE;
            case ERROR -> ChatStyles.TOOL_STATE_ERROR;
            case DENIED -> ChatStyles.TOOL_STATE_DENIED;
            case INTERRUPTED -> ChatStyles.TOOL_STATE_INTERRUPTED;
        };
    }

    /** The arguments as indented JSON; as the model wrote them when they are not JSON (a reply that was cut). */
    private String pretty(String json) {
        if (!json.equals(prettyFor)) {
            prettyFor = json;
            pretty = prettyJson(json);
        }
        return pretty;
    }

    static String prettyJson(String json) {
        if (json.isBlank()) {
            return "{}";
        }
        try {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            JsonNode tree = mapper.readTree(json);
            return tree == null ? json : mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static Button toggle() {
        Button toggle = new Button();
        toggle.getStyleClass().add(ChatStyles.TOOL_TOGGLE);
        return toggle;
    }

    private static Label monospace(String styleClass) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private static Button button(String text, String styleClass, String tip) {
        Button button = new Button(text);
        button.getStyleClass().addAll(ChatStyles.TOOL_BUTTON, styleClass);
        button.setAccessibleHelp(tip);
        return button;
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(6, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add(ChatStyles.TOOL_ACTIONS);
        return row;
    }
}
