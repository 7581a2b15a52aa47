package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.ui.markdown.MarkdownView;
import dev.tidemark.ui.theme.Styles;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows one message: who wrote it, its reasoning and tool calls, its text, a badge when it is not
 * a complete reply, a footer with model, tokens and timings, and the actions that fit it.
 */
final class MessageCell extends ListCell<MessageItem> {

    private final ConversationViewModel model;
    private final Consumer<String> copier;
    private final Label role = new Label();
    private final Label modelLabel = new Label();
    private final RecoveredBadge recovered = new RecoveredBadge();
    private final Label status = new Label();
    private final Label reasoning = new Label();
    private final Label tools = new Label();
    private final Label text = new Label();
    private final MarkdownView markdown;
    private final javafx.scene.layout.StackPane body = new javafx.scene.layout.StackPane();
    private final Label detail = new Label();
    private final Label footer = new Label();
    private final Button copy = action("Copy", Styles.ACTION_COPY, "Copy this message");
    private final Button edit = action("Edit", Styles.ACTION_EDIT, "Change this message and send it again");
    private final Button regenerate = action("Regenerate", Styles.ACTION_REGENERATE, "Ask for a new answer instead");
    private final Button continueReply = action("Continue", Styles.ACTION_CONTINUE,
            "Ask the model to go on from where this reply stopped");
    private final Button retry = action("Retry", Styles.ACTION_RETRY, "Try again");
    private final Button delete = action("Delete", Styles.ACTION_DELETE, "Delete this message");
    private final HBox actions = new HBox(4, copy, edit, continueReply, retry, regenerate, delete);
    private final VBox card;
    private final ChangeListener<Object> refresh = (obs, old, now) -> showStatus(getItem());

    MessageCell(ListView<MessageItem> list, ConversationViewModel model, Consumer<String> copier,
                Consumer<String> linkOpener) {
        this.model = model;
        this.copier = copier;
        this.markdown = new MarkdownView(linkOpener);
        markdown.getStyleClass().add(Styles.MESSAGE_MARKDOWN);
        body.setAlignment(Pos.TOP_LEFT);
        role.getStyleClass().add(Styles.MESSAGE_ROLE);
        modelLabel.getStyleClass().add(Styles.MESSAGE_MODEL);
        status.getStyleClass().add(Styles.STATUS_BADGE);
        wrapping(reasoning, Styles.MESSAGE_REASONING);
        wrapping(tools, Styles.MESSAGE_TOOLS);
        wrapping(text, Styles.MESSAGE_TEXT);
        wrapping(detail, Styles.MESSAGE_DETAIL);
        footer.getStyleClass().add(Styles.MESSAGE_FOOTER);
        actions.getStyleClass().add(Styles.MESSAGE_ACTIONS);
        actions.setAlignment(Pos.CENTER_LEFT);

        copy.setOnAction(e -> copier.accept(getItem().text()));
        edit.setOnAction(e -> model.startEdit(getItem()));
        regenerate.setOnAction(e -> model.regenerate(getItem()));
        retry.setOnAction(e -> model.regenerate(getItem()));
        continueReply.setOnAction(e -> model.continueReply(getItem()));
        delete.setOnAction(e -> model.delete(getItem()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, role, modelLabel, spacer, recovered, status);
        header.setAlignment(Pos.CENTER_LEFT);
        Region footerSpacer = new Region();
        HBox.setHgrow(footerSpacer, Priority.ALWAYS);
        HBox bottom = new HBox(8, footer, footerSpacer, actions);
        bottom.setAlignment(Pos.CENTER_LEFT);
        card = new VBox(header, reasoning, tools, body, detail, bottom);
        card.getStyleClass().add(Styles.MESSAGE);
        // wrap to the list's width (minus padding and the scroll bar)
        card.maxWidthProperty().bind(list.widthProperty().subtract(48));
        card.prefWidthProperty().bind(list.widthProperty().subtract(48));
        setPrefWidth(0);
        setGraphic(null);
    }

    private static Button action(String label, String styleClass, String tip) {
        Button button = new Button(label);
        button.getStyleClass().addAll(Styles.MESSAGE_ACTION, styleClass);
        button.setTooltip(new Tooltip(tip));
        button.setFocusTraversable(false);
        return button;
    }

    private static void wrapping(Label label, String styleClass) {
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
    }

    @Override
    protected void updateItem(MessageItem item, boolean empty) {
        MessageItem previous = getItem();
        if (previous != null) {
            previous.statusProperty().removeListener(refresh);
            previous.detailProperty().removeListener(refresh);
            previous.reasoningProperty().removeListener(refresh);
            previous.toolCallsProperty().removeListener(refresh);
            previous.statsProperty().removeListener(refresh);
        }
        super.updateItem(item, empty);
        text.textProperty().unbind();
        markdown.markdownProperty().unbind();
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        boolean user = item.role() == Role.USER;
        card.getStyleClass().removeAll(Styles.MESSAGE_USER, Styles.MESSAGE_ASSISTANT);
        card.getStyleClass().add(user ? Styles.MESSAGE_USER : Styles.MESSAGE_ASSISTANT);
        role.setText(user ? "You" : "Assistant");
        modelLabel.setText(user || item.model() == null ? "" : item.model());
        // replies are markdown, rendered as they stream; what the user typed is shown as typed
        if (user) {
            text.textProperty().bind(item.textProperty());
            body.getChildren().setAll(text);
        } else {
            markdown.markdownProperty().bind(item.textProperty());
            body.getChildren().setAll(markdown);
        }
        item.statusProperty().addListener(refresh);
        item.detailProperty().addListener(refresh);
        item.reasoningProperty().addListener(refresh);
        item.toolCallsProperty().addListener(refresh);
        item.statsProperty().addListener(refresh);
        showStatus(item);
        setGraphic(card);
    }

    private void showStatus(MessageItem item) {
        if (item == null) {
            return;
        }
        MessageStatus s = item.status();
        boolean user = item.role() == Role.USER;
        boolean isRecovered = s == MessageStatus.RECOVERED;
        show(recovered, isRecovered);
        if (isRecovered) {
            recovered.setExplanation(item.detail());
        }
        status.getStyleClass().removeAll(Styles.STATUS_STOPPED, Styles.STATUS_ERROR, Styles.STATUS_STREAMING);
        String label = switch (s) {
            case STOPPED -> "Stopped";
            case ERROR -> "Error";
            case STREAMING -> "Streaming…";
            default -> null;
        };
        status.setText(label);
        show(status, label != null);
        if (label != null) {
            status.getStyleClass().add(switch (s) {
                case STOPPED -> Styles.STATUS_STOPPED;
                case ERROR -> Styles.STATUS_ERROR;
                default -> Styles.STATUS_STREAMING;
            });
        }
        String thinking = item.reasoning();
        reasoning.setText(thinking.isEmpty() ? "" : "Reasoning: " + thinking);
        show(reasoning, !thinking.isEmpty());
        StringBuilder calls = new StringBuilder();
        for (var call : item.toolCalls()) {
            calls.append(calls.length() == 0 ? "" : "\n").append("Tool call: ").append(call.name()).append(' ')
                    .append(call.arguments().isEmpty() ? "{}" : call.arguments());
        }
        tools.setText(calls.toString());
        show(tools, calls.length() > 0);
        boolean showDetail = (s == MessageStatus.ERROR || s == MessageStatus.STREAMING) && item.detail() != null;
        detail.setText(showDetail ? item.detail() : "");
        show(detail, showDetail);
        footer.setText(user ? "" : footerText(item));

        boolean streaming = s == MessageStatus.STREAMING;
        boolean unfinished = s == MessageStatus.RECOVERED || s == MessageStatus.STOPPED;
        show(copy, !streaming);
        show(edit, user);
        show(continueReply, !user && unfinished);
        show(retry, !user && s == MessageStatus.ERROR);
        show(regenerate, !user && !streaming && s != MessageStatus.ERROR);
        show(delete, !streaming);
    }

    /** "openai/gpt-4o · 1,234 tokens · first piece 0.8 s · 12.3 s" — what is known of it. */
    static String footerText(MessageItem item) {
        ReplyStats stats = item.stats();
        NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.getDefault());
        StringBuilder b = new StringBuilder();
        if (stats.outputTokens() != null) {
            b.append(numbers.format(stats.outputTokens())).append(" tokens");
        }
        if (stats.firstPieceMillis() != null) {
            b.append(b.length() > 0 ? " · " : "").append("first piece ").append(seconds(stats.firstPieceMillis()));
        }
        if (stats.totalMillis() != null) {
            b.append(b.length() > 0 ? " · " : "").append(seconds(stats.totalMillis()));
        }
        return b.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void show(javafx.scene.Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }
}
