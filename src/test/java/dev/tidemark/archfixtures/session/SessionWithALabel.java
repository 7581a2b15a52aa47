package dev.tidemark.archfixtures.session;

/** Breaks "nothing outside ui and app touches JavaFX": a session-layer class holding a Label. */
public final class SessionWithALabel {
    private javafx.scene.control.Label label;
}
