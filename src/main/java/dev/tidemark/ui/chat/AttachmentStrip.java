package dev.tidemark.ui.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.ui.theme.Icons;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A sent message's attachments, above its text: images as thumbnails (click or Enter: a larger
 * preview), other files as chips (click: open with the system's application), a missing or damaged
 * one as a chip that says so. Each thumbnail has a fixed-size place from the start, so a row does
 * not change height when its picture arrives; pictures are made and decoded off the FX thread
 * ({@link AttachmentLoader}). A cell keeps one strip and rebuilds it only for another message.
 */
final class AttachmentStrip extends FlowPane {

    /** The long side of a thumbnail in a message, in pixels (at a scale of 1). */
    static final int THUMBNAIL = 160;
    /** The height of a thumbnail's place: a 4:3 picture fills it. */
    static final int THUMBNAIL_HEIGHT = 120;

    private final AttachmentLoader loader;
    private final Consumer<String> opener;
    private final Consumer<String> notice;
    private Object shownFor; // the message whose files are shown: a message shown anew is checked anew

    /**
     * @param opener hands a file's URI to the system's application
     * @param notice says why a file could not be opened
     */
    AttachmentStrip(AttachmentLoader loader, Consumer<String> opener, Consumer<String> notice) {
        super(8, 8);
        this.loader = loader;
        this.opener = opener;
        this.notice = notice;
        getStyleClass().add(ChatStyles.ATTACHMENT_STRIP);
    }

    /** Shows a message's files (nothing is rebuilt while the same message is shown again, as on each update). */
    void show(Object message, List<Attachment> attachments) {
        if (message == shownFor) {
            return;
        }
        shownFor = message;
        List<Node> nodes = new ArrayList<>(attachments.size());
        List<Runnable> loads = new ArrayList<>(attachments.size());
        for (Attachment a : attachments) {
            nodes.add(a.isImage() ? image(a, loads) : file(a, loads));
        }
        getChildren().setAll(nodes);
        // only once the nodes are in place: an answer may come at once (on the FX thread, from a cache)
        // and replace one of them
        loads.forEach(Runnable::run);
    }

    private Node image(Attachment attachment, List<Runnable> loads) {
        ImageView view = new ImageView();
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setFitWidth(THUMBNAIL);
        view.setFitHeight(THUMBNAIL_HEIGHT);
        StackPane place = new StackPane(view);
        place.getStyleClass().add(ChatStyles.ATTACHMENT_IMAGE);
        place.setMinSize(THUMBNAIL, THUMBNAIL_HEIGHT);
        place.setPrefSize(THUMBNAIL, THUMBNAIL_HEIGHT);
        place.setMaxSize(THUMBNAIL, THUMBNAIL_HEIGHT);
        place.setFocusTraversable(true);
        place.setAccessibleRole(AccessibleRole.BUTTON);
        place.setAccessibleText("Preview " + attachment.name());
        place.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                AttachmentPreview.show(place, attachment, loader);
                e.consume();
            }
        });
        place.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                AttachmentPreview.show(place, attachment, loader);
                e.consume();
            }
        });
        int side = (int) Math.round(THUMBNAIL * outputScale());
        // a thumbnail decoded earlier is shown at once, and the file is still looked for: one deleted since says so
        loads.add(() -> loader.cached(attachment, side).ifPresentOrElse(image -> {
            view.setImage(image);
            loader.checkPresent(attachment, problem -> replace(place, broken(attachment, problem)));
        }, () -> loader.thumbnail(attachment, side,
                (image, problem) -> {
                    if (image != null) {
                        view.setImage(image);
                    } else if (problem != null) {
                        replace(place, broken(attachment, problem));
                    } else { // a picture nothing here decodes: a file chip, which opens it elsewhere
                        List<Runnable> later = new ArrayList<>();
                        replace(place, file(attachment, later));
                        later.forEach(Runnable::run);
                    }
                })));
        return place;
    }

    private Node file(Attachment attachment, List<Runnable> loads) {
        Label name = new Label(attachment.name());
        name.getStyleClass().add(ChatStyles.ATTACHMENT_NAME);
        Label size = new Label(AttachmentChip.size(attachment.size()));
        size.getStyleClass().add(ChatStyles.ATTACHMENT_SIZE);
        javafx.scene.layout.HBox content = new javafx.scene.layout.HBox(6, iconOf(attachment), name, size);
        content.setAlignment(Pos.CENTER_LEFT);
        Button chip = new Button(null, content);
        chip.getStyleClass().add(ChatStyles.ATTACHMENT_FILE);
        chip.setAccessibleText("Open " + attachment.name() + " with its application");
        chip.setOnAction(e -> loader.open(attachment, opener, notice));
        loads.add(() -> loader.checkPresent(attachment, problem -> replace(chip, broken(attachment, problem))));
        return chip;
    }

    private static Node iconOf(Attachment attachment) {
        Node icon = Icons.of(AttachmentChip.iconOf(attachment));
        icon.getStyleClass().add(ChatStyles.ATTACHMENT_ICON);
        return icon;
    }

    /** A file that cannot be shown or opened: its name and why, never an error. */
    private static Node broken(Attachment attachment, String problem) {
        Label words = new Label(problem == null ? attachment.name() + " cannot be shown." : problem,
                Icons.of(Feather.ALERT_TRIANGLE));
        words.getStyleClass().add(ChatStyles.ATTACHMENT_BROKEN);
        words.setWrapText(true);
        words.setMaxWidth(360);
        return words;
    }

    private void replace(Node old, Node now) {
        int at = getChildren().indexOf(old);
        if (at >= 0) {
            getChildren().set(at, now);
        }
    }

    private double outputScale() {
        return getScene() != null && getScene().getWindow() != null
                ? Math.max(1, getScene().getWindow().getOutputScaleY()) : 1;
    }
}
