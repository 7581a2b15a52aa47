package dev.tidemark.ui.settings;

import dev.tidemark.settings.ProviderConfig;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A provider's custom headers, one row of name and value each. The value of a header named like a
 * credential ({@link ProviderConfig#isCredentialHeader}: auth, key, token, secret, cookie, passw…) is
 * in a {@link PasswordField}, masked like the API key, from the moment its name says so; any other
 * value is in a plain field. Edits the form's {@code Name: value} lines ({@link ProviderForm#headersProperty}),
 * which stay the form's one truth. FX thread.
 */
final class HeadersEditor extends VBox {

    static final String ADD_ID = "add-header";

    private final VBox rows = new VBox(4);
    private final List<Row> current = new ArrayList<>();
    private final ChangeListener<String> fromForm = (obs, old, now) -> rebuild();
    private final Predicate<String> secret;
    private StringProperty bound;
    private boolean writing;

    HeadersEditor() {
        this(ADD_ID, "Add header", "A header named like a credential (e.g. Helicone-Auth) is hidden like the key and"
                + " saved with the keys, not in settings.json.", ProviderConfig::isCredentialHeader);
    }

    /**
     * @param secret whether the value of an entry of this name is masked
     */
    HeadersEditor(String addId, String addText, String hintText, Predicate<String> secret) {
        super(4);
        this.secret = secret;
        Button add = new Button(addText);
        add.setId(addId);
        add.setOnAction(e -> {
            Row row = addRow("", "");
            row.name.requestFocus();
        });
        Label hint = new Label(hintText);
        hint.getStyleClass().add(SettingsStyles.HINT);
        hint.setWrapText(true);
        getChildren().addAll(rows, add, hint);
    }

    /** Edits these {@code Name: value} lines from now on; null edits none. */
    void show(StringProperty headers) {
        if (bound != null) {
            bound.removeListener(fromForm);
        }
        bound = headers;
        if (bound != null) {
            bound.addListener(fromForm);
        }
        rebuild();
    }

    private void rebuild() {
        if (writing) {
            return;
        }
        current.clear();
        rows.getChildren().clear();
        String text = bound == null || bound.get() == null ? "" : bound.get();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            addRow(colon < 0 ? line.strip() : line.substring(0, colon).strip(),
                    colon < 0 ? "" : line.substring(colon + 1).strip());
        }
    }

    private Row addRow(String name, String value) {
        Row row = new Row(name, value);
        current.add(row);
        rows.getChildren().add(row.box);
        return row;
    }

    /** The rows back into the form's lines; a row with neither name nor value is left out. */
    private void write() {
        if (bound == null) {
            return;
        }
        writing = true;
        try {
            bound.set(current.stream().filter(r -> !r.name.getText().isBlank() || !r.value.getText().isBlank())
                    .map(r -> r.name.getText().strip() + ": " + r.value.getText().strip())
                    .collect(Collectors.joining("\n")));
        } finally {
            writing = false;
        }
    }

    /** One header: its name, its value (masked when the name is a credential's) and a remove button. */
    private final class Row {
        final TextField name = new TextField();
        TextField value; // a PasswordField for a credential
        final HBox box = new HBox(6);

        Row(String headerName, String headerValue) {
            name.setText(headerName);
            name.setPromptText("Name");
            name.getStyleClass().add(SettingsStyles.HEADER_NAME);
            value = valueField(secret.test(headerName), headerValue);
            Button remove = new Button("Remove");
            remove.setOnAction(e -> {
                current.remove(this);
                rows.getChildren().remove(box);
                write();
            });
            name.textProperty().addListener((obs, old, now) -> {
                boolean masked = secret.test(now);
                if (masked != value instanceof PasswordField) {
                    int at = box.getChildren().indexOf(value);
                    value = valueField(masked, value.getText());
                    box.getChildren().set(at, value);
                }
                write();
            });
            HBox.setHgrow(name, Priority.SOMETIMES);
            box.getChildren().addAll(name, value, remove);
        }

        private TextField valueField(boolean secret, String text) {
            TextField field = secret ? new PasswordField() : new TextField();
            field.setText(text);
            field.setPromptText("value");
            field.getStyleClass().add(SettingsStyles.HEADER_VALUE);
            field.textProperty().addListener((obs, old, now) -> write());
            HBox.setHgrow(field, Priority.ALWAYS);
            return field;
        }
    }
}
