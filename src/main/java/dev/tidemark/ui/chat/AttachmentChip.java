package dev.tidemark.ui.chat;

import dev.tidemark.model.Attachment;
import dev.tidemark.ui.theme.Icons;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * One file above the composer: its thumbnail (an image, a PDF's first page) or an icon, its name,
 * its size or what is happening to it ("Reading report.pdf… page 120 of 300"), and ✕, which
 * removes it (or cancels it while it is stored or read) from the mouse or the keyboard.
 */
final class AttachmentChip extends HBox {

    AttachmentChip(ComposerAttachments.Pending pending, Runnable remove) {
        super(6);
        getStyleClass().add(ChatStyles.ATTACHMENT_CHIP);
        setAlignment(Pos.CENTER_LEFT);
        FontIcon icon = Icons.of(Feather.FILE);
        icon.getStyleClass().add(ChatStyles.ATTACHMENT_ICON);
        ImageView thumbnail = new ImageView();
        thumbnail.setPreserveRatio(true);
        thumbnail.setSmooth(true);
        thumbnail.setFitWidth(ComposerAttachments.CHIP_THUMBNAIL / 1.5);
        thumbnail.setFitHeight(ComposerAttachments.CHIP_THUMBNAIL / 1.5);
        thumbnail.imageProperty().bind(pending.thumbnailProperty());
        icon.visibleProperty().bind(pending.thumbnailProperty().isNull());
        StackPane graphic = new StackPane(icon, thumbnail);
        graphic.getStyleClass().add(ChatStyles.ATTACHMENT_GRAPHIC);
        graphic.setMinSize(ComposerAttachments.CHIP_THUMBNAIL / 1.5, ComposerAttachments.CHIP_THUMBNAIL / 1.5);
        graphic.setMaxSize(ComposerAttachments.CHIP_THUMBNAIL / 1.5, ComposerAttachments.CHIP_THUMBNAIL / 1.5);
        pending.attachmentProperty().addListener((obs, old, now) -> icon.setIconCode(iconOf(now)));

        Label name = new Label(pending.name());
        name.getStyleClass().add(ChatStyles.ATTACHMENT_NAME);
        name.setMaxWidth(220);
        Label detail = new Label();
        detail.getStyleClass().add(ChatStyles.ATTACHMENT_SIZE);
        detail.textProperty().bind(Bindings.createStringBinding(() -> pending.busyProperty().get()
                        ? pending.progressProperty().get()
                        : size(pending.attachmentProperty().get() == null ? 0 : pending.attachmentProperty().get().size()),
                pending.busyProperty(), pending.progressProperty(), pending.attachmentProperty()));
        VBox text = new VBox(0, name, detail);

        Button x = new Button("\u2715");
        x.getStyleClass().add(ChatStyles.ATTACHMENT_REMOVE);
        x.setAccessibleText("Remove " + pending.name());
        x.setTooltip(new Tooltip("Remove this file (while it is being read: stop)"));
        x.setOnAction(e -> remove.run());
        x.setOnKeyPressed(e -> { // Space fires a button already; Enter does too here
            if (e.getCode() == KeyCode.ENTER) {
                x.fire();
                e.consume();
            }
        });
        getChildren().setAll(graphic, text, x);
        pseudoClassStateChanged(ChatStyles.BUSY, pending.busyProperty().get());
        pending.busyProperty().addListener((obs, was, now) -> pseudoClassStateChanged(ChatStyles.BUSY, now));
    }

    /** The icon of a file shown without a picture. */
    static Feather iconOf(Attachment attachment) {
        if (attachment == null) {
            return Feather.FILE;
        }
        return attachment.isImage() ? Feather.IMAGE : attachment.isText() || attachment.isPdf() ? Feather.FILE_TEXT
                : Feather.FILE;
    }

    /** "48 KB", "4.2 MB" — what a person reads. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
