package dev.tidemark.ui.settings;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.ListView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** What the settings pages' forms and lists share: the two-column form grid, a list bound to a selection. */
final class SettingsForms {

    private SettingsForms() {
    }

    /** A form of labels (as wide as they need) and fields (taking the rest). */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add(SettingsStyles.FORM);
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /** The list shows {@code selected} and sets it when the person picks another item; it grows in its column. */
    static <T> void bindSelection(ListView<T> list, ObjectProperty<T> selected) {
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                selected.set(now);
            }
        });
        selected.addListener((obs, old, now) -> list.getSelectionModel().select(now));
        list.getSelectionModel().select(selected.get());
        VBox.setVgrow(list, Priority.ALWAYS);
    }
}
