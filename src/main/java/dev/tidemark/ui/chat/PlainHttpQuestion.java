package dev.tidemark.ui.chat;

import dev.tidemark.chat.ProviderCatalog;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;

/**
 * The question asked before a key goes over plain http to a public host: open while it waits for
 * an answer, and what runs again when the answer is yes. FX thread.
 */
final class PlainHttpQuestion {

    private final ProviderCatalog providers;
    /** The question; "" when none is open. */
    private final StringProperty question = new SimpleStringProperty(this, "question", "");
    private Runnable askedFor; // what runs again once the question is answered yes

    PlainHttpQuestion(ProviderCatalog providers) {
        this.providers = providers;
    }

    /**
     * Asks, when this provider would send its key over plain http to a public host.
     *
     * @return true when the question is open now (nothing may be sent until it is answered)
     */
    boolean ask(String providerId, Runnable again) {
        Optional<String> risk = providers.plainHttpRisk(providerId, null);
        if (risk.isPresent()) {
            askedFor = again;
            question.set(risk.get());
            return true;
        }
        question.set("");
        return false;
    }

    /** Yes sends (and is remembered for this provider), no sends nothing. */
    void answer(boolean send, String providerId) {
        Runnable again = askedFor;
        askedFor = null;
        question.set("");
        if (send && again != null) {
            providers.acceptPlainHttp(providerId, null);
            again.run();
        }
    }

    ReadOnlyStringProperty questionProperty() {
        return question;
    }
}
