package dev.tidemark.ui.chat;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/** The amber "Recovered" pill on a reply that came back from the journal after a crash. */
public final class RecoveredBadge extends Label {

    public RecoveredBadge() {
        super("Recovered");
        getStyleClass().add(ChatStyles.RECOVERED_BADGE);
    }

    /** The tooltip: when and why the reply was recovered. */
    public void setExplanation(String explanation) {
        if (getTooltip() == null) {
            // made when first needed: a tooltip is a window of its own, and every list row has a badge
            Tooltip tip = new Tooltip();
            tip.setShowDelay(Duration.millis(300));
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            setTooltip(tip);
        }
        getTooltip().setText(explanation == null
                ? "Tidemark stopped while this reply was streaming; the text that had arrived was recovered."
                : explanation);
    }
}
