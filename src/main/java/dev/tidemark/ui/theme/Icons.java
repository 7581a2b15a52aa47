package dev.tidemark.ui.theme;

import org.controlsfx.tools.Duplicatable;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Icons from the Feather icon font; their colour and size come from the theme's CSS. */
public final class Icons {

    private Icons() {
    }

    /**
     * A new icon node. A node has one parent, so every use needs its own; as the graphic of a
     * ControlsFX {@code Action}, each menu item and button made from the action gets a copy.
     */
    public static FontIcon of(Ikon ikon) {
        return new Icon(ikon);
    }

    private static final class Icon extends FontIcon implements Duplicatable<Icon> {
        private final Ikon ikon;

        Icon(Ikon ikon) {
            super(ikon);
            this.ikon = ikon;
            getStyleClass().add(Styles.ICON);
        }

        @Override
        public Icon duplicate() {
            return new Icon(ikon);
        }
    }
}
