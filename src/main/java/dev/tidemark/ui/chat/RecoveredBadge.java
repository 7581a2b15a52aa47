package dev.tidemark.ui.chat;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * The amber "Recovered" pill on a reply that came back from the journal after a crash; "Recovered ·
 * finishing…" while the service's rest of it streams in (a re-attach), "Recovered · finished" once it
 * did.
 */
public final class RecoveredBadge extends Label {

    public static final String RECOVERED = "Recovered";
    public static final String FINISHING = "Recovered \u00b7 finishing\u2026";
    public static final String FINISHED = "Recovered \u00b7 finished";

    /** Where the reply stands. */
    public enum Stage { RECOVERED, FINISHING, FINISHED }

    public RecoveredBadge() {
        super(RECOVERED);
        getStyleClass().add(ChatStyles.RECOVERED_BADGE);
    }

    /** Shows {@code stage}; the tooltip is {@code reason} when the reply could not be finished, else what happened. */
    public void show(Stage stage, String reason) {
        setText(switch (stage) {
            case RECOVERED -> RECOVERED;
            case FINISHING -> FINISHING;
            case FINISHED -> FINISHED;
        });
        MessageHeading.styleOne(this, stage == Stage.FINISHED ? ChatStyles.RECOVERED_FINISHED : null,
                ChatStyles.RECOVERED_FINISHED);
        setExplanation(switch (stage) {
            case RECOVERED -> reason;
            case FINISHING -> "Tidemark stopped while this reply was streaming; the service went on with it, and"
                    + " Tidemark is picking up the rest.";
            case FINISHED -> "Tidemark stopped while this reply was streaming; the service finished it, and Tidemark"
                    + " picked up the rest after the text it had kept.";
        });
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
