package dev.tidemark.ui.chat;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.ui.fx.Children;
import dev.tidemark.ui.markdown.MarkdownView;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows one message, or one part of a long one: the first part has who wrote it, its badges and its
 * reasoning (a card that folds away once the answer starts); the last part has its tool calls
 * after the text (a {@link ToolCallCard} each), the error, a footer with tokens and timings, and
 * the actions that fit it. Parts of one message are drawn as one card.
 */
final class MessageCell extends ListCell<MessagePart> implements ConversationListSkin.Row {

    /**
     * The action buttons' tooltips, by text, shared by all rows of one conversation list (which
     * makes one and hands it to each cell it makes). FX thread only.
     */
    static final class Tooltips {
        private final Map<String, Tooltip> byText = new HashMap<>();

        Tooltip of(String text) {
            return byText.computeIfAbsent(text, Tooltip::new);
        }
    }

    private final ConversationViewModel model;
    private final Consumer<String> copier;
    private final ObservableDoubleValue cardWidth;
    private final Consumer<String> linkOpener;
    private final Tooltips tips;
    /** The columns of a compared turn, made when this cell first shows one; null until then. */
    private ComparedTurnView turnView;
    private final ToolCallList tools;
    private final MessageHeading heading;
    private final Label text = new Label();
    private final MarkdownView markdown;
    private final javafx.scene.layout.StackPane body = new javafx.scene.layout.StackPane();
    private final Label detail = new Label();
    private final Label footer = new Label();
    private final Button copy;
    private final Button edit;
    private final Button regenerate;
    private final Button continueReply;
    private final Button retry;
    private final Button delete;
    private final Button branch;
    private final VersionSwitcher versions;
    private final HBox actions;
    private final javafx.scene.layout.Pane bottom;
    private final VBox card;
    private final ChangeListener<Object> refresh = (obs, old, now) -> showStatus(getItem());
    private AttachmentStrip attachments; // made when this cell first shows a message with files
    private long shownCuts = -1; // the item's cuts version when this cell last took its text
    private final ChangeListener<Object> partText = (obs, old, now) -> {
        MessagePart part = getItem();
        // a part before the last keeps its text while the reply grows: nothing to do until it is cut anew
        if (part != null && (part.isLast() || part.item().cutsVersion() != shownCuts)) {
            showText(part);
        }
    };
    private final ChangeListener<Object> selection = (obs, old, now) -> showSelected();

    MessageCell(ListView<MessagePart> list, ConversationViewModel model, Consumer<String> copier,
                Consumer<String> linkOpener, Tooltips tips) {
        // wrap to the list's width (minus padding and the scroll bar)
        this(list.widthProperty().subtract(48), false, model, copier, linkOpener, tips);
    }

    /**
     * A cell whose card is {@code cardWidth} wide: a row of the list, or ({@code inColumn}) a part of
     * a reply in a compared turn's column, where the column names the model above the card and the
     * footer and the actions take a line each.
     */
    MessageCell(ObservableDoubleValue cardWidth, boolean inColumn, ConversationViewModel model, Consumer<String> copier,
                Consumer<String> linkOpener, Tooltips tips) {
        this.model = model;
        this.copier = copier;
        this.cardWidth = cardWidth;
        this.linkOpener = linkOpener;
        this.tips = tips;
        copy = action(tips, "Copy", ChatStyles.ACTION_COPY, "Copy this message");
        edit = action(tips, "Edit", ChatStyles.ACTION_EDIT, "Change this message and send it again");
        regenerate = action(tips, "Regenerate", ChatStyles.ACTION_REGENERATE, "Ask for a new answer instead");
        continueReply = action(tips, "Continue", ChatStyles.ACTION_CONTINUE,
                "Ask the model to go on from where this reply stopped");
        retry = action(tips, "Retry", ChatStyles.ACTION_RETRY, "Try again");
        delete = action(tips, "Delete", ChatStyles.ACTION_DELETE,
                "Delete this message and the versions below it (with Undo)");
        branch = action(tips, "Branch", ChatStyles.ACTION_BRANCH,
                "Branch from here: a new chat with the conversation up to this message");
        actions = new HBox(4, copy, edit, continueReply, retry, regenerate, branch, delete);
        versions = new VersionSwitcher(step -> model.switchVersion(item(), step));
        this.markdown = new MarkdownView(linkOpener);
        markdown.getStyleClass().add(ChatStyles.MESSAGE_MARKDOWN);
        body.setAlignment(Pos.TOP_LEFT);
        heading = new MessageHeading(inColumn, this::item, () -> showStatus(getItem()));
        tools = new ToolCallList(model.tools(), () -> new AttachmentStrip(model.attachmentLoader(), linkOpener,
                model::tell), tips);
        wrapping(text, ChatStyles.MESSAGE_TEXT);
        wrapping(detail, ChatStyles.MESSAGE_DETAIL);
        footer.getStyleClass().add(ChatStyles.MESSAGE_FOOTER);
        actions.getStyleClass().add(ChatStyles.MESSAGE_ACTIONS);
        actions.setAlignment(Pos.CENTER_LEFT);

        copy.setOnAction(e -> copier.accept(item().text()));
        edit.setOnAction(e -> model.startEdit(item()));
        regenerate.setOnAction(e -> model.regenerate(item()));
        retry.setOnAction(e -> model.regenerate(item()));
        continueReply.setOnAction(e -> model.continueReply(item()));
        delete.setOnAction(e -> model.actions().delete(item()));
        branch.setOnAction(e -> model.actions().branchFrom(item()));
        model.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selection));

        Region footerSpacer = new Region();
        HBox.setHgrow(footerSpacer, Priority.ALWAYS);
        if (inColumn) {
            HBox stats = new HBox(8, versions, footer);
            stats.setAlignment(Pos.CENTER_LEFT);
            bottom = new VBox(4, stats, actions);
        } else {
            bottom = new HBox(8, versions, footer, footerSpacer, actions);
            ((HBox) bottom).setAlignment(Pos.CENTER_LEFT);
        }
        card = new VBox(heading.header(), heading.reasoningCard(), body, tools, detail, bottom);
        card.getStyleClass().add(ChatStyles.MESSAGE);
        card.maxWidthProperty().bind(cardWidth);
        card.prefWidthProperty().bind(cardWidth);
        setPrefWidth(0);
        setGraphic(null);
        // An unused row (the list keeps some, hidden, for reuse) lets go of its card, so that the
        // pulse does not walk its nodes; attach() puts it back before the row is placed again.
        visibleProperty().addListener((obs, was, now) -> {
            if (!now) {
                setGraphic(null);
            }
        });
    }

    @Override
    public boolean attach() {
        if (getGraphic() == null && !isEmpty() && getItem() != null) {
            setGraphic(getItem().item().isComparedTurn() ? turnView : card);
            return true;
        }
        return false;
    }

    private static Button action(Tooltips tips, String label, String styleClass, String tip) {
        Button button = new Button(label);
        button.getStyleClass().addAll(ChatStyles.MESSAGE_ACTION, styleClass);
        // one tooltip per action for all rows: a tooltip is a window of its own (with its scene),
        // and six of them per row made a new row cost a few milliseconds in the middle of a stream
        button.setTooltip(tips.of(tip));
        button.setFocusTraversable(false);
        return button;
    }

    private static void wrapping(Label label, String styleClass) {
        label.getStyleClass().add(styleClass);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
    }

    private MessageItem item() {
        MessagePart part = getItem();
        return part == null ? null : part.item();
    }

    @Override
    protected void updateItem(MessagePart part, boolean empty) {
        MessagePart previous = getItem();
        if (previous != null) {
            watched(previous.item()).forEach(p -> p.removeListener(refresh));
            previous.item().textProperty().removeListener(partText);
        }
        super.updateItem(part, empty);
        boolean comparedTurn = !empty && part != null && part.item().isComparedTurn();
        if (turnView != null || comparedTurn) {
            turnView().show(comparedTurn ? part.item() : null);
        }
        if (empty || part == null) {
            setGraphic(null);
            return;
        }
        if (comparedTurn) {
            setGraphic(turnView);
            return;
        }
        MessageItem item = part.item();
        boolean user = item.role() == Role.USER;
        // a change of style class restyles the whole card: only when the role changes
        styleOne(card, user ? ChatStyles.MESSAGE_USER : ChatStyles.MESSAGE_ASSISTANT,
                ChatStyles.MESSAGE_USER, ChatStyles.MESSAGE_ASSISTANT);
        heading.showAuthor(item, user);
        // replies are markdown, rendered as they stream; what the user typed is shown as typed
        Children.keepOnly(body.getChildren(), List.of(user ? text : markdown));
        showText(part);
        if (!item.attachments().isEmpty() && part.isFirst()) {
            attachments().show(item, item.attachments());
        }
        watched(item).forEach(p -> p.addListener(refresh));
        item.textProperty().addListener(partText);
        showStatus(part);
        showSelected();
        setGraphic(card);
    }

    private AttachmentStrip attachments() {
        if (attachments == null) {
            attachments = new AttachmentStrip(model.attachmentLoader(), linkOpener, model::tell);
        }
        return attachments;
    }

    /** The columns of a compared turn, each cell in them as wide as its column. */
    private ComparedTurnView turnView() {
        if (turnView == null) {
            turnView = new ComparedTurnView(model, cardWidth, column -> new MessageCell(
                    column.widthProperty().subtract(2), true, model, copier, linkOpener, tips));
        }
        return turnView;
    }

    /** What the cell's badges, cards, footer and actions show. */
    private static List<javafx.beans.value.ObservableValue<?>> watched(MessageItem item) {
        return List.of(item.statusProperty(), item.detailProperty(), item.reasoningProperty(),
                item.toolCallsProperty(), item.toolProgressProperty(), item.statsProperty(), item.partCountProperty(), item.versionProperty(),
                item.versionsProperty(), item.toolsToContinueProperty(), item.passedProperty(),
                item.reattachingProperty(), item.recoveredProperty(), item.streamNoteProperty());
    }

    /** This row's part of the text; only the last part of a growing reply changes. */
    private void showText(MessagePart part) {
        if (part == null || part.index() >= part.item().partCount()) {
            return;
        }
        shownCuts = part.item().cutsVersion();
        String mine = part.item().partText(part.index());
        if (part.item().role() == Role.USER) {
            text.setText(mine);
        } else {
            markdown.setMarkdown(mine);
        }
    }

    private void showSelected() {
        MessagePart part = getItem();
        card.pseudoClassStateChanged(ChatStyles.SELECTED_MESSAGE,
                part != null && model.selectedProperty().get() == part.item());
    }

    private void showStatus(MessagePart part) {
        if (part == null) {
            return;
        }
        MessageItem item = part.item();
        boolean first = part.isFirst();
        boolean last = part.isLast();
        card.pseudoClassStateChanged(ChatStyles.PART_MORE, !last);
        card.pseudoClassStateChanged(ChatStyles.PART_CONTINUED, !first);
        pseudoClassStateChanged(ChatStyles.PART_MORE, !last);
        pseudoClassStateChanged(ChatStyles.PART_CONTINUED, !first);
        MessageStatus s = item.status();
        boolean user = item.role() == Role.USER;
        String thinking = item.reasoning();
        if (first) {
            // the header and reasoning are on a message's first row only; the other rows
            // are told of every change too (a reasoning token, a cut), and skip this work
            showHeader(item, s, thinking);
        }
        boolean showDetail = last && (s == MessageStatus.ERROR || s == MessageStatus.STREAMING)
                && item.detail() != null;
        detail.setText(showDetail ? item.detail() : "");
        // What a row does not show is not in it: a long reply's middle rows hold their text only, and
        // every node in the scene is visited on every pulse, shown or not.
        List<Node> shown = new ArrayList<>(6);
        if (first) {
            shown.add(heading.header());
            if (!thinking.isEmpty()) {
                shown.add(heading.reasoningCard());
            }
            if (!item.attachments().isEmpty()) {
                shown.add(attachments());
            }
        }
        shown.add(body);
        if (last && !item.toolCalls().isEmpty()) {
            // after the text: the calls the reply ends with, each in its card
            tools.show(item, item.toolCalls());
            shown.add(tools);
        }
        if (showDetail) {
            shown.add(detail);
        }
        if (last) {
            shown.add(bottom);
        }
        Children.keepOnly(card.getChildren(), shown);
        String note = s == MessageStatus.STREAMING ? item.streamNoteProperty().get() : "";
        footer.setText(user ? "" : note.isEmpty() ? footerText(item) : note);
        styleOne(footer, note.isEmpty() ? null : ChatStyles.MESSAGE_FOOTER_NOTE, ChatStyles.MESSAGE_FOOTER_NOTE);
        int count = item.versionsProperty().get();
        show(versions, count > 1);
        if (count > 1) {
            versions.show(item.versionProperty().get(), count);
        }

        boolean streaming = s == MessageStatus.STREAMING;
        boolean unfinished = s == MessageStatus.RECOVERED || s == MessageStatus.STOPPED;
        // Copy keeps its room while the reply streams, so the card does not grow a line when it ends
        copy.setVisible(!streaming);
        if (last) { // the actions are on the last row only
            List<Node> offered = new ArrayList<>(4);
            offered.add(copy);
            if (user) {
                offered.add(edit);
            }
            if (!user && (unfinished || item.toolsToContinueProperty().get())) {
                offered.add(continueReply);
            }
            if (!user && s == MessageStatus.ERROR) {
                offered.add(retry);
            }
            if (!user && !streaming && s != MessageStatus.ERROR) {
                offered.add(regenerate);
            }
            if (!streaming) {
                offered.add(branch);
                offered.add(delete);
            }
            Children.keepOnly(actions.getChildren(), offered);
        }
    }

    /** The first row's header badges and reasoning card. */
    private void showHeader(MessageItem item, MessageStatus s, String thinking) {
        heading.show(item, s, thinking);
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

    private static void styleOne(Node node, String wanted, String... classes) {
        MessageHeading.styleOne(node, wanted, classes);
    }

    private static void show(Node node, boolean visible) {
        MessageHeading.show(node, visible);
    }
}
