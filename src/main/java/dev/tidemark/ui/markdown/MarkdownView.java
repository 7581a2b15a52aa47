package dev.tidemark.ui.markdown;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Shows markdown as JavaFX nodes: a {@code TextFlow} per paragraph, heading, list item and table
 * cell; code blocks with highlighting and a Copy button; no {@code WebView}. Made for replies that
 * stream: call {@link #setMarkdown} with the whole text so far as often as once per pulse, and only
 * the blocks whose source changed are rebuilt (in practice the last one, in place).
 *
 * <p>Links open through the {@code linkOpener} given to the constructor (http, https and mailto
 * only; other links are plain text); nothing is ever navigated inside the app, and nothing is
 * loaded (an image shows its alt text). Raw HTML is shown as text.
 *
 * <p>Text is selectable by dragging across blocks (double click: a word, triple click: a block),
 * and copied with Ctrl/Cmd+C or the context menu. Colours come from the theme's {@code -color-*}
 * variables, see {@code markdown.css}. Use on the FX thread only.
 */
public final class MarkdownView extends Control {

    /** External form of markdown.css. The control loads it itself as its user-agent stylesheet. */
    public static final String STYLESHEET = Objects.requireNonNull(
            MarkdownView.class.getResource("markdown.css"), "markdown.css").toExternalForm();

    private final Consumer<String> linkOpener;
    private final StringProperty markdown = new SimpleStringProperty(this, "markdown", "");

    /** @param linkOpener called with the URL when a link is clicked; it should hand it to the system browser */
    public MarkdownView(Consumer<String> linkOpener) {
        this.linkOpener = Objects.requireNonNull(linkOpener, "linkOpener");
        getStyleClass().add(MarkdownStyles.VIEW);
        setFocusTraversable(false);
    }

    /** Shows {@code text} (null counts as empty). Cheap when only the end of the text changed. */
    public void setMarkdown(String text) {
        markdown.set(text == null ? "" : text);
    }

    public String getMarkdown() {
        return markdown.get();
    }

    public StringProperty markdownProperty() {
        return markdown;
    }

    /** The selected text, or "" when nothing is selected. */
    public String selectedText() {
        return getSkin() instanceof MarkdownViewSkin skin ? skin.selectedText() : "";
    }

    Consumer<String> linkOpener() {
        return linkOpener;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new MarkdownViewSkin(this);
    }

    @Override
    public String getUserAgentStylesheet() {
        return STYLESHEET;
    }

    /** Text wraps: the height depends on the width. */
    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }
}
