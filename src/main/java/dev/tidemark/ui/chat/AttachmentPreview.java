package dev.tidemark.ui.chat;

import dev.tidemark.model.Attachment;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The larger preview of an attached image, in a window of its own over the main one: the picture
 * fitted to the window (made at up to {@link #SIDE} pixels, off the FX thread, like a thumbnail);
 * Esc or a click closes it.
 */
final class AttachmentPreview {

    /** The long side of the preview's picture: enough for a large window. */
    static final int SIDE = 1600;

    private AttachmentPreview() {
    }

    static Stage show(Node from, Attachment attachment, AttachmentLoader loader) {
        Window owner = from.getScene() == null ? null : from.getScene().getWindow();
        ImageView view = new ImageView();
        view.setPreserveRatio(true);
        view.setSmooth(true);
        Label waiting = new Label("Opening " + attachment.name() + "\u2026");
        StackPane root = new StackPane(waiting, view);
        root.getStyleClass().add(ChatStyles.ATTACHMENT_PREVIEW);
        Scene scene = new Scene(root, owner == null ? 900 : owner.getWidth() * 0.85,
                owner == null ? 700 : owner.getHeight() * 0.85);
        if (from.getScene() != null) {
            scene.getStylesheets().setAll(from.getScene().getStylesheets());
            if (from.getScene().getRoot() != null) {
                root.getStyleClass().addAll(from.getScene().getRoot().getStyleClass());
            }
        }
        scene.getStylesheets().add(ChatStyles.STYLESHEET);
        view.fitWidthProperty().bind(scene.widthProperty().subtract(32));
        view.fitHeightProperty().bind(scene.heightProperty().subtract(32));
        Stage stage = new Stage();
        stage.setTitle(attachment.name());
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setScene(scene);
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        root.setOnMouseClicked(e -> stage.close());
        loader.thumbnail(attachment, SIDE, (image, problem) -> {
            view.setImage(image);
            waiting.setText(image != null ? "" : problem != null ? problem
                    : attachment.name() + " has no picture Tidemark can show.");
        });
        stage.show();
        return stage;
    }
}
