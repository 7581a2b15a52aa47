package dev.tidemark.archfixtures.ui.theme;

/** Breaks the ui rule: a shared library naming a feature. */
public final class ThemeNamingAChatView {
    private dev.tidemark.archfixtures.ui.chat.FixtureView view;
}
