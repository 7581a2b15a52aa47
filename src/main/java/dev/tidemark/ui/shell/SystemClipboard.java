package dev.tidemark.ui.shell;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The desktop's clipboard. FX thread. */
public final class SystemClipboard {

    private SystemClipboard() {
    }

    /** Puts plain text on the clipboard, replacing what was there. */
    public static void putText(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
