package dev.tidemark.archfixtures.settings;

/** Breaks "lower layers do not reach up": settings naming a view. */
public final class SettingsNamingAView {
    private dev.tidemark.archfixtures.ui.chat.FixtureView view;
}
