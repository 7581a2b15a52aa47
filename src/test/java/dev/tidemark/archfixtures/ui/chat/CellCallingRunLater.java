package dev.tidemark.archfixtures.ui.chat;

/** Breaks "only ui.fx calls Platform.runLater". */
public final class CellCallingRunLater {
    void later() {
        javafx.application.Platform.runLater(() -> { });
    }
}
